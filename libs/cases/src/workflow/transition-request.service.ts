import { Injectable } from '@nestjs/common';
import { caseSubject } from '@tutela/access';
import { Actor, TutelaError } from '@tutela/common';
import { Database } from '@tutela/persistence';
import { AvailableTransition, CompiledWorkflow, WorkflowMessage, availableTransitions, renderMessage } from '@tutela/workflow';
import { randomUUID } from 'node:crypto';
import { AccessContextService } from '../cases/access-context.service';
import { CaseAccessLog } from '../cases/case-access-log.service';
import { CaseService } from '../cases/case.service';
import { transitionContext } from '../cases/transition-context';
import { CaseRecord } from '../cases/case.types';
import { ConfigurationService } from '../configuration/configuration.service';
import { OutboxService } from '../queue/outbox.service';
import { TransitionRequestRow, WorkflowRepository } from './workflow.repository';

export interface TransitionRequestView {
  id: string;
  caseId: string;
  transition: string;
  status: TransitionRequestRow['status'];
  requestedBy: string;
  note: string | null;
  createdAt: string;
  decidedAt: string | null;
  from: string | null;
  /** The state the case moved to (applied only). */
  state: string | null;
  reasonCode: string | null;
  /** In the reader's locale. */
  reason: string | null;
}

/** Longest `Prefer: wait` honoured; a client asking more gets this much. */
export const MAX_WAIT_MS = 30_000;
const POLL_INTERVAL_MS = 50;

/**
 * The API side of workflow transitions: what the actor may do now, storing a request (the row is the transactional
 * outbox of the apply job, staged in the same transaction), and reading its outcome. The worker applies it
 * (TransitionApplyService).
 */
@Injectable()
export class TransitionRequestService {
  constructor(
    private readonly db: Database,
    private readonly configuration: ConfigurationService,
    private readonly access: AccessContextService,
    private readonly cases: CaseService,
    private readonly repository: WorkflowRepository,
    private readonly outbox: OutboxService,
    private readonly accessLog: CaseAccessLog,
  ) {}

  /** Transitions from the current state with whether their guards pass for this actor, reasons in its locale. */
  async available(actor: Actor, caseId: string): Promise<AvailableTransition[]> {
    const ctx = await this.access.forActor(actor, [caseId]);
    const record = await this.cases.load(ctx, caseId, 'read');
    this.accessLog.record(actor, caseId, 'read_transitions');
    const snapshot = this.configuration.snapshot();
    const workflow = workflowOf(snapshot.workflows, record);
    // Only someone who may update the case could take a transition: others see the list, all refused.
    const mayUpdate = ctx.ability.can('update', caseSubject(record));
    const list = availableTransitions(workflow, await this.repository.snapshot(this.db, record), transitionContext(ctx, snapshot.forms, record.data));
    return mayUpdate ? list : list.map((t) => ({ ...t, allowed: false }));
  }

