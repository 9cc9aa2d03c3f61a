import { Injectable } from '@nestjs/common';
import { caseAccessToSql, fieldPermissionsFor } from '@tutela/access';
import { Actor, TutelaError } from '@tutela/common';
import { Database } from '@tutela/persistence';
import { AccessContext, AccessContextService } from '../cases/access-context.service';
import { caseListConditions, parseCaseListQuery } from '../cases/case-list.query';
import { SqlParams } from '../cases/sql-params';
import { ConfigurationService } from '../configuration/configuration.service';
import { DIMENSIONS, METRICS } from './aggregate-dimensions';
import { AggregateRequest, parseAggregateRequest } from './aggregate-request';
import { AggregateCell, suppressSmallCells } from './small-cell-suppression';
import { StatsCache } from './stats-cache';
import { StatsSettings } from './stats-settings';

export interface AggregateResult {
  metric: string;
  groupBy: string[];
  /** Rows: one property per dimension (null = not recorded), `count` (null when suppressed), worker names if allowed. */
  rows: Array<Record<string, unknown>>;
  total: number | null;
  /** Set for statistics-only roles: counts below it are hidden. */
  suppressionThreshold: number | null;
}

/**
 * Counts within the actor's `view_stats` scope, grouped by up to two dimensions, in one SQL statement on the derived
 * columns of `cases`. Statistics-only roles get small cells suppressed and workers pseudonymised; roles that work on
 * cases get exact counts (still only within their scope).
 */
@Injectable()
export class AggregateService {
  constructor(
    private readonly db: Database,
    private readonly configuration: ConfigurationService,
    private readonly access: AccessContextService,
    private readonly settings: StatsSettings,
    private readonly cache: StatsCache,
  ) {}

  async aggregate(actor: Actor, raw: Record<string, unknown>): Promise<AggregateResult> {
    const ctx = await this.statsContext(actor);
    return this.run(ctx, parseAggregateRequest(raw));
  }

  /** The access context of a statistics request: 403 for roles without `view_stats`. */
  async statsContext(actor: Actor): Promise<AccessContext> {
    const ctx = await this.access.forActor(actor, []);
    if (!ctx.ability.can('view_stats', 'Case')) throw TutelaError.forbidden('Your role may not view statistics');
    return ctx;
  }

