import { TutelaAbility } from '@tutela/access';
import { Actor, TutelaError } from '@tutela/common';
import { CaseListQuery, caseListConditions } from '../cases/case-list.query';
import { SqlParams } from '../cases/sql-params';
import { DimensionDefinition, METRICS } from './aggregate-dimensions';
import { CountSource, countSql } from './count-sql';
import { ALL_LOCATIONS, FILTER_DIMENSIONS, SUMMARY_COLUMNS, groupingLabel } from './stat-groupings';
import { scopeSql, splitStatsScope } from './stats-scope';

export type Dimension = DimensionDefinition & { name: string };

export interface StatementInput {
  actor: Actor;
  ability: TutelaAbility;
  metric: string;
  dims: Dimension[];
  /** Admin level of `location` keys (validated integer 0-10). */
  level: number;
  /** Parsed list filters (case-scoped metrics only). */
  query?: CaseListQuery;
  locationPath: (code: string) => string | undefined;
  /**
   * The actor's scope is a few cases among all (own, group): they are found through the scope's indexes (owner,
   * assigned, groups) first and counted from there, never by filtering a scan of every case.
   */
  narrowScope?: boolean;
}

/** What answers one aggregate: grouped counts (with dimensions) and a distinct total (none, or multi-valued ones). */
export interface AggregateStatement {
  groupedSql?: string;
  totalSql?: string;
  params: unknown[];
  /** True when precomputed cells answer (part of) it: the answer is then as of the last refresh. */
  fromCells: boolean;
}

const keySql = (dim: Dimension, level: number, sql = dim.sql) => sql.replace('$LEVEL', String(Math.trunc(level)));

/** Columns of `cases` that dimensions and metric joins read: scoped rows carry only these (never `data`). */
const SCOPED_COLUMNS = ['id', 'module', 'status', 'workflow_state', 'owner_id', 'agency_id', 'location_path', 'risk_level', 'sex', 'age', 'protection_concerns', 'created_at', 'closed_at']
  .map((column) => `c.${column}`)
  .join(', ');

/**
 * The cases matching `conditions` (filters and a narrow scope) as a materialized CTE named `scoped`. MATERIALIZED
 * keeps the planner from folding the scope into each widget's statement, where it cannot tell how few cases an OR of
 * owner and assigned conditions holds and walks a whole index instead: the CTE is answered by a BitmapOr of the
 * scope's own indexes, and the count reads only those rows.
 */
const scopedCases = (conditions: string[]) => `WITH scoped AS MATERIALIZED (SELECT ${SCOPED_COLUMNS} FROM cases c WHERE ${conditions.join(' AND ')}) `;

/** Counts every row live, in one statement on the derived columns of `cases` (and the metric's table). */
export function liveStatement(input: StatementInput): AggregateStatement {
  const metric = METRICS[input.metric];
  const params = new SqlParams();
  const where: string[] = [];
  let from = metric.from();
  let prefix = '';
  if (!metric.caseScoped) {
    where.push(...metric.where, `(r.to_user_id = ${params.add(input.actor.userId)}::uuid OR r.to_agency_id = ${params.add(input.actor.agencyId)}::text)`);
  } else {
    const conditions = [...caseListConditions(input.query as CaseListQuery, params, input.locationPath), scopeSql(input.ability, params)];
    if (input.narrowScope) {
      // A few cases: find them, then their metric rows by case.
      prefix = scopedCases(conditions);
      from = metric.from('scoped');
      where.push(...metric.where);
    } else if (metric.rows) {
      // Few metric rows among many cases: find them, then their cases by primary key.
      prefix = `WITH metric_rows AS MATERIALIZED (${metric.rows.sql}) `;
      from = `metric_rows ${metric.rows.alias} JOIN cases c ON c.id = ${metric.rows.alias}.case_id`;
      where.push(...conditions);
    } else {
      where.push(...metric.where, ...conditions);
    }
  }
  for (const dim of input.dims) if (dim.where) where.push(dim.where);
  const joins = input.dims.map((dim) => dim.join ?? '').filter(Boolean);
  const grouped: CountSource = { from: [from, ...joins].join(' '), where, keys: input.dims.map((dim) => keySql(dim, input.level)), count: 'count(*)' };
  const total: CountSource = { from, where, keys: [], count: 'count(*)' };
  return assemble(input.dims, [grouped], [total], params, false, prefix);
}

