/**
 * What statistics can count (metrics) and group by (dimensions), as SQL over fixed aliases: `c` (cases), `t`
 * (workflow_timers), `a` (approvals), `r` (case_transfers). Every expression is a constant of this file: request
 * values only ever reach SQL as parameters.
 */
export interface MetricDefinition {
  /** FROM … JOIN … with the cases as `c`; `cases` is the source of the cases (the table, or the actor's own cases). */
  from: (cases?: string) => string;
  /** Conditions of the metric itself (e.g. a timer past due). */
  where: string[];
  /** `false`: the rows are addressed to the actor (referrals in); case dimensions and filters do not apply. */
  caseScoped: boolean;
  /**
   * Few rows among many cases (overdue timers, pending approvals): for a scope-wide viewer they are selected first,
   * from their partial index, as a materialized CTE `metric_rows` under the metric's alias (with every column its
   * dimensions read), and their cases looked up by primary key; never a join walking every case of an agency.
   */
  rows?: { alias: string; sql: string };
}

export const METRICS: Record<string, MetricDefinition> = {
  cases: { from: (cases = 'cases') => `${cases} c`, where: [], caseScoped: true },
  overdueTasks: {
    from: (cases = 'cases') => `workflow_timers t JOIN ${cases} c ON c.id = t.case_id`,
    where: [`t.status = 'scheduled'`, 't.due_at < now()'],
    caseScoped: true,
    rows: { alias: 't', sql: `SELECT t.case_id, t.timer FROM workflow_timers t WHERE t.status = 'scheduled' AND t.due_at < now()` },
  },
  pendingApprovals: {
    from: (cases = 'cases') => `approvals a JOIN ${cases} c ON c.id = a.case_id`,
    where: [`a.status = 'pending'`, 'a.cleared_at IS NULL'],
    caseScoped: true,
    rows: { alias: 'a', sql: `SELECT a.case_id, a.type FROM approvals a WHERE a.status = 'pending' AND a.cleared_at IS NULL` },
  },
  referralsOut: { from: (cases = 'cases') => `case_transfers r JOIN ${cases} c ON c.id = r.case_id`, where: [], caseScoped: true },
  referralsIn: { from: () => 'case_transfers r', where: [], caseScoped: false },
};

export interface DimensionDefinition {
  /** SQL of the group key (text). `$LEVEL` is replaced by the parameter of `level`. */
  sql: string;
  /** The form field this dimension reveals: the actor must be allowed to read it. */
  field?: string;
  /** Metrics the dimension applies to (default: every case-scoped metric). */
  metrics?: string[];
  /** Extra FROM item (multi-valued fields). */
  join?: string;
  /** Extra condition (e.g. only closed cases for closedMonth). */
  where?: string;
  /** A case may fall into several groups: the total is counted separately. */
  multiValued?: boolean;
  /** Identifies people: pseudonymised for statistics-only roles. */
  person?: boolean;
}

const month = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM')`;

export const DIMENSIONS: Record<string, DimensionDefinition> = {
  workflowState: { sql: 'c.workflow_state' },
  status: { sql: 'c.status' },
  riskLevel: { sql: 'c.risk_level', field: 'risk_level' },
  sex: { sql: 'c.sex', field: 'sex' },
  ageGroup: {
    sql: `CASE WHEN c.age IS NULL THEN NULL WHEN c.age < 6 THEN '0-5' WHEN c.age < 12 THEN '6-11' WHEN c.age < 18 THEN '12-17' ELSE '18+' END`,
    field: 'age',
  },
  protectionConcern: {
    sql: 'pc.concern',
    field: 'protection_concerns',
    join: 'CROSS JOIN LATERAL unnest(c.protection_concerns) AS pc(concern)',
    multiValued: true,
  },
  // Cases located above the chosen level count under their own (higher) location.
  location: {
    sql: 'ltree2text(subpath(c.location_path, LEAST(nlevel(c.location_path), $LEVEL + 1) - 1, 1))',
    field: 'location_current',
  },
  agency: { sql: 'c.agency_id' },
  worker: { sql: 'c.owner_id::text', person: true },
  createdMonth: { sql: month('c.created_at') },
  closedMonth: { sql: month('c.closed_at'), where: 'c.closed_at IS NOT NULL' },
  timer: { sql: 't.timer', metrics: ['overdueTasks'] },
  approvalType: { sql: 'a.type', metrics: ['pendingApprovals'] },
  referralKind: { sql: 'r.kind', metrics: ['referralsOut', 'referralsIn'] },
  referralStatus: { sql: 'r.status', metrics: ['referralsOut', 'referralsIn'] },
  toAgency: { sql: 'r.to_agency_id', metrics: ['referralsOut', 'referralsIn'] },
  referralMonth: { sql: month('r.created_at'), metrics: ['referralsOut', 'referralsIn'] },
};

export function dimensionAppliesTo(dimension: DimensionDefinition, metric: string): boolean {
  if (dimension.metrics) return dimension.metrics.includes(metric);
  return METRICS[metric].caseScoped;
}
