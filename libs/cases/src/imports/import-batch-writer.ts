import { Injectable } from '@nestjs/common';
import { Actor } from '@tutela/common';
import { SqlExecutor } from '@tutela/persistence';
import { INITIAL_DATA_KEY } from '../cases/event-changes';
import { WorkflowEffectsService } from '../workflow/workflow-effects.service';
import { caseCreators } from './import-case-lookups';
import { PreparedCase } from './import-case-preparer';

/** What the INSERT did with a chunk's prepared cases. */
export interface StoredChunk {
  created: PreparedCase[];
  /** Stored meanwhile by the same uploader (another run of this import): counted as already imported. */
  existing: PreparedCase[];
  /** Stored meanwhile by someone else importing the same file. */
  conflicts: PreparedCase[];
  /** Outbox rows to dispatch once the transaction has committed (the initial state's timers). */
  outboxIds: string[];
}

/** The columns of `cases` an import writes, as `jsonb_to_recordset` reads them; search columns derive in SQL. */
const CASE_RECORD = `id uuid, short_id text, module text, status text, workflow_id text, workflow_state text, owner_id uuid,
  agency_id text, group_ids text[], location_code text, location_path ltree, risk_level text, sex text, age smallint,
  protection_concerns text[], data jsonb, form_versions jsonb, names text, search_identifiers text[], created_by uuid`;

/**
 * The write half of CaseService.create for a whole chunk, in the caller's transaction: one statement for the cases
 * and their `create` history events, plus the timers the initial state starts, if any. Their duplicate scans are
 * staged when the import ends (stageImportScans).
 */
@Injectable()
export class ImportBatchWriter {
  constructor(private readonly effects: WorkflowEffectsService) {}

  async insert(tx: SqlExecutor, actor: Actor, cases: PreparedCase[]): Promise<StoredChunk> {
    const stored: StoredChunk = { created: [], existing: [], conflicts: [], outboxIds: [] };
    if (cases.length === 0) return stored;
    const rows = await tx.query<{ id: string }>(INSERT_CHUNK, [JSON.stringify(cases.map(toRecordsetRow)), actor.userId]);
    const inserted = new Set(rows.map((r) => r.id));
    stored.created = cases.filter((c) => inserted.has(c.record.id));
    if (stored.created.length < cases.length) await this.sortSkipped(tx, actor, cases.filter((c) => !inserted.has(c.record.id)), stored);
    // A case's start only schedules timers (planCaseStart): the row was complete before, the timers come after it.
    for (const c of stored.created.filter((p) => p.startEffects.length > 0)) {
      const { record } = c;
      const applied = await this.effects.apply(tx, { caseId: record.id, ownerId: record.ownerId, agencyId: record.agencyId, assignedUserIds: [], data: record.data }, c.startEffects, actor);
      stored.outboxIds.push(...applied.outboxIds);
    }
    return stored;
  }

  /**
   * Rows the INSERT skipped although the preparation found no case with their id: another run stored them in between
   * (sorted by who created them), or a short id was taken in between (the chunk rolls back and the job's retry draws
   * new ones; nothing of the chunk is lost or half-written).
   */
  private async sortSkipped(tx: SqlExecutor, actor: Actor, skipped: PreparedCase[], stored: StoredChunk): Promise<void> {
    const creators = await caseCreators(tx, skipped.map((c) => c.record.id));
    for (const c of skipped) {
      const creator = creators.get(c.record.id);
      if (!creator) throw new Error('A short id was taken while the chunk was written; the chunk is retried');
      (creator === actor.userId ? stored.existing : stored.conflicts).push(c);
    }
  }
}

/**
 * The whole chunk in ONE statement (data-modifying CTEs run together, atomically, in the caller's transaction): the
 * cases (`ON CONFLICT DO NOTHING`, so a re-run stores nothing twice) and the `create` history event of each case
 * actually inserted, holding its initial data as a create's does (event-changes.ts), taken from the row's own `data`:
 * the chunk's JSON carries each case once. One round trip and one parse. Returns the inserted cases' ids.
 */
const INSERT_CHUNK = `
  WITH r AS MATERIALIZED (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(${CASE_RECORD})
  ), inserted AS (
    INSERT INTO cases (id, short_id, module, status, workflow_id, workflow_state, owner_id, agency_id, group_ids,
      location_code, location_path, risk_level, sex, age, protection_concerns, data, form_versions,
      search_names, search_phonetic, search_identifiers, created_by)
    SELECT r.id, r.short_id, r.module, r.status, r.workflow_id, r.workflow_state, r.owner_id, r.agency_id, r.group_ids,
      r.location_code, r.location_path, r.risk_level, r.sex, r.age, r.protection_concerns, r.data, r.form_versions,
      tutela_normalize(r.names), tutela_phonetic(r.names), r.search_identifiers, r.created_by
      FROM r
    ON CONFLICT DO NOTHING
    RETURNING id
  ), events AS (
    INSERT INTO case_events (case_id, actor_id, action, version, changes, meta)
    SELECT r.id, $2, 'create', 1, jsonb_build_object('${INITIAL_DATA_KEY}', r.data), '{}' FROM r JOIN inserted USING (id)
  )
  SELECT id FROM inserted`;

/** The same values CaseRepository.insert binds, under the recordset's column names. */
function toRecordsetRow({ record }: PreparedCase): Record<string, unknown> {
  const i = record.index;
  return {
    id: record.id,
    short_id: record.shortId,
    module: record.module,
    status: record.status,
    workflow_id: record.workflowId,
    workflow_state: record.workflowState,
    owner_id: record.ownerId,
    agency_id: record.agencyId,
    group_ids: record.groupIds,
    location_code: i.locationCode,
    location_path: i.locationPath,
    risk_level: i.riskLevel,
    sex: i.sex,
    age: i.age,
    protection_concerns: i.protectionConcerns,
    data: record.data,
    form_versions: record.formVersions,
    names: i.names,
    search_identifiers: i.identifiers,
    created_by: record.createdBy,
  };
}
