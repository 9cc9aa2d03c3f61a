import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Offline sync for tablets (docs/sync.md).
 * - Every write to a case stamps the writing transaction id (`change_xid`) and a fresh `change_seq`, in a trigger so
 *   that no writer (case service, workflow, referrals, an operator's SQL) can forget it. Pull serves changes in
 *   (change_xid, change_seq) order and only below the oldest running transaction (`pg_snapshot_xmin`): a transaction
 *   that commits after a reader went past its sequence number can never be skipped.
 * - `sync_streams`: one per tablet install (first pull); `sync_deliveries`: the cases a stream was sent, so a case that
 *   is no longer visible is announced as removed to the tablets that hold it, and to no one else.
 * - `sync_batch_items`: per-item results of pushes, replayed when a tablet retries a batch after a lost response.
 */
export class Sync1795800000050 implements MigrationInterface {
  name = 'Sync1795800000050';

  async up(q: QueryRunner): Promise<void> {
    // Rows written before this migration count as committed long ago (xid 1 is below every snapshot's xmin).
    await q.query(`ALTER TABLE cases ADD COLUMN change_xid xid8 NOT NULL DEFAULT '1'::xid8`);
    await q.query(`
      CREATE FUNCTION tutela_case_change_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.change_xid := pg_current_xact_id();
        IF TG_OP = 'UPDATE' AND NEW.change_seq IS NOT DISTINCT FROM OLD.change_seq THEN
          NEW.change_seq := nextval('case_change_seq');
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER cases_change_stamp BEFORE INSERT OR UPDATE ON cases
        FOR EACH ROW EXECUTE FUNCTION tutela_case_change_stamp()`);
    await q.query(`CREATE INDEX cases_sync_order_idx ON cases (change_xid, change_seq)`);

    await q.query(`
      CREATE TABLE sync_streams (
        id uuid PRIMARY KEY,
        user_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_pull_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX sync_streams_user_idx ON sync_streams (user_id)`);
    await q.query(`CREATE SEQUENCE sync_removal_seq`);
    await q.query(`
      CREATE TABLE sync_deliveries (
        stream_id uuid NOT NULL REFERENCES sync_streams(id) ON DELETE CASCADE,
        case_id uuid NOT NULL,
        -- Set when the case stopped being visible: the removal is announced until a later cursor acknowledges it.
        removed_seq bigint,
        PRIMARY KEY (stream_id, case_id)
      )`);
    await q.query(`CREATE INDEX sync_deliveries_removed_idx ON sync_deliveries (stream_id, removed_seq) WHERE removed_seq IS NOT NULL`);
    await q.query(`
      CREATE TABLE sync_batch_items (
        actor_id uuid NOT NULL,
        batch_id uuid NOT NULL,
        item_key text NOT NULL,
        item_hash text NOT NULL,
        result jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (actor_id, batch_id, item_key)
      )`);
    await q.query(`CREATE INDEX sync_batch_items_created_idx ON sync_batch_items (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sync_batch_items`);
    await q.query(`DROP TABLE sync_deliveries`);
    await q.query(`DROP SEQUENCE sync_removal_seq`);
    await q.query(`DROP TABLE sync_streams`);
    await q.query(`DROP INDEX cases_sync_order_idx`);
    await q.query(`DROP TRIGGER cases_change_stamp ON cases`);
    await q.query(`DROP FUNCTION tutela_case_change_stamp()`);
    await q.query(`ALTER TABLE cases DROP COLUMN change_xid`);
  }
}
