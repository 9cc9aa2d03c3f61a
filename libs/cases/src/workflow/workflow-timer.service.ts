import { Injectable } from '@nestjs/common';
import { SYSTEM_ACTOR } from '@tutela/common';
import { Database } from '@tutela/persistence';
import { planTimerExpiry } from '@tutela/workflow';
import { CaseRepository } from '../cases/case.repository';
import { ConfigurationService } from '../configuration/configuration.service';
import { OutboxService } from '../queue/outbox.service';
import { JobPayloads } from '../queue/queue-contract';
import { WorkflowEffectsService } from './workflow-effects.service';
import { WorkflowRepository } from './workflow.repository';

export type TimerFireOutcome = 'fired' | 'skipped' | 'not_due' | 'not_live';

/** Timers older than this past their due time are fired by the sweep: their delayed job was lost or is stuck. */
export const DEFAULT_SWEEP_GRACE_MS = 60_000;

/**
 * Fires workflow timers (deadlines, reminders) as the system actor. The timer row is the truth: only a row still
 * `scheduled` fires, and it is marked `fired` in the same transaction as its effects, so a late, repeated or
 * re-created job does nothing twice. The sweep covers timers whose delayed job the queue lost.
 */
@Injectable()
export class WorkflowTimerService {
  constructor(
    private readonly db: Database,
    private readonly configuration: ConfigurationService,
    private readonly cases: CaseRepository,
    private readonly repository: WorkflowRepository,
    private readonly effects: WorkflowEffectsService,
    private readonly outbox: OutboxService,
  ) {}

  async fire(payload: JobPayloads['workflow:fire-timer']): Promise<{ outcome: TimerFireOutcome }> {
    const outboxIds: string[] = [];
    const outcome = await this.db.transaction(async (tx): Promise<TimerFireOutcome> => {
      const record = await this.cases.find(tx, payload.caseId, { forUpdate: true });
      const [timer] = await tx.query<{ id: string; timer: string; status: string; due: boolean; createdAt: Date }>(
        `SELECT id, timer, status, due_at <= now() + interval '1 second' AS due, created_at AS "createdAt"
           FROM workflow_timers WHERE id = $1 AND case_id = $2 FOR UPDATE`,
        [payload.timerId, payload.caseId],
      );
      if (!record || !timer || timer.status !== 'scheduled') return 'not_live';
      // A job that runs early (clock skew, a re-created job) leaves the timer for its real time or the sweep.
      if (!timer.due) return 'not_due';
      await tx.query(`UPDATE workflow_timers SET status = 'fired', fired_at = now() WHERE id = $1`, [timer.id]);
      const snapshot = this.configuration.snapshot();
      const workflow = snapshot.workflows.get(record.workflowId);
      if (!workflow || record.disabled) return 'skipped';
      const plan = planTimerExpiry(
        workflow,
        await this.repository.snapshot(tx, record),
        timer.timer,
        {
          actorId: SYSTEM_ACTOR.userId,
          now: new Date(),
          locale: SYSTEM_ACTOR.locale,
          can: () => false,
          isFormComplete: (formId) => snapshot.forms.isFormComplete(formId, record.data),
        },
        { startedAt: new Date(timer.createdAt) },
      );
      if (!plan.fired) return 'skipped';
      const applied = await this.effects.apply(
        tx,
        { caseId: record.id, ownerId: record.ownerId, agencyId: record.agencyId, assignedUserIds: record.assignedUserIds, data: record.data },
        plan.effects,
        SYSTEM_ACTOR,
      );
      outboxIds.push(...applied.outboxIds);
      const touched = await this.repository.touch(tx, record.id, record.version);
      if (!touched) throw new Error('case version moved under a row lock');
      await this.cases.appendEvent(tx, {
        caseId: record.id,
        actorId: SYSTEM_ACTOR.userId,
        action: 'timer_fired',
        version: touched.version,
        meta: { timer: timer.timer, timerId: timer.id, state: record.workflowState },
      });
      return 'fired';
    });
    void this.outbox.dispatch(outboxIds);
    return { outcome };
  }

  /** Fires scheduled timers overdue by more than `graceMs` (their job was lost); returns how many it fired. */
  async sweep(graceMs = DEFAULT_SWEEP_GRACE_MS, limit = 100): Promise<number> {
    const due = await this.db.query<{ id: string; caseId: string }>(
      `SELECT id, case_id AS "caseId" FROM workflow_timers
        WHERE status = 'scheduled' AND due_at <= now() - $1 * interval '1 millisecond' ORDER BY due_at LIMIT $2`,
      [graceMs, limit],
    );
    let fired = 0;
    for (const timer of due) {
      const { outcome } = await this.fire({ timerId: timer.id, caseId: timer.caseId });
      if (outcome === 'fired') fired += 1;
    }
    return fired;
  }
}