/**
 * Counts `cases` from the precomputed cells when the scope, the filters and the grouping allow it; the part of the
 * scope the cells cannot decide (own, assigned cases) is counted live, excluding cases the cells already count.
 * Null: answer live instead.
 */
export function cellsStatement(input: StatementInput, maintained: ReadonlySet<string>): AggregateStatement | null {
  if (input.metric !== 'cases' || !input.query) return null;
  const split = splitStatsScope(input.ability);
  if (!split) return null;
  const params = new SqlParams();
  const filters = cellFilterConditions(input.query, params, input.locationPath);
  if (!filters) return null;
  // A dimension with a condition (closedMonth: closed cases only) limits the total too, as it does live.
  const conditional = input.dims.filter((dim) => SUMMARY_COLUMNS[dim.name]?.where);
  // Cells with locations merged are fewer; they serve when neither the scope, a filter nor a dimension names a location.
  const locationFree =
    !input.query.location &&
    !input.dims.some((dim) => dim.name === 'location') &&
    !split.cells.rulesFor('view_stats', 'Case').some((rule) => Object.keys(rule.conditions ?? {}).includes('locationPath'));
  const stored = (label: string) => (locationFree && maintained.has(label + ALL_LOCATIONS) ? label + ALL_LOCATIONS : label);
  const groupedLabel = stored(groupingLabel([...input.dims.map((d) => d.name), ...filters.dimensions]));
  const totalLabel = stored(groupingLabel([...conditional.map((d) => d.name), ...filters.dimensions]));
  if (!maintained.has(groupedLabel) || !maintained.has(totalLabel)) return null;

  const cellScope = scopeSql(split.cells, params);
  const dimWhere = conditional.map((dim) => SUMMARY_COLUMNS[dim.name].where as string);
  const cellKeys = input.dims.map((dim) => keySql(dim, input.level, SUMMARY_COLUMNS[dim.name]?.key));
  const cells = (label: string, keys: string[], where: string[]): CountSource => ({
    from: 'case_stat_cells c',
    // A literal, not a parameter: the grouped and the total statement share one parameter list, and each must use
    // every parameter. Labels are made of this code's dimension names only.
    where: [`c.grouping = '${label}'`, ...filters.conditions, cellScope, ...where],
    keys,
    count: 'sum(c.cases)',
  });
  const groupedSources = [cells(groupedLabel, cellKeys, dimWhere)];
  const totalSources = [cells(totalLabel, [], dimWhere)];
  let prefix = '';
  if (split.live) {
    // Own and assigned cases outside what the cells count: a few, found through their indexes.
    prefix = scopedCases([...caseListConditions(input.query, params, input.locationPath), scopeSql(split.live, params), `NOT ${scopeSql(split.cells, params)}`]);
    const where = input.dims.flatMap((dim) => (dim.where ? [dim.where] : []));
    const joins = input.dims.map((dim) => dim.join ?? '').filter(Boolean);
    groupedSources.push({ from: ['scoped c', ...joins].join(' '), where, keys: input.dims.map((dim) => keySql(dim, input.level)), count: 'count(*)' });
    totalSources.push({ from: 'scoped c', where, keys: [], count: 'count(*)' });
  }
  return assemble(input.dims, groupedSources, totalSources, params, true, prefix);
}

/** Dimensions `case_stat_work_cells` keeps, as their key there (`location` is the live SQL on `location_path`). */
const WORK_KEYS: Readonly<Record<string, string>> = { timer: 'c.item', approvalType: 'c.item', worker: 'c.owner_id::text', agency: 'c.agency_id' };

/**
 * Counts overdue tasks or pending approvals from the workflow cells the refresh recounts, for the part of the scope
 * the cells can decide; the own and assigned cases outside it are counted live, as for cases. Null: answer live.
 */
