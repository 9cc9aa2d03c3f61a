import { Injectable } from '@nestjs/common';
import { caseAccessToSql, fieldPermissionsFor } from '@tutela/access';
import { Actor, TutelaError } from '@tutela/common';
import { Database } from '@tutela/persistence';
import { ConfigurationService } from '../configuration/configuration.service';
import { AccessContextService } from './access-context.service';
import { CASE_COLUMNS } from './case.repository';
import { CaseListQuery, caseListConditions, parseCaseListQuery } from './case-list.query';
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
    where.push(scope.sql);

    // The count must not see the parameters that ordering and keyset pagination add below.
    const filterSql = where.join(' AND ');
    const filterParams = [...params.values];
    const rows = await this.db.query<CaseRecord>(this.selectSql(query, where, params), params.values);
    const only = new Set(query.fields ?? DEFAULT_LIST_FIELDS);
    const pageRows = rows.slice(0, query.per);
    const data = pageRows.map((row) => toCaseView(row, this.access.fieldsForCase(ctx, row), only));
    if (query.mode === 'cursor') {
      const next = rows.length > query.per ? this.cursorOf(query, pageRows[pageRows.length - 1]) : null;
      return { data, meta: { next, per: query.per } };
    }
    const { total, capped } = await this.countUpTo(filterSql, filterParams);
    return { data, meta: { total, page: query.page, per: query.per, ...(capped ? { totalIsLowerBound: true } : {}) } };
  }

  /**
   * Two phases: the page of ids is chosen from the list indexes alone (filters, scope and order all in the index), then
   * only those rows are read. Reading whole rows while skipping OFFSET rows is what makes deep pages slow.
   */
  private selectSql(query: CaseListQuery, where: string[], params: SqlParams): string {
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
    const page = `SELECT c.id${relevance ? `, ${relevance} AS rank` : ''} FROM cases c
                   WHERE ${where.join(' AND ')} ORDER BY ${inner} LIMIT ${query.per + 1} ${offset}`;
    return `SELECT ${CASE_COLUMNS} FROM (${page}) p JOIN cases c ON c.id = p.id ORDER BY ${outer}`;
  }

  /** Exact up to COUNT_CAP; beyond it the answer says "at least" (counting a whole nation on every page costs seconds). */
  private async countUpTo(filterSql: string, params: unknown[]): Promise<{ total: number; capped: boolean }> {
    const [row] = await this.db.query<{ total: string }>(
      `SELECT count(*) AS total FROM (SELECT 1 FROM cases c WHERE ${filterSql} LIMIT ${COUNT_CAP + 1}) t`,
      params,
    );
    const total = Number(row.total);
    return total > COUNT_CAP ? { total: COUNT_CAP, capped: true } : { total, capped: false };
  }

  private cursorOf(query: CaseListQuery, last: CaseRecord): string {
    const sort = query.sort as { key: string; column: string };
    const value = sort.column === 'short_id' ? last.shortId : new Date(sort.key === 'createdAt' ? last.createdAt : last.updatedAt).toISOString();
    return Buffer.from(JSON.stringify({ value, id: last.id })).toString('base64url');
  }
}
