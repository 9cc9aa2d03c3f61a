import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Dashboards, exports and imports (issue 9).
 * - Statistics read the derived columns of `cases`; one narrow partial index lets the common groupings run as
 *   index-only scans instead of reading the wide rows (data jsonb). One btree per case write keeps the write cost low.
 * - Exports and imports are jobs with progress rows. An export password is kept encrypted (AES-256-GCM) only until
 *   the job has used it; import files are kept in the row (bounded by the body limit) so jobs stay small.
 */
export class ReportsExports1795800000040 implements MigrationInterface {
  name = 'ReportsExports1795800000040';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX cases_stats_idx ON cases (agency_id, workflow_state, status, risk_level, sex, age, owner_id, created_at) WHERE NOT disabled`,
    );
    await q.query(`CREATE INDEX cases_closed_at_idx ON cases (closed_at) WHERE closed_at IS NOT NULL AND NOT disabled`);
    await q.query(`CREATE INDEX case_transfers_created_idx ON case_transfers (created_at)`);
    await q.query(`
      CREATE TABLE exports (
        id uuid PRIMARY KEY,
        created_by uuid NOT NULL,
        format text NOT NULL CHECK (format IN ('csv', 'xlsx', 'json')),
        request jsonb NOT NULL,
        password_enc text,
        protected boolean NOT NULL DEFAULT false,
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed', 'expired')),
        rows_done integer NOT NULL DEFAULT 0,
        rows_total integer,
        file_name text,
        file_size bigint,
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX exports_creator_idx ON exports (created_by, created_at DESC)`);
    await q.query(`CREATE INDEX exports_expiry_idx ON exports (expires_at) WHERE status <> 'expired'`);
    await q.query(`
      CREATE TABLE imports (
        id uuid PRIMARY KEY,
        created_by uuid NOT NULL,
        format text NOT NULL CHECK (format IN ('csv', 'xlsx', 'ndjson')),
        file_hash text NOT NULL,
        content bytea,
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
        rows_total integer,
        rows_done integer NOT NULL DEFAULT 0,
        rows_created integer NOT NULL DEFAULT 0,
        rows_existing integer NOT NULL DEFAULT 0,
        rows_failed integer NOT NULL DEFAULT 0,
        errors jsonb NOT NULL DEFAULT '[]',
        error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    await q.query(`CREATE INDEX imports_creator_idx ON imports (created_by, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE imports`);
    await q.query(`DROP TABLE exports`);
    await q.query(`DROP INDEX case_transfers_created_idx`);
    await q.query(`DROP INDEX cases_closed_at_idx`);
    await q.query(`DROP INDEX cases_stats_idx`);
  }
}
