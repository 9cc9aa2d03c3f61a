import { Injectable } from '@nestjs/common';
import { Actor, TutelaError } from '@tutela/common';
import { Database } from '@tutela/persistence';
import { ApprovalCheck, checkApprovalDecision, checkApprovalRequest, localize } from '@tutela/workflow';
import { randomUUID } from 'node:crypto';
import { AccessContextService } from '../cases/access-context.service';
import { CaseAccessLog } from '../cases/case-access-log.service';
import { CaseRepository } from '../cases/case.repository';
import { CaseService } from '../cases/case.service';
import { transitionContext } from '../cases/transition-context';
import { ConfigurationService } from '../configuration/configuration.service';
import { workflowOf } from './transition-request.service';
import { WorkflowRepository } from './workflow.repository';

export interface ApprovalView {
  id: string;
  caseId: string;
  type: string;
  label: string;
  status: 'pending' | 'approved' | 'rejected';
  requestedBy: string;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  comment: string | null;
  /** A later workflow step made this decision stale: it no longer counts. */
  cleared: boolean;
}

interface ApprovalRow {
  id: string;
  caseId: string;
  type: string;
  status: ApprovalView['status'];
  requestedBy: string;
  requestedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
  comment: string | null;
  clearedAt: Date | null;
}

const APPROVAL_COLUMNS = `id, case_id AS "caseId", type, status, requested_by AS "requestedBy", requested_at AS "requestedAt",
  decided_by AS "decidedBy", decided_at AS "decidedAt", decision_comment AS "comment", cleared_at AS "clearedAt"`;

/**
 * Approvals of a case (types and rules from its workflow): request, decide, list. Each step is a case event and
 * bumps version/change_seq; a new request supersedes earlier decisions of its type (latest non-cleared counts).
 */
@Injectable()
export class ApprovalService {
  constructor(
    private readonly db: Database,
    private readonly configuration: ConfigurationService,
    private readonly access: AccessContextService,
    private readonly cases: CaseService,
    private readonly caseRows: CaseRepository,
    private readonly repository: WorkflowRepository,
    private readonly accessLog: CaseAccessLog,
  ) {}

  async list(actor: Actor, caseId: string): Promise<ApprovalView[]> {
    const ctx = await this.access.forActor(actor, [caseId]);
    const record = await this.cases.load(ctx, caseId, 'read');
    this.accessLog.record(actor, caseId, 'read_approvals');
    const rows = await this.db.query<ApprovalRow>(`SELECT ${APPROVAL_COLUMNS} FROM approvals WHERE case_id = $1 ORDER BY requested_at, id`, [caseId]);
    const workflow = workflowOf(this.configuration.snapshot().workflows, record);
    return rows.map((row) => toView(row, workflow.approvals.get(row.type)?.label, actor.locale));
  }

  async request(actor: Actor, caseId: string, input: { type: string; comment?: string }): Promise<ApprovalView> {
    const ctx = await this.access.forActor(actor, [caseId]);
    const record = await this.cases.load(ctx, caseId, 'read');
    if (record.disabled) throw TutelaError.conflict('The case is disabled');
    const snapshot = this.configuration.snapshot();
    const workflow = workflowOf(snapshot.workflows, record);
    const check = checkApprovalRequest(workflow, input.type, await this.repository.snapshot(this.db, record), transitionContext(ctx, snapshot.forms, record.data));
    refuseUnless(check);
    const id = randomUUID();
    await this.db.transaction(async (tx) => {
      const locked = await this.caseRows.find(tx, caseId, { forUpdate: true });
      const pending = await tx.query(`SELECT 1 FROM approvals WHERE case_id = $1 AND type = $2 AND status = 'pending' AND cleared_at IS NULL`, [caseId, input.type]);
      if (pending.length) throw TutelaError.conflict(`An approval of type "${input.type}" is already pending`, [{ path: '/type', code: 'already_pending', message: 'Already pending' }]);
      await tx.query(`INSERT INTO approvals (id, case_id, type, status, requested_by, request_comment) VALUES ($1, $2, $3, 'pending', $4, $5)`, [
        id, caseId, input.type, actor.userId, input.comment ?? null,
      ]);
      // Supervisors of the case's agency see it in their tasks; the alert tells them it arrived.
      await tx.query(`INSERT INTO alerts (id, case_id, agency_id, kind, message) VALUES ($1, $2, $3, 'approval_requested', $4)`, [
        randomUUID(), caseId, record.agencyId, JSON.stringify({ key: 'approval_requested', text: workflow.approvals.get(input.type)?.label ?? { en: input.type } }),
      ]);
      const touched = await this.repository.touch(tx, caseId, (locked ?? record).version);
      if (!touched) throw new Error('case version moved under a row lock');
      await this.caseRows.appendEvent(tx, { caseId, actorId: actor.userId, action: 'approval_requested', version: touched.version, meta: { approvalId: id, type: input.type } });
    });
    return this.one(caseId, id, actor.locale);
  }

