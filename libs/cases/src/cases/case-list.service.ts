import { Injectable } from '@nestjs/common';
import { caseAccessToSql, fieldPermissionsFor } from '@tutela/access';
import { Actor, TutelaError } from '@tutela/common';
import { Database } from '@tutela/persistence';
import { ConfigurationService } from '../configuration/configuration.service';
import { AccessContextService } from './access-context.service';
import { CASE_COLUMNS } from './case.repository';
import { CaseListQuery, LIST_CONDITION_COLUMNS, caseListConditions, parseCaseListQuery } from './case-list.query';
import { CaseRecord, CaseView } from './case.types';
import { toCaseView } from './case-view';
import { SqlParams } from './sql-params';

/** Fields a list returns when the client does not choose (`fields=`): enough to recognise a child. */
const DEFAULT_LIST_FIELDS = ['name_first', 'name_last', 'name_nickname', 'sex', 'age', 'date_of_birth', 'risk_level', 'location_current', 'protection_concerns'];

export const COUNT_CAP = 1_000;

export interface CaseListResult {
  data: CaseView[];
  meta: { total: number; page: number; per: number; totalIsLowerBound?: boolean } | { next: string | null; per: number };
}

/** Lists and search: filters, access rules and sorting in one SQL statement; rows filtered to readable fields. */
@Injectable()
export class CaseListService {
  constructor(
    private readonly db: Database,
    private readonly configuration: ConfigurationService,
    private readonly access: AccessContextService,
  ) {}

  async list(actor: Actor, raw: Record<string, unknown>): Promise<CaseListResult> {
    const ctx = await this.access.forActor(actor);
    if (!ctx.ability.can('read', 'Case')) throw TutelaError.forbidden('Your role may not list case records');
    const snapshot = this.configuration.snapshot();
    const catalog = snapshot.forms.fieldCatalog('case');
    // Filtering on a field is reading it: only fields the role may read in its own scope are filterable.
    const baseline = fieldPermissionsFor(ctx.role, this.access.accessCatalog(), { readSensitive: false });
    const query = parseCaseListQuery(raw, catalog, (field) => baseline.canRead(field));

    const params = new SqlParams();
    const where = caseListConditions(query, params, (code) => snapshot.forms.locationPath(code));
    const scope = caseAccessToSql(ctx.ability, 'read', { paramOffset: params.next, tableAlias: 'c' });
    params.append(scope.params);
    const ownScope = ctx.role.scope === 'own';

    // The count must not see the parameters that ordering and keyset pagination add below.
    // An own-scope count reads the caseload first, as its page does (see selectSql).
    const countSource = ownScope
      ? `(SELECT ${caseloadColumns(query)} FROM cases c WHERE ${scope.sql} OFFSET 0) c WHERE ${where.length ? where.join(' AND ') : 'TRUE'}`
      : `cases c WHERE ${[...where, scope.sql].join(' AND ')}`;
    const filterParams = [...params.values];
    const plan = this.selectSql(query, where, params, scope.sql, ownScope);
    const rows = await this.db.query<CaseRecord & { listTotal?: string | null }>(plan.sql, params.values);
    const only = new Set(query.fields ?? DEFAULT_LIST_FIELDS);
    const pageRows = rows.slice(0, query.per);
    const data = pageRows.map(({ listTotal: _total, ...row }) => toCaseView(row, this.access.fieldsForCase(ctx, row), only));
    if (query.mode === 'cursor') {
      const next = rows.length > query.per ? this.cursorOf(query, pageRows[pageRows.length - 1]) : null;
      return { data, meta: { next, per: query.per } };
    }
    const { total, capped } = this.totalFromPage(query, rows, plan.countsMatches) ?? (await this.countUpTo(countSource, filterParams));
    return { data, meta: { total, page: query.page, per: query.per, ...(capped ? { totalIsLowerBound: true } : {}) } };
  }

