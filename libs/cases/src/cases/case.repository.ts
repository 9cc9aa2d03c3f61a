import { Injectable } from '@nestjs/common';
import { SqlExecutor } from '@tutela/persistence';
import { CaseData, CaseRecord, FieldChanges } from './case.types';
import { CaseIndexColumns } from './case-indexing';
import { INITIAL_DATA_KEY, StoredChanges } from './event-changes';

export const CASE_COLUMNS = `
  c.id, c.short_id AS "shortId", c.record_type AS "recordType", c.module, c.status, c.workflow_id AS "workflowId",
  c.workflow_state AS "workflowState", c.owner_id AS "ownerId", c.agency_id AS "agencyId", c.group_ids AS "groupIds",
  c.assigned_user_ids AS "assignedUserIds", c.shared_user_ids AS "sharedUserIds", c.shared_agency_ids AS "sharedAgencyIds",
  c.location_code AS "locationCode", c.location_path::text AS "locationPath", c.risk_level AS "riskLevel", c.data,
  c.form_versions AS "formVersions", c.version, c.disabled, c.merged_into AS "mergedInto", c.created_by AS "createdBy",
  c.created_at AS "createdAt", c.updated_at AS "updatedAt", c.closed_at AS "closedAt"`;

/** The same columns for RETURNING, where the table has no alias. */
const RETURNED_COLUMNS = CASE_COLUMNS.replace(/\bc\./g, '');
/** What a create reads back: not `data` and `form_versions`, which it sent (2 KB of JSON back and parsed again). */
const CREATE_RETURNED_COLUMNS = RETURNED_COLUMNS.replace(/\s*data,\s*form_versions AS "formVersions",/, '');

export interface NewCaseRow {
  id: string;
  shortId: string;
  module: string;
  status: string;
  workflowId: string;
  workflowState: string;
  ownerId: string;
  agencyId: string;
  groupIds: string[];
  data: CaseData;
  formVersions: Record<string, number>;
  createdBy: string;
  index: CaseIndexColumns;
}

/** A new case with what every create writes beside it: its history event and its duplicate-scan job. */
export interface NewCaseWithHistory {
  case: Omit<NewCaseRow, 'index'>;
  actorId: string;
  /** Outbox job id of the duplicate scan of this case (see OutboxService: the relay and dispatch move it on). */
  scanJobId: string;
}

/** SQL of the `cases` and `case_events` tables. Every method runs on the executor it is given (often a transaction). */
@Injectable()
export class CaseRepository {
  async find(executor: SqlExecutor, id: string, options: { forUpdate?: boolean } = {}): Promise<CaseRecord | undefined> {
    const [row] = await executor.query<CaseRecord>(
      `SELECT ${CASE_COLUMNS} FROM cases c WHERE c.id = $1 ${options.forUpdate ? 'FOR UPDATE' : ''}`,
      [id],
      // Every read, update and transition starts here: prepared once per connection (one name per text).
      { name: options.forUpdate ? 'cases_find_for_update' : 'cases_find' },
    );
    return row;
  }

  /**
   * The row, its `create` history event (the initial data: event-changes.ts) and its outbox row for the duplicate
   * scan in ONE statement (data-modifying CTEs are atomic together, so no BEGIN/COMMIT round trips): the create path's
   * only write. Nothing is written when the id exists (a tablet retrying): undefined then.
   */
  async insertWithHistory(executor: SqlExecutor, write: NewCaseWithHistory & { case: NewCaseRow }): Promise<{ record: CaseRecord; outboxIds: string[] } | undefined> {
    const row = write.case;
    const i = row.index;
    const [inserted] = await executor.query<Omit<CaseRecord, 'data' | 'formVersions'> & { outboxId: string }>(
      `WITH inserted AS (
         INSERT INTO cases (id, short_id, module, status, workflow_id, workflow_state, owner_id, agency_id, group_ids,
           location_code, location_path, risk_level, sex, age, protection_concerns, data, form_versions,
           search_names, search_phonetic, search_identifiers, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::ltree, $12, $13, $14, $15, $16, $17,
           tutela_normalize($18), tutela_phonetic($18), $19, $20)
         ON CONFLICT (id) DO NOTHING RETURNING ${CREATE_RETURNED_COLUMNS}
       ), event AS (
         INSERT INTO case_events (case_id, actor_id, action, version, changes, meta)
         SELECT id, $21, 'create', 1, jsonb_build_object('${INITIAL_DATA_KEY}', $16::jsonb), '{}' FROM inserted
       ), scan AS (
         INSERT INTO outbox (queue, job_name, job_id, payload, delay_ms)
         SELECT 'cases', 'scan-duplicates', $22, jsonb_build_object('caseId', id), 0 FROM inserted RETURNING id
       )
       SELECT inserted.*, (SELECT id FROM scan) AS "outboxId" FROM inserted`,
      [
        row.id, row.shortId, row.module, row.status, row.workflowId, row.workflowState, row.ownerId, row.agencyId, row.groupIds,
        i.locationCode, i.locationPath, i.riskLevel, i.sex, i.age, i.protectionConcerns, JSON.stringify(row.data),
        JSON.stringify(row.formVersions), i.names, i.identifiers, row.createdBy,
        write.actorId, write.scanJobId,
      ],
      // The create path's one statement, always the same text: prepared once per connection.
      { name: 'cases_insert_with_history' },
    );
    if (!inserted) return undefined;
    const { outboxId, ...stored } = inserted;
    return { record: { ...stored, data: row.data, formVersions: row.formVersions }, outboxIds: [String(outboxId)] };
  }

