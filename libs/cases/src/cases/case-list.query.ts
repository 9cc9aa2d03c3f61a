import { ErrorDetail, TutelaError } from '@tutela/common';
import { FieldCatalogEntry } from '@tutela/forms';
import { normalizeIdentifier } from './case-indexing';
import { SqlParams } from './sql-params';

/** The list parameters of API.md ("Cases"), parsed and checked; unknown parameters are rejected, never ignored. */
export interface CaseListQuery {
  status?: string[];
  state?: string[];
  ownerId?: string[];
  agencyId?: string[];
  location?: string;
  riskLevel?: string[];
  createdFrom?: Date;
  createdTo?: Date;
  updatedFrom?: Date;
  updatedTo?: Date;
  q?: string;
  phonetic: boolean;
  includeDisabled: boolean;
  sort: { column: string; key: string; direction: 'asc' | 'desc' } | 'relevance';
  /** `cursor` as soon as the parameter is present (empty = first page): keyset pages, no total. */
  mode: 'page' | 'cursor';
  page: number;
  per: number;
  cursor?: { value: string; id: string };
  fields?: string[];
  /** Country-filterable data fields: name → values (any of). */
  dataFilters: Array<{ field: string; values: unknown[] }>;
}

export const MAX_PER = 500;
const SORTABLE: Record<string, string> = { updatedAt: 'updated_at', createdAt: 'created_at', shortId: 'short_id' };
const LIST_KEYS = new Set(['status', 'state', 'ownerId', 'agencyId', 'location', 'riskLevel', 'createdFrom', 'createdTo', 'updatedFrom', 'updatedTo', 'q', 'phonetic', 'includeDisabled', 'sort', 'page', 'per', 'cursor', 'fields', 'locale']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseCaseListQuery(raw: Record<string, unknown>, catalog: FieldCatalogEntry[], canRead: (field: string) => boolean): CaseListQuery {
  const errors: ErrorDetail[] = [];
  const fail = (param: string, message: string) => errors.push({ path: `/query/${param}`, code: 'invalid', message });
  const list = (name: string) => {
    const value = raw[name];
    if (value === undefined || value === '') return undefined;
    return (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter(Boolean);
  };
  const date = (name: string) => {
    const value = raw[name];
    if (value === undefined || value === '') return undefined;
    const parsed = new Date(String(value));
    if (Number.isNaN(parsed.getTime())) fail(name, 'expected an ISO date or date-time');
    return parsed;
  };
  const int = (name: string, fallback: number, min: number, max: number) => {
    const value = raw[name];
    if (value === undefined || value === '') return fallback;
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) fail(name, `expected an integer between ${min} and ${max}`);
    return n;
  };
  const bool = (name: string) => raw[name] === 'true' || raw[name] === true;

  const ownerId = list('ownerId');
  if (ownerId?.some((id) => !UUID.test(id))) fail('ownerId', 'expected user ids');
  const q = typeof raw.q === 'string' && raw.q.trim() ? raw.q.trim().slice(0, 200) : undefined;
  const sortRaw = typeof raw.sort === 'string' ? raw.sort : undefined;
  let sort: CaseListQuery['sort'] = q && !sortRaw ? 'relevance' : { column: 'updated_at', key: 'updatedAt', direction: 'desc' };
  if (sortRaw) {
    const key = sortRaw.replace(/^-/, '');
    if (!SORTABLE[key]) fail('sort', `expected one of ${Object.keys(SORTABLE).map((k) => `${k}, -${k}`).join(', ')}`);
    else sort = { column: SORTABLE[key], key, direction: sortRaw.startsWith('-') ? 'desc' : 'asc' };
  }
  let cursor: CaseListQuery['cursor'];
  if (typeof raw.cursor === 'string' && raw.cursor) {
    try {
      cursor = JSON.parse(Buffer.from(raw.cursor, 'base64url').toString('utf8'));
      if (typeof cursor?.value !== 'string' || !UUID.test(cursor.id)) throw new Error('bad cursor');
    } catch {
      fail('cursor', 'not a cursor returned by this API');
    }
  }
  const mode = raw.cursor !== undefined ? 'cursor' : 'page';
  if (mode === 'cursor' && sort === 'relevance') fail('cursor', 'cursor pagination needs a sort other than relevance');

  const byName = new Map(catalog.map((f) => [f.name, f]));
  const fields = list('fields');
  for (const field of fields ?? []) if (!byName.has(field)) fail('fields', `unknown field "${field}"`);
  const dataFilters: CaseListQuery['dataFilters'] = [];
  for (const name of Object.keys(raw)) {
    if (LIST_KEYS.has(name)) continue;
    const field = byName.get(name);
    if (!field?.filterable) {
      fail(name, 'unknown list parameter (or a field the country does not mark filterable)');
      continue;
    }
    if (!canRead(name)) {
      throw TutelaError.forbidden('You may not filter on a field you may not read', [{ path: `/query/${name}`, code: 'forbidden_field', message: 'not readable' }]);
    }
    dataFilters.push({ field: name, values: (list(name) ?? []).map((v) => coerce(field, v)) });
  }

  const query: CaseListQuery = {
    status: list('status'),
    state: list('state'),
    ownerId,
    agencyId: list('agencyId'),
    location: typeof raw.location === 'string' && raw.location ? raw.location : undefined,
    riskLevel: list('riskLevel'),
    createdFrom: date('createdFrom'),
    createdTo: date('createdTo'),
    updatedFrom: date('updatedFrom'),
    updatedTo: date('updatedTo'),
    q,
    phonetic: bool('phonetic'),
    includeDisabled: bool('includeDisabled'),
    sort,
    mode,
    page: int('page', 1, 1, 1_000_000),
    per: int('per', 20, 1, MAX_PER),
    cursor,
    fields,
    dataFilters,
  };
  if (query.phonetic && !query.q) fail('phonetic', 'phonetic search needs q');
  if (errors.length) throw TutelaError.badRequest('Invalid list parameters', errors);
  return query;
}

function coerce(field: FieldCatalogEntry, value: string): unknown {
  if (field.type === 'boolean') return value === 'true';
  if (field.type === 'integer' || field.type === 'number') return Number(value);
  return value;
}

/**
 * Every `cases` column the conditions below, the sorts and the keyset cursor name (besides `data`, named only by
 * country-filterable data filters): what a list reading a pre-selected set of cases must carry.
 */
export const LIST_CONDITION_COLUMNS = [
  'id', 'disabled', 'status', 'workflow_state', 'owner_id', 'agency_id', 'risk_level', 'location_path', 'created_at', 'updated_at',
  'short_id', 'search_identifiers', 'search_names', 'search_phonetic',
] as const;

/** WHERE conditions (without access rules) for a parsed query. */
export function caseListConditions(query: CaseListQuery, params: SqlParams, locationPath: (code: string) => string | undefined): string[] {
  const where: string[] = [];
  if (!query.includeDisabled) where.push('NOT c.disabled');
  // A single value as `=`: the planner then uses the (state|status, updated_at) list indexes for order too.
  if (query.status) where.push(anyOf('c.status', query.status, params));
  if (query.state) where.push(anyOf('c.workflow_state', query.state, params));
  if (query.ownerId) where.push(`c.owner_id = ANY(${params.add(query.ownerId)}::uuid[])`);
  if (query.agencyId) where.push(`c.agency_id = ANY(${params.add(query.agencyId)}::text[])`);
  if (query.riskLevel) where.push(anyOf('c.risk_level', query.riskLevel, params));
  if (query.location) {
    const path = locationPath(query.location);
    if (!path) throw TutelaError.badRequest('Invalid list parameters', [{ path: '/query/location', code: 'unknown_location', message: `unknown location "${query.location}"` }]);
    where.push(`c.location_path <@ ${params.add(path)}::ltree`);
  }
  if (query.createdFrom) where.push(`c.created_at >= ${params.add(query.createdFrom)}`);
  if (query.createdTo) where.push(`c.created_at <= ${params.add(query.createdTo)}`);
  if (query.updatedFrom) where.push(`c.updated_at >= ${params.add(query.updatedFrom)}`);
  if (query.updatedTo) where.push(`c.updated_at <= ${params.add(query.updatedTo)}`);
  for (const filter of query.dataFilters) {
    const any = filter.values.map((value) => `c.data @> ${params.add(JSON.stringify({ [filter.field]: value }))}::jsonb`);
    const anyArray = filter.values.map((value) => `c.data @> ${params.add(JSON.stringify({ [filter.field]: [value] }))}::jsonb`);
    where.push(`(${[...any, ...anyArray].join(' OR ')})`);
  }
  if (query.q) where.push(query.phonetic ? phoneticCondition(query.q, params) : textCondition(query.q, params));
  return where;
}

function anyOf(column: string, values: string[], params: SqlParams): string {
  return values.length === 1 ? `${column} = ${params.add(values[0])}::text` : `${column} = ANY(${params.add(values)}::text[])`;
}

/** Identifier search (exact, normalized) or every name token as a substring (trigram index). */
function textCondition(q: string, params: SqlParams): string {
  const alternatives = [`c.search_identifiers @> ARRAY[${params.add(normalizeIdentifier(q))}]::text[]`];
  if (UUID.test(q)) alternatives.push(`c.id = ${params.add(q)}::uuid`);
  const tokens = nameTokens(q);
  if (tokens.length) alternatives.push(`(${tokens.map((t) => `c.search_names LIKE '%' || tutela_normalize(${params.add(t)}) || '%'`).join(' AND ')})`);
  return `(${alternatives.join(' OR ')})`;
}

/** Every name token must share a Double Metaphone code (primary or alternate) with the child's names. */
function phoneticCondition(q: string, params: SqlParams): string {
  const tokens = nameTokens(q);
  if (!tokens.length) return 'FALSE';
  return `(${tokens.map((t) => `c.search_phonetic && tutela_phonetic(${params.add(t)})`).join(' AND ')})`;
}

export function nameTokens(q: string): string[] {
  return q.split(/[\s,;]+/).filter((t) => t.length >= 2).slice(0, 5);
}