  /**
   * Two phases: the page of ids is chosen from the list indexes alone (filters, scope and order all in the index), then
   * only those rows are read. Reading whole rows while skipping OFFSET rows is what makes deep pages slow.
   *
   * `countsMatches`: every row carries `listTotal`, the number of matches (capped), computed by the page's own scan
   * where that scan visits every match anyway: a relevance sort (similarity is no index order: all matches are
   * ranked) and an own-scope actor (all its cases are gathered first, below). A second scan just to count is what
   * made phonetic search twice as slow as its page.
   */
  private selectSql(query: CaseListQuery, where: string[], params: SqlParams, scopeSql: string, ownScope: boolean): { sql: string; countsMatches: boolean } {
    const relevance = query.sort === 'relevance' ? `similarity(c.search_names, tutela_normalize(${params.add(query.q)}::text))` : null;
    const sort = query.sort === 'relevance' ? null : query.sort;
    if (query.cursor && sort) {
      const op = sort.direction === 'desc' ? '<' : '>';
      const cast = sort.column === 'short_id' ? 'text' : 'timestamptz';
      where.push(`(c.${sort.column}, c.id) ${op} (${params.add(query.cursor.value)}::${cast}, ${params.add(query.cursor.id)}::uuid)`);
    }
    const inner = sort ? `c.${sort.column} ${sort.direction}, c.id ${sort.direction}` : `${relevance} DESC, c.updated_at DESC, c.id DESC`;
    const outer = sort ? inner : `p.rank DESC, c.updated_at DESC, c.id DESC`;
    const offset = query.mode === 'cursor' ? '' : `OFFSET ${(query.page - 1) * query.per}`;
    // One row more than asked tells whether a next page exists without a second query.
    const limit = `LIMIT ${query.per + 1} ${offset}`;
    const counted = query.mode === 'page';
    if (ownScope) {
      // A case worker sees a few hundred cases among maybe a million. Left to itself the planner walks a list index
      // (by state, or by updated) and filters every entry through the scope: ~50,000 entries for one state, more the
      // deeper the page. It cannot tell how few cases the scope holds (the estimates of the empty shared-with arrays
      // are defaults), so the caseload is gathered FIRST and alone, through the scope's own indexes (owner,
      // assigned, shared: a bitmap OR, as the own-scope sync pull does); the filters then run over those rows only
      // (the same condition text: the set is aliased `c`), the order sorts a few keys, and the count is of that set.
      const keys = sort ? `c.${sort.column} AS k` : `${relevance} AS rank, c.updated_at AS k`;
      const dir = sort ? sort.direction : 'desc';
      const pageOrder = sort ? `v.k ${dir}, v.id ${dir}` : `v.rank DESC, v.k DESC, v.id DESC`;
      const total = counted ? `, (SELECT count(*) FROM (SELECT 1 FROM visible LIMIT ${COUNT_CAP + 1}) t)::text AS "listTotal"` : '';
      return {
        countsMatches: counted,
        sql: `WITH caseload AS MATERIALIZED (SELECT ${caseloadColumns(query)} FROM cases c WHERE ${scopeSql}),
                   visible AS MATERIALIZED (SELECT c.id, ${keys} FROM caseload c WHERE ${where.length ? where.join(' AND ') : 'TRUE'}),
                   p AS (SELECT v.* FROM visible v ORDER BY ${pageOrder} ${limit})
              SELECT ${CASE_COLUMNS}${total} FROM p JOIN cases c ON c.id = p.id
               ORDER BY ${sort ? `p.k ${dir}, p.id ${dir}` : 'p.rank DESC, p.k DESC, p.id DESC'}`,
      };
    }
    where.push(scopeSql);
    // The window count is taken over every match before the sort keeps a page: free where all matches are ranked.
    const windowCount = relevance !== null && counted;
    const page = `SELECT c.id${relevance ? `, ${relevance} AS rank` : ''}${windowCount ? ', count(*) OVER () AS total' : ''} FROM cases c
                   WHERE ${where.join(' AND ')} ORDER BY ${inner} ${limit}`;
    return {
      countsMatches: windowCount,
      sql: `SELECT ${CASE_COLUMNS}${windowCount ? ', p.total::text AS "listTotal"' : ''} FROM (${page}) p JOIN cases c ON c.id = p.id ORDER BY ${outer}`,
    };
  }

  /**
   * The total without a count query when the page tells it: from the page's own count, or from a short page (no row
   * after it: the matches end on this page). Undefined when only a count can tell (an empty page past the first).
   */
  private totalFromPage(query: CaseListQuery, rows: Array<{ listTotal?: string | null }>, countsMatches: boolean): { total: number; capped: boolean } | undefined {
    if (countsMatches && rows.length > 0) return capTotal(Number(rows[0].listTotal));
    if (rows.length > query.per) return undefined;
    if (rows.length === 0 && query.page > 1) return undefined;
    return capTotal((query.page - 1) * query.per + rows.length);
  }

  /** Exact up to COUNT_CAP; beyond it the answer says "at least" (counting a whole nation on every page costs seconds). */
  private async countUpTo(source: string, params: unknown[]): Promise<{ total: number; capped: boolean }> {
    const [row] = await this.db.query<{ total: string }>(
      `SELECT count(*) AS total FROM (SELECT 1 FROM ${source} LIMIT ${COUNT_CAP + 1}) t`,
      params,
    );
    return capTotal(Number(row.total));
  }

  private cursorOf(query: CaseListQuery, last: CaseRecord): string {
    const sort = query.sort as { key: string; column: string };
    const value = sort.column === 'short_id' ? last.shortId : new Date(sort.key === 'createdAt' ? last.createdAt : last.updatedAt).toISOString();
    return Buffer.from(JSON.stringify({ value, id: last.id })).toString('base64url');
  }
}

function capTotal(total: number): { total: number; capped: boolean } {
  return total > COUNT_CAP ? { total: COUNT_CAP, capped: true } : { total, capped: false };
}

/** The columns an own-scope caseload carries: what the filters and sorts read (`data` only for data filters). */
function caseloadColumns(query: CaseListQuery): string {
  return [...LIST_CONDITION_COLUMNS, ...(query.dataFilters.length ? ['data'] : [])].map((column) => `c.${column}`).join(', ');
}