  /**
   * Compare-and-set on `version` of the data, its `update` history event and its duplicate rescan (once per version)
   * in ONE statement. Undefined when someone else wrote first (nothing is written then).
   */
  async updateWithHistory(
    executor: SqlExecutor,
    write: { id: string; expectedVersion: number; data: CaseData; formVersions: Record<string, number>; index: CaseIndexColumns; actorId: string; changes: FieldChanges; meta?: Record<string, unknown> },
  ): Promise<{ record: CaseRecord; outboxIds: string[] } | undefined> {
    const i = write.index;
    const [row] = await executor.query<CaseRecord & { outboxId: string }>(
      `WITH updated AS (
         UPDATE cases SET data = $3, form_versions = $4, location_code = $5, location_path = $6::ltree, risk_level = $7,
                sex = $8, age = $9, protection_concerns = $10, search_names = tutela_normalize($11),
                search_phonetic = tutela_phonetic($11), search_identifiers = $12,
                version = version + 1, updated_at = now(), change_seq = nextval('case_change_seq')
          WHERE id = $1 AND version = $2
          RETURNING ${RETURNED_COLUMNS}
       ), event AS (
         INSERT INTO case_events (case_id, actor_id, action, version, changes, meta)
         SELECT id, $13, 'update', version, $14, $15 FROM updated
       ), scan AS (
         INSERT INTO outbox (queue, job_name, job_id, payload, delay_ms)
         SELECT 'cases', 'scan-duplicates', 'scan-duplicates-' || id || '-' || version, jsonb_build_object('caseId', id), 0 FROM updated
         RETURNING id
       )
       SELECT updated.*, (SELECT id FROM scan) AS "outboxId" FROM updated`,
      [write.id, write.expectedVersion, JSON.stringify(write.data), JSON.stringify(write.formVersions), i.locationCode, i.locationPath,
        i.riskLevel, i.sex, i.age, i.protectionConcerns, i.names, i.identifiers, write.actorId, JSON.stringify(write.changes), JSON.stringify(write.meta ?? {})],
    );
    if (!row) return undefined;
    const { outboxId, ...record } = row;
    return { record, outboxIds: [String(outboxId)] };
  }

  /** Compare-and-set on `version`: returns the new version, or null when someone else wrote first. */
  async updateData(
    executor: SqlExecutor,
    id: string,
    expectedVersion: number,
    change: { data: CaseData; formVersions: Record<string, number>; index: CaseIndexColumns },
  ): Promise<{ version: number; updatedAt: Date } | null> {
    const i = change.index;
    const [row] = await executor.query<{ version: number; updatedAt: Date }>(
      `UPDATE cases SET data = $3, form_versions = $4, location_code = $5, location_path = $6::ltree, risk_level = $7,
              sex = $8, age = $9, protection_concerns = $10, search_names = tutela_normalize($11),
              search_phonetic = tutela_phonetic($11), search_identifiers = $12,
              version = version + 1, updated_at = now(), change_seq = nextval('case_change_seq')
        WHERE id = $1 AND version = $2
        RETURNING version, updated_at AS "updatedAt"`,
      [id, expectedVersion, JSON.stringify(change.data), JSON.stringify(change.formVersions), i.locationCode, i.locationPath,
        i.riskLevel, i.sex, i.age, i.protectionConcerns, i.names, i.identifiers],
    );
    return row ?? null;
  }

  async setDisabled(executor: SqlExecutor, id: string, expectedVersion: number): Promise<{ version: number } | null> {
    const [row] = await executor.query<{ version: number }>(
      `UPDATE cases SET disabled = true, version = version + 1, updated_at = now(), change_seq = nextval('case_change_seq')
        WHERE id = $1 AND version = $2 RETURNING version`,
      [id, expectedVersion],
    );
    return row ?? null;
  }

  async appendEvent(
    executor: SqlExecutor,
    event: { caseId: string; actorId: string; action: string; version: number | null; changes?: FieldChanges; meta?: Record<string, unknown> },
  ): Promise<void> {
    await executor.query(
      `INSERT INTO case_events (case_id, actor_id, action, version, changes, meta) VALUES ($1, $2, $3, $4, $5, $6)`,
      [event.caseId, event.actorId, event.action, event.version, JSON.stringify(event.changes ?? {}), JSON.stringify(event.meta ?? {})],
    );
  }

  async events(executor: SqlExecutor, caseId: string): Promise<Array<{ id: string; at: Date; actorId: string; actorUsername: string | null; action: string; version: number | null; changes: StoredChanges; meta: Record<string, unknown> }>> {
    return executor.query(
      `SELECT e.id, e.at, e.actor_id AS "actorId", u.username AS "actorUsername", e.action, e.version, e.changes, e.meta
         FROM case_events e LEFT JOIN users u ON u.id = e.actor_id WHERE e.case_id = $1 ORDER BY e.id`,
      [caseId],
    );
  }
}
