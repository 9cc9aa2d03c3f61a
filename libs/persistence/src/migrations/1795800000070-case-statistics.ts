import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Precomputed case statistics (issue 9): dashboards on a national database cannot afford one full GROUP BY over
 * `cases` per viewer. A worker job maintains them incrementally, off the case write path (no trigger, no statement
 * in the case transaction): it reads the cases whose `change_xid` (stamped by the sync trigger) lies between its last
 * horizon and the current `pg_snapshot_xmin`, and applies the difference to the counts.
 * - `case_stat_members`: what each enabled case last contributed (its dimension values), so a change can be undone
 *   from the counts without knowing the old row.
 * - `case_stat_cells`: one row per (grouping, scope cell, dimension values). The scope columns are those the
 *   statistics access rules name for scope-wide roles (module, agency, location path), under the names of `cases`
 *   columns, so a count is selected by the same rule SQL as live rows. A dimension not in the grouping is NULL.
 * - `case_stat_refresh`: one row — the horizon reached, when (`as_of`, returned with answers built from cells), and
 *   the groupings kept (a change of dashboards.json rebuilds from scratch).
 */
export class CaseStatistics1795800000070 implements MigrationInterface {
  name = 'CaseStatistics1795800000070';

  async up(q: QueryRunner): Promise<void> {
    const dimensions = `
        workflow_state text,
        status text,
        risk_level text,
        sex text,
        age_group text,
        owner_id uuid,
        created_month text,
        closed_month text`;
    await q.query(`
      CREATE TABLE case_stat_members (
        case_id uuid PRIMARY KEY,
        module text NOT NULL,
        agency_id text NOT NULL,
        location_path ltree,${dimensions},
        protection_concerns text[] NOT NULL
      )`);
    await q.query(`
      CREATE TABLE case_stat_cells (
        grouping text NOT NULL,
        module text NOT NULL,
        agency_id text NOT NULL,
        location_path ltree,${dimensions},
        protection_concern text,
        cases integer NOT NULL
      )`);
    await q.query(`
      CREATE UNIQUE INDEX case_stat_cells_key ON case_stat_cells (grouping, agency_id, module, location_path, workflow_state,
        status, risk_level, sex, age_group, owner_id, created_month, closed_month, protection_concern) NULLS NOT DISTINCT`);
    await q.query(`
      CREATE TABLE case_stat_refresh (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        horizon xid8 NOT NULL,
        as_of timestamptz NOT NULL,
        groupings text NOT NULL,
        changed integer NOT NULL,
        duration_ms integer NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE case_stat_refresh`);
    await q.query(`DROP TABLE case_stat_cells`);
    await q.query(`DROP TABLE case_stat_members`);
  }
}