  async run(ctx: AccessContext, request: AggregateRequest): Promise<AggregateResult> {
    const snapshot = this.configuration.snapshot();
    const statsOnly = ctx.role.flags?.statsOnly === true;
    // Counting by a field reads it: only fields the role may read without the sensitive privilege.
    const baseline = fieldPermissionsFor(ctx.role, this.access.accessCatalog(), { readSensitive: false });
    const dims = request.groupBy.map((name) => ({ name, ...DIMENSIONS[name] }));
    for (const dim of dims) {
      if (dim.field && !baseline.canRead(dim.field)) {
        throw TutelaError.forbidden('You may not count by a field you may not read', [{ path: '/query/groupBy', code: 'forbidden_field', message: dim.name }]);
      }
    }
    const metric = METRICS[request.metric];
    const params = new SqlParams();
    const where = [...metric.where];
    if (metric.caseScoped) {
      const query = parseCaseListQuery(request.filters, snapshot.forms.fieldCatalog('case'), (field) => baseline.canRead(field));
      where.push(...caseListConditions(query, params, (code) => snapshot.forms.locationPath(code)));
      const scope = caseAccessToSql(ctx.ability, 'view_stats', { paramOffset: params.next, tableAlias: 'c' });
      params.append(scope.params);
      where.push(scope.sql);
    } else {
      where.push(`(r.to_user_id = ${params.add(ctx.actor.userId)}::uuid OR r.to_agency_id = ${params.add(ctx.actor.agencyId)}::text)`);
    }
    for (const dim of dims) if (dim.where) where.push(dim.where);
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    // `level` is a validated integer (0-10): inlined so the total query can reuse exactly the same parameters.
    const keys = dims.map((dim, i) => `${dim.sql.replace('$LEVEL', String(Math.trunc(request.level)))} AS k${i}`);
    const joins = dims.map((dim) => dim.join ?? '').join(' ');

    // The key is everything the answer depends on: the statement, its parameters (scope included) and the mode.
    const cacheKey = [metric.from, joins, keys, whereSql, params.values, statsOnly, this.settings.suppressionThreshold, request.metric, request.groupBy];
    return this.cache.get(cacheKey, async (): Promise<AggregateResult> => {
      let cells: AggregateCell[];
      let total: number;
      if (dims.length === 0) {
        total = await this.count(metric.from, whereSql, params.values);
        cells = [];
      } else {
        const groups = dims.map((_, i) => i + 1).join(', ');
        const sql = `SELECT ${keys.join(', ')}, count(*)::int AS n FROM ${metric.from} ${joins} ${whereSql} GROUP BY ${groups} ORDER BY n DESC, ${groups}`;
        const rows = await this.db.query<Record<string, string | number | null>>(sql, params.values);
        cells = rows.map((row) => ({ key: Object.fromEntries(dims.map((d, i) => [d.name, row[`k${i}`] as string | null])), count: Number(row.n) }));
        total = dims.some((d) => d.multiValued) ? await this.count(metric.from, whereSql, params.values) : cells.reduce((s, c) => s + (c.count ?? 0), 0);
      }
      const threshold = statsOnly ? this.settings.suppressionThreshold : null;
      const workerDims = dims.filter((d) => d.person).map((d) => d.name);
      if (statsOnly) {
        cells = pseudonymise(cells, workerDims);
        const suppressed = suppressSmallCells(cells, total, this.settings.suppressionThreshold);
        return { metric: request.metric, groupBy: request.groupBy, rows: suppressed.cells.map(flatten), total: suppressed.total, suppressionThreshold: threshold };
      }
      const names = workerDims.length ? await this.workerNames(cells, workerDims) : new Map<string, string>();
      const rows = cells.map((cell) => ({ ...flatten(cell), ...Object.fromEntries(workerDims.map((d) => [`${d}Name`, names.get(cell.key[d] ?? '') ?? null])) }));
      return { metric: request.metric, groupBy: request.groupBy, rows, total, suppressionThreshold: null };
    });
  }

  /** Total of distinct rows when a case can fall in several groups (e.g. several protection concerns). */
  private async count(from: string, whereSql: string, values: unknown[]): Promise<number> {
    const [row] = await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${from} ${whereSql}`, values);
    return row.n;
  }

  private async workerNames(cells: AggregateCell[], dims: string[]): Promise<Map<string, string>> {
    const ids = [...new Set(cells.flatMap((c) => dims.map((d) => c.key[d]).filter((v): v is string => Boolean(v))))];
    if (!ids.length) return new Map();
    const rows = await this.db.query<{ id: string; name: string }>(`SELECT id::text AS id, full_name AS name FROM users WHERE id = ANY($1::uuid[])`, [ids]);
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}

function flatten(cell: AggregateCell): Record<string, unknown> {
  return { ...cell.key, count: cell.count, ...(cell.suppressed ? { suppressed: true } : {}) };
}

/** Statistics-only roles see "worker 1", "worker 2"… by rank of caseload: never a user id or name. */
function pseudonymise(cells: AggregateCell[], dims: string[]): AggregateCell[] {
  if (!dims.length) return cells;
  const labels = new Map<string, string>();
  return cells.map((cell) => {
    const key = { ...cell.key };
    for (const d of dims) {
      const id = key[d];
      if (id === null) continue;
      if (!labels.has(id)) labels.set(id, `worker ${labels.size + 1}`);
      key[d] = labels.get(id) as string;
    }
    return { ...cell, key };
  });
}
