import { Injectable, Logger } from '@nestjs/common';
import { caseSubject } from '@tutela/access';
import { TutelaError } from '@tutela/common';
import { Database, SqlExecutor } from '@tutela/persistence';
import { WorkflowMessage, planTransition } from '@tutela/workflow';
import { AccessContextService } from '../cases/access-context.service';
import { indexColumns } from '../cases/case-indexing';
import { diffCaseData } from '../cases/case-merge';
import { CaseRepository } from '../cases/case.repository';
import { transitionContext } from '../cases/transition-context';
import { CaseRecord } from '../cases/case.types';
import { ConfigurationService } from '../configuration/configuration.service';
import { OutboxService } from '../queue/outbox.service';
import { QueueConnection } from '../queue/queue-connection';
import { JobPayloads } from '../queue/queue-contract';
import { WorkflowEffectsService } from './workflow-effects.service';
import { TransitionRequestRow, WorkflowRepository } from './workflow.repository';

export interface ApplyOutcome {
  /** Requests decided by this run, in the order they were applied (FIFO per case). */
  decided: Array<{ requestId: string; status: 'applied' | 'rejected' }>;
}

type Decision = { status: 'applied'; record: CaseRecord } | { status: 'rejected'; code: string; reason: WorkflowMessage };

/**
 * Worker side of `workflow:apply-transition`. One database transaction locks the case row, then decides every queued
 * request of that case up to the job's own, oldest first: requests of a case apply in request order whatever order
 * their jobs run in, and a request already decided (redelivery, or applied by an earlier job) is a no-op. Marking
 * the request and changing the case commit together, which is what makes each request take effect exactly once.
 * Domain refusals are recorded as `rejected` and returned normally; anything thrown is transient and retried.
 */
@Injectable()
export class TransitionApplyService {
  private readonly logger = new Logger(TransitionApplyService.name);

  constructor(
    private readonly db: Database,
    private readonly configuration: ConfigurationService,
    private readonly access: AccessContextService,
    private readonly cases: CaseRepository,
    private readonly repository: WorkflowRepository,
    private readonly effects: WorkflowEffectsService,
    private readonly outbox: OutboxService,
    private readonly queues: QueueConnection,
  ) {}

  /**
   * Re-enqueues requests still queued after `olderThanMs`: their job was lost (queue restarted empty) or is stuck on
   * a killed worker until stall detection. The job id changes per time bucket so a completed or failed earlier job
   * does not swallow the new one; a duplicate is harmless (a decided request is a no-op). Returns how many it sent.
   */
  async requeueStale(olderThanMs: number, limit = 200): Promise<number> {
    const stale = await this.db.query<{ id: string; caseId: string }>(
      `SELECT id, case_id AS "caseId" FROM transition_requests
        WHERE status = 'queued' AND created_at < now() - $1 * interval '1 millisecond' ORDER BY created_at LIMIT $2`,
      [olderThanMs, limit],
    );
    const bucket = Math.floor(Date.now() / Math.max(olderThanMs, 1000));
    for (const request of stale) {
      await this.queues.add('workflow:apply-transition', { requestId: request.id, caseId: request.caseId }, { jobId: `transition-${request.id}-r${bucket}` });
    }
    return stale.length;
  }

  async apply(payload: JobPayloads['workflow:apply-transition']): Promise<ApplyOutcome> {
    const outboxIds: string[] = [];
    const outcome = await this.db.transaction(async (tx) => {
      const decided: ApplyOutcome['decided'] = [];
      let record = await this.cases.find(tx, payload.caseId, { forUpdate: true });
      const own = await this.repository.findRequest(tx, payload.requestId);
      if (!record || !own || own.status !== 'queued' || own.caseId !== payload.caseId) return { decided };
      for (const request of await this.repository.queuedUpTo(tx, payload.caseId, own)) {
        const decision = await this.decide(tx, record, request, outboxIds);
        if (decision.status === 'applied') {
          record = decision.record;
        } else {
          await this.repository.decideRequest(tx, request.id, {
            status: 'rejected',
            fromState: record.workflowState,
            toState: null,
            reasonCode: decision.code,
            reason: decision.reason,
          });
        }
        decided.push({ requestId: request.id, status: decision.status });
      }
      return { decided };
    });
    void this.outbox.dispatch(outboxIds);
    if (outcome.decided.length) this.logger.debug({ msg: 'transitions decided', caseId: payload.caseId, decided: outcome.decided });
    return outcome;
  }

