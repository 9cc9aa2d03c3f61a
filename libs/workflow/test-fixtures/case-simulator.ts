import {
  CaseSnapshot,
  CompiledWorkflow,
  TransitionContext,
  TransitionPlan,
  WorkflowEffect,
  planCaseStart,
  planTimerExpiry,
  planTransition,
} from '@tutela/workflow';

/**
 * Applies plans to an in-memory case the way the service applies them to its rows, so the specs can walk a
 * workflow end to end: state, data, owner, latest approval statuses and live timers.
 */
export class CaseSimulator {
  snapshot: CaseSnapshot;
  readonly timers = new Map<string, { startedAt: Date; dueAt: Date }>();
  readonly log: WorkflowEffect[] = [];

  constructor(
    private readonly workflow: CompiledWorkflow,
    start: Omit<CaseSnapshot, 'state' | 'approvals'> & { approvals?: CaseSnapshot['approvals'] },
    ctx: TransitionContext,
  ) {
    const plan = planCaseStart(workflow, { approvals: {}, ...start }, ctx);
    this.snapshot = { approvals: {}, ...start, state: plan.state, stateEnteredAt: ctx.now };
    this.apply(plan.effects);
  }

  get state(): string {
    return this.snapshot.state;
  }

  transition(name: string, ctx: TransitionContext): TransitionPlan {
    const plan = planTransition(this.workflow, this.snapshot, name, ctx);
    if (plan.outcome === 'applied') {
      this.snapshot = { ...this.snapshot, state: plan.to, stateEnteredAt: ctx.now };
      this.apply(plan.effects);
    }
    return plan;
  }

  expire(timer: string, ctx: TransitionContext): WorkflowEffect[] {
    const plan = planTimerExpiry(this.workflow, this.snapshot, timer, ctx, { startedAt: this.timers.get(timer)?.startedAt });
    if (plan.fired) this.timers.delete(timer);
    this.apply(plan.effects);
    return plan.effects;
  }

  setData(values: Record<string, unknown>): void {
    this.snapshot = { ...this.snapshot, data: { ...this.snapshot.data, ...values } };
  }

  decide(approvalType: string, decision: 'approved' | 'rejected'): void {
    this.snapshot = { ...this.snapshot, approvals: { ...this.snapshot.approvals, [approvalType]: decision } };
  }

  private apply(effects: WorkflowEffect[]): void {
    for (const effect of effects) {
      this.log.push(effect);
      if (effect.type === 'set_fields') this.setData(effect.values);
      if (effect.type === 'assign') this.snapshot = { ...this.snapshot, ownerId: effect.userId };
      if (effect.type === 'schedule_timer') this.timers.set(effect.timer, { startedAt: effect.startedAt, dueAt: effect.dueAt });
      if (effect.type === 'cancel_timers') {
        if (effect.timers === 'all') this.timers.clear();
        else effect.timers.forEach((timer) => this.timers.delete(timer));
      }
      if (effect.type === 'request_approval') {
        this.snapshot = { ...this.snapshot, approvals: { ...this.snapshot.approvals, [effect.approvalType]: 'pending' } };
      }
      if (effect.type === 'clear_approvals') {
        const kept = Object.entries(this.snapshot.approvals).filter(
          ([type]) => effect.approvalTypes !== 'all' && !effect.approvalTypes.includes(type),
        );
        this.snapshot = { ...this.snapshot, approvals: Object.fromEntries(kept) };
      }
    }
  }
}
