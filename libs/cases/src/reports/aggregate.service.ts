import { Injectable } from '@nestjs/common';
import { fieldPermissionsFor } from '@tutela/access';
import { Actor, TutelaError } from '@tutela/common';
import { Database } from '@tutela/persistence';
import { AccessContext, AccessContextService } from '../cases/access-context.service';
import { parseCaseListQuery } from '../cases/case-list.query';
import { ConfigurationService } from '../configuration/configuration.service';
import { DIMENSIONS, METRICS } from './aggregate-dimensions';
import { AggregateRequest, parseAggregateRequest } from './aggregate-request';
import { AggregateStatement, StatementInput, cellsStatement, liveStatement, workCellsStatement } from './aggregate-statements';
import { CaseStatsRefreshService } from './case-stats-refresh.service';
import { AggregateCell, suppressSmallCells } from './small-cell-suppression';
import { StatsCache } from './stats-cache';
import { maintainedGroupings } from './stat-groupings';
import { StatsSettings } from './stats-settings';
import { withinStatementTimeout } from './statement-timeout';

export interface AggregateResult {
  metric: string;
  groupBy: string[];
  /** Rows: one property per dimension (null = not recorded), `count` (null when suppressed), worker names if allowed. */
  rows: Array<Record<string, unknown>>;
  total: number | null;
  /** Set for statistics-only roles: counts below it are hidden. */
  suppressionThreshold: number | null;
  /** When the precomputed cells the counts come from were computed (ISO time); null when counted live. */
  asOf: string | null;
}

/**
 * Counts within the actor's `view_stats` scope, grouped by up to two dimensions: from the precomputed cells when they
 * can answer (see aggregate-statements.ts), else in one SQL statement on the derived columns of `cases`.
 * Statistics-only roles get small cells suppressed and workers pseudonymised; roles that work on cases get exact
 * counts (still only within their scope).
 */
@Injectable()
export class AggregateService {
  constructor(
    private readonly db: Database,
    private readonly configuration: ConfigurationService,
    private readonly access: AccessContextService,
    private readonly settings: StatsSettings,
    private readonly cache: StatsCache,
    private readonly refresh: CaseStatsRefreshService,
  ) {
    this.maintained = new Set(maintainedGroupings(settings.dashboards));
  }

  /** Groupings the refresh keeps: the aggregates the cells can answer. */
  private readonly maintained: ReadonlySet<string>;

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
    const input: StatementInput = {
      actor: ctx.actor,
      ability: ctx.ability,
      metric: request.metric,
      dims,
      level: request.level,
      query: METRICS[request.metric].caseScoped
        ? parseCaseListQuery(request.filters, snapshot.forms.fieldCatalog('case'), (field) => baseline.canRead(field))
        : undefined,
      locationPath: (code) => snapshot.forms.locationPath(code),
      narrowScope: ctx.role.scope === 'own' || ctx.role.scope === 'group',
    };
    const fromCells = cellsStatement(input, this.maintained) ?? workCellsStatement(input);
    const refreshedAt = fromCells ? await this.refresh.asOf() : null;
    const statement = (refreshedAt && fromCells) || liveStatement(input);
    const asOf = statement.fromCells ? (refreshedAt as Date).toISOString() : null;

    // The key is everything the answer depends on: the statements, their parameters (scope included), the mode and
    // the refresh they read, so a cached answer never crosses a scope nor outlives newer cells.
    const cacheKey = [statement.groupedSql, statement.totalSql, statement.params, statsOnly, this.settings.suppressionThreshold, request.metric, request.groupBy, asOf];
    return this.cache.get(cacheKey, async (): Promise<AggregateResult> => {
      const { rows, counted } = await this.counts(statement);
      let cells: AggregateCell[] = rows.map((row) => ({ key: Object.fromEntries(dims.map((d, i) => [d.name, row[`k${i}`] as string | null])), count: Number(row.n) }));
      const total = counted ?? cells.reduce((s, c) => s + (c.count ?? 0), 0);
      const threshold = statsOnly ? this.settings.suppressionThreshold : null;
      const workerDims = dims.filter((d) => d.person).map((d) => d.name);
      const base = { metric: request.metric, groupBy: request.groupBy, suppressionThreshold: threshold, asOf };
      if (statsOnly) {
        cells = pseudonymise(cells, workerDims);
        const suppressed = suppressSmallCells(cells, total, this.settings.suppressionThreshold);
        return { ...base, rows: suppressed.cells.map(flatten), total: suppressed.total };
      }
      const names = workerDims.length ? await this.workerNames(cells, workerDims) : new Map<string, string>();
      return { ...base, rows: cells.map((cell) => ({ ...flatten(cell), ...Object.fromEntries(workerDims.map((d) => [`${d}Name`, names.get(cell.key[d] ?? '') ?? null])) })), total };
    });
  }

  /** The grouped and the total statement, each limited to `statementTimeoutMs` (503 `statistics_timeout` past it). */
  private counts(statement: AggregateStatement): Promise<{ rows: Array<Record<string, string | number | null>>; counted: number | null }> {
    return withinStatementTimeout(this.db, this.settings.statementTimeoutMs, async (tx) => {
      const rows = statement.groupedSql ? await tx.query<Record<string, string | number | null>>(statement.groupedSql, statement.params) : [];
      const counted = statement.totalSql ? (await tx.query<{ n: number }>(statement.totalSql, statement.params))[0].n : null;
      return { rows, counted };
    });
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