  /**
   * Stores a transition request and stages its job. Refused at once (cheaply) when the transition does not exist
   * (422) or is not offered from the current state (409); guards are the worker's to decide, on the state it applies.
   */
  async request(
    actor: Actor,
    caseId: string,
    input: { transition: string; note?: string },
    idempotencyKey: string | null,
  ): Promise<{ view: TransitionRequestView; created: boolean }> {
    if (idempotencyKey) {
      const existing = await this.repository.findByIdempotencyKey(this.db, actor.userId, idempotencyKey);
      if (existing) return { view: await this.replay(actor, caseId, existing), created: false };
    }
    const ctx = await this.access.forActor(actor, [caseId]);
    const record = await this.cases.load(ctx, caseId, 'update');
    if (record.disabled) throw TutelaError.conflict('The case is disabled');
    const workflow = workflowOf(this.configuration.snapshot().workflows, record);
    const transition = workflow.transitions.get(input.transition);
    if (!transition) {
      throw TutelaError.validation([{ path: '/transition', code: 'unknown_transition', message: `The workflow has no transition "${input.transition}"` }]);
    }
    if (!transition.from.includes(record.workflowState)) {
      throw new TutelaError('TRANSITION_NOT_ALLOWED', `"${input.transition}" is not allowed from the state "${record.workflowState}"`, [
        { path: '/transition', code: 'not_allowed_from_state', message: `The case is in "${record.workflowState}"` },
      ]);
    }

    const id = randomUUID();
    let outboxId: string | undefined;
    const inserted = await this.db.transaction(async (tx) => {
      const ok = await this.repository.insertRequest(tx, { id, caseId, transition: input.transition, requestedBy: actor.userId, idempotencyKey, note: input.note ?? null });
      if (ok) outboxId = await this.outbox.stage(tx, 'workflow:apply-transition', { requestId: id, caseId }, { jobId: `transition-${id}` });
      return ok;
    });
    if (!inserted) {
      // Two retries with the same key raced: the other one won, answer with it.
      const winner = await this.repository.findByIdempotencyKey(this.db, actor.userId, idempotencyKey as string);
      return { view: await this.replay(actor, caseId, winner as TransitionRequestRow), created: false };
    }
    void this.outbox.dispatch([outboxId as string]);
    return { view: toView((await this.repository.findRequest(this.db, id)) as TransitionRequestRow, actor.locale), created: true };
  }

  async get(actor: Actor, caseId: string, requestId: string): Promise<TransitionRequestView> {
    const ctx = await this.access.forActor(actor, [caseId]);
    await this.cases.load(ctx, caseId, 'read');
    const request = await this.repository.findRequest(this.db, requestId);
    if (!request || request.caseId !== caseId) throw TutelaError.notFound('Transition request');
    this.accessLog.record(actor, caseId, 'read_transition_request');
    return toView(request, actor.locale);
  }

  /**
   * `Prefer: wait=N`: the request once decided, or as it stands when the wait ends. Only for the requester, right
   * after `request` (which checked access): anyone else gets 404.
   */
  async waitForDecision(actor: Actor, caseId: string, requestId: string, waitMs: number): Promise<TransitionRequestView> {
    const deadline = Date.now() + Math.min(Math.max(0, waitMs), MAX_WAIT_MS);
    for (;;) {
      const request = await this.repository.findRequest(this.db, requestId);
      if (!request || request.caseId !== caseId || request.requestedBy !== actor.userId) throw TutelaError.notFound('Transition request');
      if (request.status !== 'queued' || Date.now() >= deadline) return toView(request, actor.locale);
      await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
    }
  }

  private async replay(actor: Actor, caseId: string, existing: TransitionRequestRow): Promise<TransitionRequestView> {
    // Same key on another case is a client bug; say so without describing the other case.
    if (existing.caseId !== caseId) throw TutelaError.conflict('This Idempotency-Key was already used for another request');
    const ctx = await this.access.forActor(actor, [caseId]);
    await this.cases.load(ctx, caseId, 'read');
    return toView(existing, actor.locale);
  }
}

export function workflowOf(workflows: ReadonlyMap<string, CompiledWorkflow>, record: CaseRecord): CompiledWorkflow {
  const workflow = workflows.get(record.workflowId);
  if (!workflow) throw TutelaError.conflict(`The workflow "${record.workflowId}" of this case is not configured`);
  return workflow;
}

export function toView(row: TransitionRequestRow, locale: string): TransitionRequestView {
  return {
    id: row.id,
    caseId: row.caseId,
    transition: row.transition,
    status: row.status,
    requestedBy: row.requestedBy,
    note: row.note,
    createdAt: new Date(row.createdAt).toISOString(),
    decidedAt: row.decidedAt ? new Date(row.decidedAt).toISOString() : null,
    from: row.fromState,
    state: row.status === 'applied' ? row.toState : null,
    reasonCode: row.reasonCode,
    reason: row.reason ? renderMessage(JSON.parse(row.reason) as WorkflowMessage, locale) : null,
  };
}
