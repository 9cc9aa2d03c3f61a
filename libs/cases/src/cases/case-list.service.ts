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

export interface CaseListResult {
  data: CaseView[];
  meta: { total: number; page: number; per: number } | { next: string | null; per: number };
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
    const rows = await this.db.query<CaseRecord & { total?: string }>(this.selectSql(query, where, params), params.values);
    const only = new Set(query.fields ?? DEFAULT_LIST_FIELDS);
    const pageRows = rows.slice(0, query.per);
    const data = pageRows.map((row) => toCaseView(row, this.access.fieldsForCase(ctx, row), only));
    if (query.mode === 'cursor') {
      const next = rows.length > query.per ? this.cursorOf(query, pageRows[pageRows.length - 1]) : null;
      return { data, meta: { next, per: query.per } };
    }
    const total = pageRows.length ? Number(pageRows[0].total) : query.page === 1 ? 0 : await this.count(filterSql, filterParams);
    return { data, meta: { total, page: query.page, per: query.per } };
  }

  private selectSql(query: CaseListQuery, where: string[], params: SqlParams): string {
    const order =
      query.sort === 'relevance'
        ? `similarity(c.search_names, tutela_normalize(${params.add(query.q)}::text)) DESC, c.updated_at DESC, c.id DESC`
        : `c.${query.sort.column} ${query.sort.direction}, c.id ${query.sort.direction}`;
    if (query.cursor && query.sort !== 'relevance') {
      const op = query.sort.direction === 'desc' ? '<' : '>';
      const cast = query.sort.column === 'short_id' ? 'text' : 'timestamptz';
      where.push(`(c.${query.sort.column}, c.id) ${op} (${params.add(query.cursor.value)}::${cast}, ${params.add(query.cursor.id)}::uuid)`);
    }
    const total = query.mode === 'cursor' ? '' : ', count(*) OVER () AS total';
    const offset = query.mode === 'cursor' ? '' : `OFFSET ${(query.page - 1) * query.per}`;
    // One row more than asked tells whether a next page exists without a second query.
    return `SELECT ${CASE_COLUMNS}${total} FROM cases c WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ${query.per + 1} ${offset}`;
  }

  private async count(filterSql: string, params: unknown[]): Promise<number> {
    const [row] = await this.db.query<{ total: string }>(`SELECT count(*) AS total FROM cases c WHERE ${filterSql}`, params);
    return Number(row.total);
  }

  private cursorOf(query: CaseListQuery, last: CaseRecord): string {
    const sort = query.sort as { key: string; column: string };
    const value = sort.column === 'short_id' ? last.shortId : new Date(sort.key === 'createdAt' ? last.createdAt : last.updatedAt).toISOString();
    return Buffer.from(JSON.stringify({ value, id: last.id })).toString('base64url');
  }
}
