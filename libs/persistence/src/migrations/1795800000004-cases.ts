import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Cases (ARCHITECTURE.md decision 3): indexed columns for everything lists, scope and dashboards filter on, form
 * values in `data jsonb`, optimistic concurrency by `version`, append-only `case_events`, soft disable.
 * `change_seq` orders every change for sync cursors; search_* columns are derived at write time.
 */
/** Columns list filters and access rules read: carried by the list indexes so they never need the heap. */
const LIST_COLUMNS = [
  'status', 'workflow_state', 'risk_level', 'created_at', 'location_path', 'agency_id', 'owner_id', 'module',
  'group_ids', 'assigned_user_ids', 'shared_user_ids', 'shared_agency_ids',
].join(', ');

export class Cases1795800000004 implements MigrationInterface {
  name = 'Cases1795800000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE case_change_seq`);
    await q.query(`
      CREATE TABLE cases (
        id uuid PRIMARY KEY,
        short_id text NOT NULL UNIQUE,
        record_type text NOT NULL DEFAULT 'case',
        module text NOT NULL DEFAULT 'cp',
        status text NOT NULL DEFAULT 'open',
        workflow_id text NOT NULL,
        workflow_state text NOT NULL,
        owner_id uuid NOT NULL,
        agency_id text NOT NULL,
        group_ids text[] NOT NULL DEFAULT '{}',
        assigned_user_ids uuid[] NOT NULL DEFAULT '{}',
        shared_user_ids uuid[] NOT NULL DEFAULT '{}',
        shared_agency_ids text[] NOT NULL DEFAULT '{}',
        location_code text,
        location_path ltree,
        risk_level text,
        sex text,
        age smallint,
        protection_concerns text[] NOT NULL DEFAULT '{}',
        data jsonb NOT NULL DEFAULT '{}',
        form_versions jsonb NOT NULL DEFAULT '{}',
        search_names text NOT NULL DEFAULT '',
        search_phonetic text[] NOT NULL DEFAULT '{}',
        search_identifiers text[] NOT NULL DEFAULT '{}',
        version integer NOT NULL DEFAULT 1,
        disabled boolean NOT NULL DEFAULT false,
        merged_into uuid REFERENCES cases(id),
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz,
        change_seq bigint NOT NULL DEFAULT nextval('case_change_seq')
      )`);
    const indexes = [
      // Lists page through these in sort order and check scope and filters from the INCLUDEd columns without
      // touching the heap (index-only scans): page 50 of a national list costs what page 1 does.
      `CREATE INDEX cases_state_updated_idx ON cases (workflow_state, updated_at DESC, id DESC) INCLUDE (${LIST_COLUMNS}) WHERE NOT disabled`,
      `CREATE INDEX cases_status_updated_idx ON cases (status, updated_at DESC, id DESC) INCLUDE (${LIST_COLUMNS}) WHERE NOT disabled`,
      `CREATE INDEX cases_updated_idx ON cases (updated_at DESC, id DESC) INCLUDE (${LIST_COLUMNS}) WHERE NOT disabled`,
      `CREATE INDEX cases_created_idx ON cases (created_at DESC, id)`,
      `CREATE INDEX cases_owner_idx ON cases (owner_id, updated_at DESC)`,
      `CREATE INDEX cases_agency_idx ON cases (agency_id, updated_at DESC)`,
      `CREATE INDEX cases_risk_idx ON cases (risk_level)`,
      `CREATE INDEX cases_groups_gin ON cases USING gin (group_ids)`,
      `CREATE INDEX cases_assigned_gin ON cases USING gin (assigned_user_ids)`,
      `CREATE INDEX cases_shared_users_gin ON cases USING gin (shared_user_ids)`,
      `CREATE INDEX cases_shared_agencies_gin ON cases USING gin (shared_agency_ids)`,
      `CREATE INDEX cases_location_gist ON cases USING gist (location_path)`,
      `CREATE INDEX cases_data_gin ON cases USING gin (data jsonb_path_ops)`,
      `CREATE INDEX cases_names_trgm ON cases USING gin (search_names gin_trgm_ops)`,
      `CREATE INDEX cases_phonetic_gin ON cases USING gin (search_phonetic)`,
      `CREATE INDEX cases_identifiers_gin ON cases USING gin (search_identifiers)`,
      `CREATE INDEX cases_change_seq_idx ON cases (change_seq)`,
    ];
    for (const sql of indexes) await q.query(sql);

    await q.query(`
      CREATE TABLE case_events (
        id bigserial PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id),
        at timestamptz NOT NULL DEFAULT now(),
        actor_id uuid NOT NULL,
        action text NOT NULL,
        version integer,
        changes jsonb NOT NULL DEFAULT '{}',
        meta jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX case_events_case_idx ON case_events (case_id, id)`);
    await q.query(`
      CREATE TABLE case_access_log (
        id bigserial PRIMARY KEY,
        case_id uuid NOT NULL,
        actor_id uuid NOT NULL,
        at timestamptz NOT NULL,
        action text NOT NULL,
        correlation_id text
      )`);
    await q.query(`CREATE INDEX case_access_log_case_idx ON case_access_log (case_id, at DESC)`);
    await q.query(`CREATE INDEX case_access_log_actor_idx ON case_access_log (actor_id, at DESC)`);
    await q.query(`
      CREATE TABLE case_notes (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id),
        author_id uuid NOT NULL,
        subject text,
        body text NOT NULL,
        client_created_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX case_notes_case_idx ON case_notes (case_id, created_at)`);
    await q.query(`
      CREATE TABLE case_flags (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id),
        reason text NOT NULL,
        flagged_by uuid NOT NULL,
        flagged_at timestamptz NOT NULL DEFAULT now(),
        unflagged_by uuid,
        unflagged_at timestamptz,
        unflag_reason text
      )`);
    await q.query(`CREATE INDEX case_flags_case_idx ON case_flags (case_id)`);
    // Time-limited, reasoned access outside the actor's scope (break-the-glass). Referral/transfer access is
    // denormalised onto cases.shared_* for list filtering and described by the referral rows themselves.
    await q.query(`
      CREATE TABLE access_grants (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id),
        user_id uuid NOT NULL,
        kind text NOT NULL,
        reason text NOT NULL,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX access_grants_user_idx ON access_grants (user_id, expires_at)`);
    // Idempotent retries of creating POSTs (Idempotency-Key), per actor.
    await q.query(`
      CREATE TABLE idempotency_keys (
        actor_id uuid NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        response_status integer NOT NULL,
        response_body jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (actor_id, key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['idempotency_keys', 'access_grants', 'case_flags', 'case_notes', 'case_access_log', 'case_events', 'cases']) {
      await q.query(`DROP TABLE ${t}`);
    }
    await q.query(`DROP SEQUENCE case_change_seq`);
  }
}
