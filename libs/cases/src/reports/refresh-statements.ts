import { ALL_LOCATIONS, CUBE_DIMENSIONS, SUMMARY_COLUMNS, parseGroupingLabel } from './stat-groupings';

const SCOPE_COLUMNS = ['module', 'agency_id', 'location_path'];
/** Single-valued dimension columns: every one but the concern, which members keep as the case's array. */
const VALUE_DIMENSIONS = Object.keys(SUMMARY_COLUMNS).filter((name) => name !== 'protectionConcern');
const MEMBER_COLUMNS = [...SCOPE_COLUMNS, ...VALUE_DIMENSIONS.map((name) => SUMMARY_COLUMNS[name].column), 'protection_concerns'];
const CELL_KEY = ['grouping', 'agency_id', 'module', 'location_path', ...VALUE_DIMENSIONS.map((name) => SUMMARY_COLUMNS[name].column), 'protection_concern'];

/**
 * Cases last written by a transaction with an id from $1 (the previous refresh's horizon) on, as this snapshot sees
 * them, with what they contribute now — computed by the same SQL as the live dimensions. Disabled cases are kept
 * (they contribute nothing, but what they contributed before must be taken back).
 */
export const COLLECT_CHANGED_CASES = `CREATE TEMP TABLE stat_changed ON COMMIT DROP AS
  SELECT c.id AS case_id, c.disabled, c.module, c.agency_id, c.location_path,
         ${VALUE_DIMENSIONS.map((name) => `${SUMMARY_COLUMNS[name].source} AS ${SUMMARY_COLUMNS[name].column}`).join(', ')},
         c.protection_concerns
    FROM cases c
   WHERE c.change_xid >= $1::xid8`;

/** +1 for what changed cases contribute now, -1 for what they contributed when last counted. */
const DELTA = `(SELECT ${MEMBER_COLUMNS.join(', ')}, 1 AS sign FROM stat_changed WHERE NOT disabled
   UNION ALL
   SELECT ${MEMBER_COLUMNS.map((column) => `m.${column}`).join(', ')}, -1 FROM case_stat_members m JOIN stat_changed x ON x.case_id = m.case_id) d`;

export const DROP_EMPTY_CELLS = `DELETE FROM case_stat_cells WHERE cases = 0`;

export const REPLACE_MEMBERS = [
  `DELETE FROM case_stat_members m USING stat_changed x WHERE m.case_id = x.case_id`,
  `INSERT INTO case_stat_members (case_id, ${MEMBER_COLUMNS.join(', ')}) SELECT case_id, ${MEMBER_COLUMNS.join(', ')} FROM stat_changed WHERE NOT disabled`,
];

/**
 * The statements adding the delta of the changed cases to the cells of the given groupings, each a GROUPING SETS
 * aggregation whose rows are labelled by the grouping they belong to, upserted onto the existing counts: one for the
 * groupings of small dimensions (CUBE_DIMENSIONS, by location), one for the others, one over the unnested concerns.
 * The first pre-aggregates the delta by all its columns: its many grouping sets then each read a few thousand rows
 * instead of every changed case (a first refresh counts them all).
 */
export function applyDeltaStatements(groupings: readonly string[]): string[] {
  const split = groupings.map((label) => ({ label, ...parseGroupingLabel(label) }));
  const withConcern = split.filter((g) => g.dims.includes('protectionConcern'));
  const small = split.filter((g) => g.located && g.dims.every((d) => CUBE_DIMENSIONS.includes(d)));
  const other = split.filter((g) => !withConcern.includes(g) && !small.includes(g));
  return [
    ...(small.length ? [upsertFor(small, false, true)] : []),
    ...(other.length ? [upsertFor(other, false, false)] : []),
    ...(withConcern.length ? [upsertFor(withConcern, true, false)] : []),
  ];
}

