import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dashboards on a national database (issue 9): the workflow metrics (overdue tasks, pending approvals) of a
 * scope-wide viewer are counted from their own few rows first, then their cases by primary key. These partial
 * indexes hold exactly those rows with the columns the counts read (index-only scans, no heap visit per row):
 * - due timers: same key and predicate as `workflow_timers_due_idx` (which it replaces, so timer writes maintain one
 *   index as before), plus the case and the timer name;
 * - pending approvals that still count (not cleared), by case, with their type.
 * Case writes are untouched: no index on `cases`.
 *
 * `case_stat_work_cells`: overdue tasks and pending approvals per (metric, timer or approval type, scope cell, owner),
 * recounted by every statistics refresh from those rows and the cases' last counted attributes
 * (`case_stat_members`), so a scope-wide viewer reads a few thousand counts instead of looking up the case of every
 * overdue task of the country.
 */
export class DashboardWorkIndexes1795800000100 implements MigrationInterface {
  name = 'DashboardWorkIndexes1795800000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX workflow_timers_due_cover_idx ON workflow_timers (due_at) INCLUDE (case_id, timer) WHERE status = 'scheduled'`);
    await q.query(`DROP INDEX workflow_timers_due_idx`);
    await q.query(`CREATE INDEX approvals_pending_case_idx ON approvals (case_id) INCLUDE (type) WHERE status = 'pending' AND cleared_at IS NULL`);
    await q.query(`
      CREATE TABLE case_stat_work_cells (
        metric text NOT NULL,
        item text NOT NULL,
        module text NOT NULL,
        agency_id text NOT NULL,
        location_path ltree,
        owner_id uuid,
        n integer NOT NULL
      )`);
    await q.query(`CREATE INDEX case_stat_work_cells_idx ON case_stat_work_cells (metric, agency_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_stat_work_cells`);
    await q.query(`DROP INDEX approvals_pending_case_idx`);
    await q.query(`CREATE INDEX workflow_timers_due_idx ON workflow_timers (due_at) WHERE status = 'scheduled'`);
    await q.query(`DROP INDEX workflow_timers_due_cover_idx`);
  }
}
