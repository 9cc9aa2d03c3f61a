import { Injectable } from '@nestjs/common';
import { Actor } from '@tutela/common';
import { SqlExecutor } from '@tutela/persistence';
import { CaseSnapshot, CompiledWorkflow, NotifyRecipient, WorkflowEffect, planTimerRecompute, timerDurationFields } from '@tutela/workflow';
import { randomUUID } from 'node:crypto';
import { OutboxService } from '../queue/outbox.service';
import { CaseData } from '../cases/case.types';

export interface EffectTarget {
  caseId: string;
  ownerId: string;
  agencyId: string;
  assignedUserIds: string[];
  data: CaseData;
}

export interface AppliedEffects {
  /** Case data after `set_fields` (the caller stores it with the state change, in the same statement). */
  data: CaseData;
  ownerId: string;
  /** Outbox rows to dispatch after commit. */
  outboxIds: string[];
}

/**
 * Applies what the state machine planned, inside the caller's transaction: data and owner changes are returned for
 * the caller's compare-and-set update; timers, alerts, tasks and approvals are written here. Timers are rows first
 * and delayed jobs second (through the outbox), so a queue that loses them loses nothing (the sweep re-creates them).
 */
@Injectable()
export class WorkflowEffectsService {
  constructor(private readonly outbox: OutboxService) {}

  /**
   * A case's start, split: field and owner changes (`set_fields`, `assign`) applied in memory, so they go into the
   * row itself; what must be written elsewhere (timers, tasks, notifications...) returned for `apply` once the row
   * exists. When `stored` is empty the caller can write the case in one statement.
   */
  splitStart(target: EffectTarget, effects: readonly WorkflowEffect[]): { data: CaseData; ownerId: string; stored: WorkflowEffect[] } {
    const result = { data: { ...target.data }, ownerId: target.ownerId, stored: [] as WorkflowEffect[] };
    for (const effect of effects) {
      if (effect.type === 'set_fields') Object.assign(result.data, effect.values);
      else if (effect.type === 'assign') result.ownerId = effect.userId;
      else result.stored.push(effect);
    }
    return result;
  }

  async apply(tx: SqlExecutor, target: EffectTarget, effects: readonly WorkflowEffect[], actor: Actor): Promise<AppliedEffects> {
    const result: AppliedEffects = { data: { ...target.data }, ownerId: target.ownerId, outboxIds: [] };
    for (const effect of effects) {
      switch (effect.type) {
        case 'set_fields':
          Object.assign(result.data, effect.values);
          break;
        case 'assign':
          result.ownerId = effect.userId;
          break;
        case 'notify':
          await this.notify(tx, { ...target, ownerId: result.ownerId }, effect.recipients, effect.alertKind ?? 'workflow', effect.message);
          break;
        case 'schedule_timer':
          await this.cancelTimers(tx, target.caseId, [effect.timer]);
          result.outboxIds.push(await this.scheduleTimer(tx, target.caseId, effect.timer, effect.state, effect.dueAt));
          break;
        case 'cancel_timers':
          await this.cancelTimers(tx, target.caseId, effect.timers);
          break;
        case 'create_task':
          await tx.query(
            `INSERT INTO alerts (id, case_id, user_id, kind, message, due_at) VALUES ($1, $2, $3, $4, $5, $6)`,
            [randomUUID(), target.caseId, effect.assigneeId, `task:${effect.kind}`, JSON.stringify({ text: effect.label ?? { en: effect.kind, fr: effect.kind } }), effect.dueAt],
          );
          break;
        case 'request_approval':
          await tx.query(
            `INSERT INTO approvals (id, case_id, type, status, requested_by) VALUES ($1, $2, $3, 'pending', $4)`,
            [randomUUID(), target.caseId, effect.approvalType, effect.requestedBy],
          );
          break;
        case 'clear_approvals':
          await tx.query(
            `UPDATE approvals SET cleared_at = now() WHERE case_id = $1 AND cleared_at IS NULL ${effect.approvalTypes === 'all' ? '' : 'AND type = ANY($2)'}`,
            effect.approvalTypes === 'all' ? [target.caseId] : [target.caseId, effect.approvalTypes],
          );
          break;
        default:
          throw new Error(`No handler for workflow effect ${(effect as { type: string }).type} (actor ${actor.userId})`);
      }
    }
    return result;
  }

  /** Whether an edit with these field changes can move a deadline of the case's workflow (see timerDurationFields). */
  timersMayMove(workflowId: string, changes: Readonly<Record<string, unknown>>, workflows: ReadonlyMap<string, CompiledWorkflow>): boolean {
    const workflow = workflows.get(workflowId);
    if (!workflow) return false;
    const fields = timerDurationFields(workflow);
    return Object.keys(changes).some((field) => fields.has(field));
  }