function upsertFor(groupings: Array<{ label: string; dims: string[]; located: boolean }>, unnestConcerns: boolean, preaggregate: boolean): string {
  const dims = Object.keys(SUMMARY_COLUMNS).filter((name) => groupings.some((g) => g.dims.includes(name)));
  const columns = dims.map((name) => SUMMARY_COLUMNS[name].column);
  const sources = dims.map((name) => (name === 'protectionConcern' ? 'pc.concern AS protection_concern' : `d.${SUMMARY_COLUMNS[name].column}`));
  const join = unnestConcerns ? 'CROSS JOIN LATERAL unnest(d.protection_concerns) AS pc(concern)' : '';
  // The location takes part in the labelling only when some grouping merges it.
  const merging = groupings.some((g) => !g.located);
  const labelled = merging ? ['location_path', ...columns] : columns;
  const grouped = (g: { dims: string[]; located: boolean }) => [...(g.located || !merging ? ['location_path'] : []), ...g.dims];
  const names = merging ? ['location_path', ...dims] : dims;
  // GROUPING(a, b, …) sets bit (n-1-i) when column i is aggregated away: that bit pattern names the grouping.
  const label = labelled.length
    ? `CASE GROUPING(${labelled.join(', ')}) ${groupings.map((g) => `WHEN ${groupingMask(names, grouped(g))} THEN '${g.label}'`).join(' ')} END`
    : `''`;
  const sets = groupings.map((g) => `(${['module', 'agency_id', ...(g.located ? ['location_path'] : []), ...g.dims.map((d) => SUMMARY_COLUMNS[d].column)].join(', ')})`);
  return `INSERT INTO case_stat_cells (grouping, ${[...SCOPE_COLUMNS, ...columns].join(', ')}, cases)
    SELECT ${label}, ${[...SCOPE_COLUMNS, ...columns].join(', ')}, sum(sign)
      FROM (SELECT d.module, d.agency_id, d.location_path${sources.map((s) => `, ${s}`).join('')}, ${preaggregate ? 'sum(d.sign) AS sign' : 'd.sign'}
              FROM ${DELTA} ${join}${preaggregate ? ` GROUP BY ${Array.from({ length: 3 + sources.length }, (_, i) => i + 1).join(', ')}` : ''}) d
     GROUP BY GROUPING SETS (${sets.join(', ')})
    HAVING sum(sign) <> 0
    ON CONFLICT (${CELL_KEY.join(', ')}) DO UPDATE SET cases = case_stat_cells.cases + EXCLUDED.cases`;
}

function groupingMask(all: string[], grouped: string[]): number {
  return all.reduce((mask, name, i) => (grouped.includes(name) ? mask : mask | (1 << (all.length - 1 - i))), 0);
}

/**
 * Recounts the workflow metrics of scope-wide viewers: overdue tasks (scheduled timers due before this refresh's
 * `now()`, its `as_of`) and pending approvals, per scope cell and owner of their case as last counted, and once more
 * with locations merged (metric suffixed `@all-locations`, like the groupings of cells), for agency-wide views. Whole
 * each time: a timer becomes overdue without any write, and these rows are few next to the cases.
 */
export const REPLACE_WORK_CELLS = [
  `DELETE FROM case_stat_work_cells`,
  ...[
    { metric: 'overdueTasks', item: 't.timer', from: 'workflow_timers t', where: `t.status = 'scheduled' AND t.due_at < now()`, on: 't.case_id' },
    { metric: 'pendingApprovals', item: 'a.type', from: 'approvals a', where: `a.status = 'pending' AND a.cleared_at IS NULL`, on: 'a.case_id' },
  ].map(
    (w) => `INSERT INTO case_stat_work_cells (metric, item, module, agency_id, location_path, owner_id, n)
   SELECT CASE GROUPING(m.location_path) WHEN 0 THEN '${w.metric}' ELSE '${w.metric}${ALL_LOCATIONS}' END, ${w.item}, m.module, m.agency_id, m.location_path, m.owner_id, count(*)
     FROM ${w.from} JOIN case_stat_members m ON m.case_id = ${w.on}
    WHERE ${w.where}
    GROUP BY GROUPING SETS ((${w.item}, m.module, m.agency_id, m.location_path, m.owner_id), (${w.item}, m.module, m.agency_id, m.owner_id))`,
  ),
];
