import { DIMENSIONS } from './aggregate-dimensions';
import { DashboardDefinition } from './stats-settings';

/** How a dimension is stored in `case_stat_cells`: its column, the SQL computing it from `cases c`, and the key read back. */
export interface SummaryColumn {
  column: string;
  /** Expression over `cases c` (and `pc` for concerns) evaluated at refresh: the same SQL as the live dimension. */
  source: string;
  /** Group key when reading cells (alias `c`), equal in value and type to the live dimension's key. */
  key: string;
  /** Condition on cells mirroring the live dimension's `where` (e.g. only closed cases for closedMonth). */
  where?: string;
}

const sameAsLive = (name: string, column: string): SummaryColumn => ({ column, source: DIMENSIONS[name].sql, key: `c.${column}` });

/** Dimensions kept as a column of the cells. `location` and `agency` need none: every cell carries the scope columns. */
export const SUMMARY_COLUMNS: Record<string, SummaryColumn> = {
  workflowState: sameAsLive('workflowState', 'workflow_state'),
  status: sameAsLive('status', 'status'),
  riskLevel: sameAsLive('riskLevel', 'risk_level'),
  sex: sameAsLive('sex', 'sex'),
  ageGroup: sameAsLive('ageGroup', 'age_group'),
  protectionConcern: sameAsLive('protectionConcern', 'protection_concern'),
  worker: { column: 'owner_id', source: 'c.owner_id', key: 'c.owner_id::text' },
  createdMonth: sameAsLive('createdMonth', 'created_month'),
  closedMonth: { ...sameAsLive('closedMonth', 'closed_month'), where: 'c.closed_month IS NOT NULL' },
};

/** Dimensions read from the scope columns (module, agency_id, location_path) that every cell has. */
export const SCOPE_DIMENSIONS: ReadonlySet<string> = new Set(['location', 'agency']);

/** List filters the cells can apply, with the dimension that must be grouped to apply them. */
export const FILTER_DIMENSIONS: Readonly<Record<string, string>> = { status: 'status', state: 'workflowState', riskLevel: 'riskLevel', ownerId: 'worker' };

/** The stored name of a set of grouped dimensions: sorted, comma-separated, scope dimensions left out ('' = totals). */
export function groupingLabel(dimensions: Iterable<string>): string {
  return [...new Set(dimensions)].filter((d) => !SCOPE_DIMENSIONS.has(d)).sort().join(',');
}

/**
 * Dimensions of a few values each: every combination of up to three of them is kept (by location), so an ad-hoc
 * aggregate grouped by two of them and filtered by a third (e.g. sex × age group of the cases in assessment, in a
 * region) reads cells: at most a few thousand per region, against a count over every case.
 */
export const CUBE_DIMENSIONS: readonly string[] = ['workflowState', 'status', 'riskLevel', 'sex', 'ageGroup'];

/** Suffix of a grouping kept with every location merged (cells without `location_path`). */
export const ALL_LOCATIONS = '@all-locations';

/** The grouped dimensions of a stored grouping label, and whether its cells keep the location. */
export function parseGroupingLabel(label: string): { dims: string[]; located: boolean } {
  const located = !label.endsWith(ALL_LOCATIONS);
  const base = located ? label : label.slice(0, -ALL_LOCATIONS.length);
  return { dims: base ? base.split(',') : [], located };
}

/**
 * The groupings the refresh keeps: totals, every dimension alone, each `cases` widget of the dashboards (its groupBy
 * plus the dimensions of its filters), so every dashboard is answered from cells, and the combinations of up to three
 * CUBE_DIMENSIONS. Ad-hoc aggregates that need another combination are counted live (within statementTimeoutMs).
 */
export function maintainedGroupings(dashboards: readonly DashboardDefinition[]): string[] {
  const labels = new Set<string>(['', ...Object.keys(SUMMARY_COLUMNS)]);
  for (const widget of dashboards.flatMap((d) => d.widgets)) {
    if (widget.metric !== 'cases') continue;
    const filterKeys = Object.keys(widget.filters ?? {});
    if (filterKeys.some((key) => !FILTER_DIMENSIONS[key])) continue;
    const dims = [...widget.groupBy, ...filterKeys.map((key) => FILTER_DIMENSIONS[key])];
    if (dims.every((d) => SUMMARY_COLUMNS[d] || SCOPE_DIMENSIONS.has(d))) labels.add(groupingLabel(dims));
  }
  const combine = (from: number, chosen: string[]) => {
    if (chosen.length) labels.add(groupingLabel(chosen));
    if (chosen.length < 3) for (let i = from; i < CUBE_DIMENSIONS.length; i++) combine(i + 1, [...chosen, CUBE_DIMENSIONS[i]]);
  };
  combine(0, []);
  // An owner's cases spread over many locations: per worker, cells by location are about as many as cases (500,000
  // of them for an agency at 1,000,000 cases), so groupings by worker are also kept with locations merged, read
  // whenever neither the scope, the filters nor the grouping name a location (an agency-wide team workload).
  for (const label of [...labels]) if (parseGroupingLabel(label).dims.includes('worker')) labels.add(label + ALL_LOCATIONS);
  return [...labels].sort();
}