export function workCellsStatement(input: StatementInput): AggregateStatement | null {
  const metric = METRICS[input.metric];
  if (!metric.rows || !input.query) return null;
  if (input.dims.some((dim) => !WORK_KEYS[dim.name] && dim.name !== 'location')) return null;
  const split = splitStatsScope(input.ability);
  if (!split) return null;
  const params = new SqlParams();
  const filters = cellFilterConditions(input.query, params, input.locationPath);
  // Filters on case attributes (status, state, risk, owner) would need them in the cells: live instead.
  if (!filters || filters.dimensions.length) return null;
  // Counts with locations merged are fewer; they serve when neither the scope, a filter nor a dimension names a location.
  const locationFree =
    !input.query.location &&
    !input.dims.some((dim) => dim.name === 'location') &&
    !split.cells.rulesFor('view_stats', 'Case').some((rule) => Object.keys(rule.conditions ?? {}).includes('locationPath'));
  // The metric name is a key of METRICS (validated), never request text.
  const where = [`c.metric = '${input.metric}${locationFree ? ALL_LOCATIONS : ''}'`, ...filters.conditions, scopeSql(split.cells, params)];
  const keys = input.dims.map((dim) => keySql(dim, input.level, WORK_KEYS[dim.name]));
  const grouped: CountSource[] = [{ from: 'case_stat_work_cells c', where, keys, count: 'sum(c.n)' }];
  const total: CountSource[] = [{ from: 'case_stat_work_cells c', where, keys: [], count: 'sum(c.n)' }];
  let prefix = '';
  if (split.live) {
    prefix = scopedCases([...caseListConditions(input.query, params, input.locationPath), scopeSql(split.live, params), `NOT ${scopeSql(split.cells, params)}`]);
    const from = metric.from('scoped');
    grouped.push({ from, where: metric.where, keys: input.dims.map((dim) => keySql(dim, input.level)), count: 'count(*)' });
    total.push({ from, where: metric.where, keys: [], count: 'count(*)' });
  }
  return assemble(input.dims, grouped, total, params, true, prefix);
}

function assemble(dims: Dimension[], grouped: CountSource[], total: CountSource[], params: SqlParams, fromCells: boolean, prefix = ''): AggregateStatement {
  return {
    groupedSql: dims.length ? prefix + countSql(grouped) : undefined,
    // With single-valued dimensions the total is the sum of the groups; otherwise a case is counted once here.
    totalSql: dims.length === 0 || dims.some((d) => d.multiValued) ? prefix + countSql(total) : undefined,
    params: params.values,
    fromCells,
  };
}

/**
 * The list filters as conditions on cells, with the dimensions the cells must be grouped by to apply them. Null when a
 * filter needs what cells do not keep (dates, form fields, disabled cases).
 */
export function cellFilterConditions(
  query: CaseListQuery,
  params: SqlParams,
  locationPath: (code: string) => string | undefined,
): { conditions: string[]; dimensions: string[] } | null {
  if (query.includeDisabled || query.createdFrom || query.createdTo || query.updatedFrom || query.updatedTo || query.dataFilters.length || query.q) return null;
  const conditions: string[] = [];
  const dimensions: string[] = [];
  const anyOf = (filter: keyof typeof FILTER_DIMENSIONS, column: string, values: string[] | undefined, type = 'text') => {
    if (!values) return;
    conditions.push(`c.${column} = ANY(${params.add(values)}::${type}[])`);
    dimensions.push(FILTER_DIMENSIONS[filter]);
  };
  anyOf('status', 'status', query.status);
  anyOf('state', 'workflow_state', query.state);
  anyOf('riskLevel', 'risk_level', query.riskLevel);
  anyOf('ownerId', 'owner_id', query.ownerId, 'uuid');
  if (query.agencyId) conditions.push(`c.agency_id = ANY(${params.add(query.agencyId)}::text[])`);
  if (query.location) {
    const path = locationPath(query.location);
    if (!path) throw TutelaError.badRequest('Invalid list parameters', [{ path: '/query/location', code: 'unknown_location', message: `unknown location "${query.location}"` }]);
    conditions.push(`c.location_path <@ ${params.add(path)}::ltree`);
  }
  return { conditions, dimensions };
}