  async decide(actor: Actor, caseId: string, approvalId: string, input: { decision: 'approved' | 'rejected'; comment?: string }): Promise<ApprovalView> {
    const ctx = await this.access.forActor(actor, [caseId]);
    const record = await this.cases.load(ctx, caseId, 'read');
    const [approval] = await this.db.query<ApprovalRow>(`SELECT ${APPROVAL_COLUMNS} FROM approvals WHERE id = $1 AND case_id = $2`, [approvalId, caseId]);
    if (!approval) throw TutelaError.notFound('Approval');
    const snapshot = this.configuration.snapshot();
    const workflow = workflowOf(snapshot.workflows, record);
    refuseUnless(checkApprovalDecision(workflow, approval.type, { ownerId: record.ownerId, requestedBy: approval.requestedBy }, transitionContext(ctx, snapshot.forms, record.data)));
    await this.db.transaction(async (tx) => {
      const locked = await this.caseRows.find(tx, caseId, { forUpdate: true });
      const updated = await tx.query(
        `UPDATE approvals SET status = $2, decided_by = $3, decided_at = now(), decision_comment = $4
          WHERE id = $1 AND status = 'pending' AND cleared_at IS NULL RETURNING id`,
        [approvalId, input.decision, actor.userId, input.comment ?? null],
      );
      if (updated.length === 0) throw TutelaError.conflict('This approval is already decided or no longer current');
      const touched = await this.repository.touch(tx, caseId, (locked ?? record).version);
      if (!touched) throw new Error('case version moved under a row lock');
      await this.caseRows.appendEvent(tx, {
        caseId,
        actorId: actor.userId,
        action: 'approval_decided',
        version: touched.version,
        meta: { approvalId, type: approval.type, decision: input.decision },
      });
    });
    return this.one(caseId, approvalId, actor.locale);
  }

  private async one(caseId: string, id: string, locale: string): Promise<ApprovalView> {
    const [row] = await this.db.query<ApprovalRow>(`SELECT ${APPROVAL_COLUMNS} FROM approvals WHERE id = $1`, [id]);
    const record = await this.caseRows.find(this.db, caseId);
    const label = record ? this.configuration.snapshot().workflows.get(record.workflowId)?.approvals.get(row.type)?.label : undefined;
    return toView(row, label, locale);
  }
}

function refuseUnless(check: ApprovalCheck): void {
  if (check.allowed) return;
  const detail = [{ path: '/type', code: check.code, message: check.reason }];
  if (check.code === 'unknown_approval_type') throw TutelaError.validation(detail, check.reason);
  if (check.code === 'not_requestable_in_state') throw TutelaError.conflict(check.reason, detail);
  throw TutelaError.forbidden(check.reason, detail);
}

function toView(row: ApprovalRow, label: Parameters<typeof localize>[0] | undefined, locale: string): ApprovalView {
  return {
    id: row.id,
    caseId: row.caseId,
    type: row.type,
    label: label ? localize(label, locale) : row.type,
    status: row.status,
    requestedBy: row.requestedBy,
    requestedAt: new Date(row.requestedAt).toISOString(),
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt ? new Date(row.decidedAt).toISOString() : null,
    comment: row.comment,
    cleared: row.clearedAt !== null,
  };
}
