import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Durable workflow (ARCHITECTURE.md decision 5): transition requests are stored before they are enqueued (outbox)
 * and applied at most once; timers are rows first, delayed jobs second; approvals, referrals/transfers and alerts.
 */
export class Workflow1795800000005 implements MigrationInterface {
  name = 'Workflow1795800000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE transition_requests (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id),
        transition text NOT NULL,
        requested_by uuid NOT NULL,
        idempotency_key text,
        note text,
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'applied', 'rejected')),
        from_state text,
        to_state text,
        reason_code text,
        reason text,
        client_created_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX transition_requests_idem_uq ON transition_requests (requested_by, idempotency_key) WHERE idempotency_key IS NOT NULL`);
    await q.query(`CREATE INDEX transition_requests_case_idx ON transition_requests (case_id, created_at)`);
    await q.query(`CREATE INDEX transition_requests_queued_idx ON transition_requests (created_at) WHERE status = 'queued'`);
    await q.query(`
      CREATE TABLE workflow_timers (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id),
        timer text NOT NULL,
        state text NOT NULL,
        due_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'fired', 'cancelled')),
        created_at timestamptz NOT NULL DEFAULT now(),
        fired_at timestamptz,
        cancelled_at timestamptz
      )`);
    await q.query(`CREATE INDEX workflow_timers_due_idx ON workflow_timers (due_at) WHERE status = 'scheduled'`);
    await q.query(`CREATE INDEX workflow_timers_case_idx ON workflow_timers (case_id)`);
    await q.query(`
      CREATE TABLE approvals (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id),
        type text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
        requested_by uuid NOT NULL,
        requested_at timestamptz NOT NULL DEFAULT now(),
        request_comment text,
        decided_by uuid,
        decided_at timestamptz,
        decision_comment text,
        -- Set when a workflow step makes the decision stale (e.g. back to assessment): it no longer counts.
        cleared_at timestamptz
      )`);
    await q.query(`CREATE INDEX approvals_case_idx ON approvals (case_id, type, requested_at DESC)`);
    await q.query(`CREATE INDEX approvals_pending_idx ON approvals (requested_at) WHERE status = 'pending'`);
    await q.query(`
      CREATE TABLE case_transfers (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id),
        kind text NOT NULL CHECK (kind IN ('referral', 'transfer')),
        status text NOT NULL CHECK (status IN ('in_progress', 'accepted', 'rejected', 'done', 'revoked')),
        from_user_id uuid NOT NULL,
        to_user_id uuid,
        to_agency_id text,
        service text,
        forms jsonb,
        note text,
        reason text,
        consent_overridden boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        responded_by uuid,
        responded_at timestamptz,
        CHECK (to_user_id IS NOT NULL OR to_agency_id IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX case_transfers_case_idx ON case_transfers (case_id)`);
    await q.query(`CREATE INDEX case_transfers_to_user_idx ON case_transfers (to_user_id, status)`);
    await q.query(`CREATE INDEX case_transfers_to_agency_idx ON case_transfers (to_agency_id, status)`);
    await q.query(`
      CREATE TABLE alerts (
        id uuid PRIMARY KEY,
        case_id uuid REFERENCES cases(id),
        user_id uuid,
        agency_id text,
        kind text NOT NULL,
        message jsonb NOT NULL,
        due_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        dismissed_at timestamptz
      )`);
    await q.query(`CREATE INDEX alerts_user_idx ON alerts (user_id, created_at DESC) WHERE dismissed_at IS NULL`);
    await q.query(`CREATE INDEX alerts_case_idx ON alerts (case_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['alerts', 'case_transfers', 'approvals', 'workflow_timers', 'transition_requests']) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
