import { Injectable } from '@nestjs/common';
import { Actor } from '@tutela/common';
import { SqlExecutor } from '@tutela/persistence';
import { ApprovalStatus, CaseSnapshot } from '@tutela/workflow';
import { CaseRecord } from '../cases/case.types';

export type TransitionRequestStatus = 'queued' | 'applied' | 'rejected';

export interface TransitionRequestRow {
  id: string;
  caseId: string;
  transition: string;
  requestedBy: string;
  idempotencyKey: string | null;
  note: string | null;
  status: TransitionRequestStatus;
  fromState: string | null;
  toState: string | null;
  reasonCode: string | null;
  /** The stored reason: a JSON WorkflowMessage (every language), rendered in the reader's locale. */
  reason: string | null;
  createdAt: Date;
  decidedAt: Date | null;
}

const REQUEST_COLUMNS = `id, case_id AS "caseId", transition, requested_by AS "requestedBy", idempotency_key AS "idempotencyKey",
  note, status, from_state AS "fromState", to_state AS "toState", reason_code AS "reasonCode", reason,
  created_at AS "createdAt", decided_at AS "decidedAt"`;

/** SQL of transition requests, approvals snapshots and workflow bookkeeping; every method runs on the given executor. */
@Injectable()
export class WorkflowRepository {
  async insertRequest(
    executor: SqlExecutor,
    row: { id: string; caseId: string; transition: string; requestedBy: string; idempotencyKey: string | null; note: string | null },
  ): Promise<boolean> {
    // The partial unique index (requested_by, idempotency_key) makes a retried key a no-op instead of an error.
    const inserted = await executor.query(
      `INSERT INTO transition_requests (id, case_id, transition, requested_by, idempotency_key, note)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (requested_by, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING RETURNING id`,
      [row.id, row.caseId, row.transition, row.requestedBy, row.idempotencyKey, row.note],
    );
    return inserted.length === 1;
  }

  async findRequest(executor: SqlExecutor, id: string, options: { forUpdate?: boolean } = {}): Promise<TransitionRequestRow | undefined> {
    const [row] = await executor.query<TransitionRequestRow>(
      `SELECT ${REQUEST_COLUMNS} FROM transition_requests WHERE id = $1 ${options.forUpdate ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return row;
  }

  async findByIdempotencyKey(executor: SqlExecutor, requestedBy: string, key: string): Promise<TransitionRequestRow | undefined> {
    const [row] = await executor.query<TransitionRequestRow>(
      `SELECT ${REQUEST_COLUMNS} FROM transition_requests WHERE requested_by = $1 AND idempotency_key = $2`,
      [requestedBy, key],
    );
    return row;
  }

  /** Queued requests of a case created up to (and including) `upTo`, oldest first: the FIFO order of application. */
  async queuedUpTo(executor: SqlExecutor, caseId: string, upTo: TransitionRequestRow): Promise<TransitionRequestRow[]> {
    return executor.query<TransitionRequestRow>(
      `SELECT ${REQUEST_COLUMNS} FROM transition_requests
        WHERE case_id = $1 AND status = 'queued'
          AND (created_at, id) <= (SELECT r.created_at, r.id FROM transition_requests r WHERE r.id = $2)
        ORDER BY created_at, id FOR UPDATE`,
      // Compared in SQL: a JS Date would drop the microseconds of created_at and miss the request itself.
      [caseId, upTo.id],
    );
  }

  async decideRequest(
    executor: SqlExecutor,
    id: string,
    decision: { status: 'applied' | 'rejected'; fromState: string; toState: string | null; reasonCode?: string; reason?: unknown },
  ): Promise<void> {
    await executor.query(
      `UPDATE transition_requests SET status = $2, from_state = $3, to_state = $4, reason_code = $5, reason = $6, decided_at = now()
        WHERE id = $1 AND status = 'queued'`,
      [id, decision.status, decision.fromState, decision.toState, decision.reasonCode ?? null, decision.reason === undefined ? null : JSON.stringify(decision.reason)],
    );
  }

  /** Latest non-cleared decision per approval type: what `approval_granted` guards read. */
  async approvalStatuses(executor: SqlExecutor, caseId: string): Promise<Partial<Record<string, ApprovalStatus>>> {
    const rows = await executor.query<{ type: string; status: ApprovalStatus }>(
      `SELECT DISTINCT ON (type) type, status FROM approvals WHERE case_id = $1 AND cleared_at IS NULL
        ORDER BY type, requested_at DESC, id`,
      [caseId],
    );
    return Object.fromEntries(rows.map((r) => [r.type, r.status]));
  }

  /** When the case entered its current state: the last transition event, else its creation. */
  async stateEnteredAt(executor: SqlExecutor, caseId: string, createdAt: Date): Promise<Date> {
    const [row] = await executor.query<{ at: Date }>(
      `SELECT at FROM case_events WHERE case_id = $1 AND action = 'transition' ORDER BY id DESC LIMIT 1`,
      [caseId],
    );
    return row ? new Date(row.at) : new Date(createdAt);
  }

  async snapshot(executor: SqlExecutor, record: CaseRecord): Promise<CaseSnapshot> {
    return {
      state: record.workflowState,
      data: record.data,
      ownerId: record.ownerId,
      riskLevel: record.riskLevel,
      approvals: await this.approvalStatuses(executor, record.id),
      stateEnteredAt: await this.stateEnteredAt(executor, record.id, record.createdAt),
    };
  }

  /** An enabled user as an Actor (the same columns AuthService.resolveActor reads); undefined when gone or disabled. */
  async loadActor(executor: SqlExecutor, userId: string): Promise<Actor | undefined> {
    const [row] = await executor.query<Actor>(
      `SELECT u.id AS "userId", u.username, u.role_id AS "roleId", u.agency_id AS "agencyId", u.group_ids AS "groupIds",
              u.location_code AS "locationCode", l.path::text AS "locationPath", u.locale
         FROM users u LEFT JOIN locations l ON l.code = u.location_code WHERE u.id = $1 AND NOT u.disabled`,
      [userId],
    );
    return row;
  }

  /** Workflow step on the case row: state, status, closing time and owner, with compare-and-set on `version`. */
  async writeState(
    executor: SqlExecutor,
    caseId: string,
    expectedVersion: number,
    change: { state: string; status: string; ownerId: string },
  ): Promise<{ version: number } | null> {
    const [row] = await executor.query<{ version: number }>(
      `UPDATE cases SET workflow_state = $3, status = $4, owner_id = $5,
              closed_at = CASE WHEN $4 = 'closed' THEN COALESCE(closed_at, now()) ELSE NULL END,
              version = version + 1, updated_at = now(), change_seq = nextval('case_change_seq')
        WHERE id = $1 AND version = $2 RETURNING version`,
      [caseId, expectedVersion, change.state, change.status, change.ownerId],
    );
    return row ?? null;
  }

  /** A workflow side step (approval, timer) that lists and sync must see: bump version and change_seq. */
  async touch(executor: SqlExecutor, caseId: string, expectedVersion: number): Promise<{ version: number } | null> {
    const [row] = await executor.query<{ version: number }>(
      `UPDATE cases SET version = version + 1, updated_at = now(), change_seq = nextval('case_change_seq')
        WHERE id = $1 AND version = $2 RETURNING version`,
      [caseId, expectedVersion],
    );
    return row ?? null;
  }
}