  private async decide(tx: SqlExecutor, record: CaseRecord, request: TransitionRequestRow, outboxIds: string[]): Promise<Decision> {
    const requester = await this.repository.loadActor(tx, request.requestedBy);
    if (!requester) return refusal('requester_unavailable', 'The requesting account is disabled', 'Le compte demandeur est désactivé');
    if (record.disabled) return refusal('case_disabled', 'The case is disabled', 'Le dossier est désactivé');
    const ctx = await this.access.forActor(requester, [record.id]).catch((error: unknown) => {
      if (error instanceof TutelaError) return null; // the role vanished from the configuration: a refusal, not a retry
      throw error;
    });
    // The requester's rights are checked again now: they may have lost the case since they asked.
    if (!ctx || !ctx.ability.can('update', caseSubject(record))) {
      return refusal('not_permitted', 'The requester may no longer update this case', 'Le demandeur ne peut plus modifier ce dossier');
    }
    const snapshot = this.configuration.snapshot();
    const workflow = snapshot.workflows.get(record.workflowId);
    if (!workflow) return refusal('unknown_workflow', 'The workflow of this case is not configured', "Le circuit de ce dossier n'est pas configuré");

    const plan = planTransition(workflow, await this.repository.snapshot(tx, record), request.transition, transitionContext(ctx, snapshot.forms, record.data));
    if (plan.outcome === 'rejected') return { status: 'rejected', code: plan.code, reason: plan.reasonMessage };

    const applied = await this.effects.apply(
      tx,
      { caseId: record.id, ownerId: record.ownerId, agencyId: record.agencyId, assignedUserIds: record.assignedUserIds, data: record.data },
      plan.effects,
      requester,
    );
    outboxIds.push(...applied.outboxIds);
    const subforms = snapshot.forms.subformFieldNames('case');
    const dataChanges = diffCaseData(record.data, applied.data, subforms);
    let version = record.version;
    if (Object.keys(dataChanges).length > 0) {
      const written = await this.cases.updateData(tx, record.id, version, {
        data: applied.data,
        formVersions: record.formVersions,
        index: indexColumns(applied.data, { ...snapshot, shortId: record.shortId, fallbackLocationCode: record.locationCode }),
      });
      if (!written) throw new Error('case version moved under a row lock');
      version = written.version;
    }
    const written = await this.repository.writeState(tx, record.id, version, { state: plan.to, status: plan.status, ownerId: applied.ownerId });
    // Cannot happen while we hold the row lock; if it does, retry rather than apply on a state we did not read.
    if (!written) throw new Error('case version moved under a row lock');
    await this.cases.appendEvent(tx, {
      caseId: record.id,
      actorId: requester.userId,
      action: 'transition',
      version: written.version,
      changes: { workflow_state: { from: plan.from, to: plan.to }, ...dataChanges },
      meta: { requestId: request.id, transition: request.transition, from: plan.from, to: plan.to, ...(request.note ? { note: request.note } : {}) },
    });
    await this.repository.decideRequest(tx, request.id, { status: 'applied', fromState: plan.from, toState: plan.to });
    return { status: 'applied', record: (await this.cases.find(tx, record.id)) as CaseRecord };
  }
}

function refusal(code: string, en: string, fr: string): Decision {
  return { status: 'rejected', code, reason: { key: code, text: { en, fr } } };
}