  /** For CaseService.update: the case as it was plus the data just written; one indexed query when no timer is live. */
  async recomputeTimersAfterEdit(
    tx: SqlExecutor,
    record: { id: string; workflowId: string; workflowState: string; ownerId: string; riskLevel: string | null },
    data: CaseData,
    workflows: ReadonlyMap<string, CompiledWorkflow>,
  ): Promise<string[]> {
    const workflow = workflows.get(record.workflowId);
    if (!workflow) return [];
    const riskLevel = typeof data.risk_level === 'string' ? data.risk_level : record.riskLevel;
    return this.recomputeTimers(tx, record.id, workflow, { state: record.workflowState, data, ownerId: record.ownerId, riskLevel, approvals: {} });
  }

  /**
   * After an edit that changes what timer durations depend on (e.g. risk_level): re-plans the case's live timers
   * and replaces those whose due time moved, in the caller's transaction. Returns outbox rows to dispatch after commit.
   */
  async recomputeTimers(tx: SqlExecutor, caseId: string, workflow: CompiledWorkflow, snapshot: CaseSnapshot): Promise<string[]> {
    const live = await tx.query<{ timer: string; startedAt: Date; dueAt: Date }>(
      `SELECT timer, created_at AS "startedAt", due_at AS "dueAt" FROM workflow_timers WHERE case_id = $1 AND status = 'scheduled'`,
      [caseId],
    );
    if (live.length === 0) return [];
    const effects = planTimerRecompute(workflow, snapshot, live.map((t) => ({ timer: t.timer, startedAt: new Date(t.startedAt), dueAt: new Date(t.dueAt) })));
    if (effects.length === 0) return [];
    const outboxIds: string[] = [];
    for (const effect of effects) {
      await this.cancelTimers(tx, caseId, [effect.timer]);
      outboxIds.push(await this.scheduleTimer(tx, caseId, effect.timer, effect.state, effect.dueAt, effect.startedAt));
    }
    return outboxIds;
  }

  /**
   * `created_at` is the timer's start. A new timer starts at the transaction's `now()`, the same instant as the
   * transition event (so expiry never mistakes it for a leftover); a recomputed one keeps the start it replaces.
   */
  private async scheduleTimer(tx: SqlExecutor, caseId: string, timer: string, state: string, dueAt: Date, keepStart?: Date): Promise<string> {
    const timerId = randomUUID();
    await tx.query(
      `INSERT INTO workflow_timers (id, case_id, timer, state, due_at, created_at) VALUES ($1, $2, $3, $4, $5, COALESCE($6::timestamptz, now()))`,
      [timerId, caseId, timer, state, dueAt, keepStart ?? null],
    );
    return this.outbox.stage(tx, 'workflow:fire-timer', { timerId, caseId }, { jobId: `timer-${timerId}`, delayMs: dueAt.getTime() - Date.now() });
  }

  private async cancelTimers(tx: SqlExecutor, caseId: string, timers: string[] | 'all'): Promise<void> {
    await tx.query(
      `UPDATE workflow_timers SET status = 'cancelled', cancelled_at = now()
        WHERE case_id = $1 AND status = 'scheduled' ${timers === 'all' ? '' : 'AND timer = ANY($2)'}`,
      timers === 'all' ? [caseId] : [caseId, timers],
    );
  }

  /** Supervisors: enabled users of the case's agency whose role may approve (resolved from current role ids). */
  private async notify(tx: SqlExecutor, target: EffectTarget, recipients: NotifyRecipient[], kind: string, message: unknown): Promise<void> {
    const userIds = new Set<string>();
    const agencies = new Set<string>();
    for (const recipient of recipients) {
      if (recipient.kind === 'user') userIds.add(recipient.userId);
      else if (recipient.kind === 'assigned_users') target.assignedUserIds.forEach((id) => userIds.add(id));
      else agencies.add(target.agencyId);
    }
    for (const userId of userIds) {
      await tx.query(`INSERT INTO alerts (id, case_id, user_id, kind, message) VALUES ($1, $2, $3, $4, $5)`, [randomUUID(), target.caseId, userId, kind, JSON.stringify(message)]);
    }
    // Agency-wide alerts are shown to the agency's supervisors (users who may approve), resolved when listed.
    for (const agencyId of agencies) {
      await tx.query(`INSERT INTO alerts (id, case_id, agency_id, kind, message) VALUES ($1, $2, $3, $4, $5)`, [randomUUID(), target.caseId, agencyId, kind, JSON.stringify(message)]);
    }
  }
}
