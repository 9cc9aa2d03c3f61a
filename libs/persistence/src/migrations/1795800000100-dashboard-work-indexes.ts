import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dashboards on a national database (issue 9): the workflow metrics (overdue tasks, pending approvals) of a
 * scope-wide viewer are counted from their own few rows first, then their cases by primary key. These partial
 * indexes hold exactly those rows with the columns the counts read (index-only scans, no heap visit per row):
 * - due timers: same key and predicate as `workflow_timers_due_idx` (which it replaces, so timer writes maintain one
 *   index as before), plus the case and the timer name;
 * - pending approvals that still count (not cleared), by case, with their type.
 * Case writes are untouched: no index on `cases`.
 */
export class DashboardWorkIndexes1795800000100 implements MigrationInterface {
  name = 'DashboardWorkIndexes1795800000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX workflow_timers_due_cover_idx ON workflow_timers (due_at) INCLUDE (case_id, timer) WHERE status = 'scheduled'`);
    await q.query(`DROP INDEX workflow_timers_due_idx`);
    await q.query(`CREATE INDEX approvals_pending_case_idx ON approvals (case_id) INCLUDE (type) WHERE status = 'pending' AND cleared_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX approvals_pending_case_idx`);
    await q.query(`CREATE INDEX workflow_timers_due_idx ON workflow_timers (due_at) WHERE status = 'scheduled'`);
    await q.query(`DROP INDEX workflow_timers_due_cover_idx`);
  }
}
