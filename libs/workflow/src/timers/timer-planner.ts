import { CompiledWorkflow } from '../compile/compiled-workflow.types';
import { ScheduleTimerEffect, WorkflowEffect } from '../effects/workflow-effect.types';
import { runActions } from '../machine/action-runner';
import { CaseSnapshot, TransitionContext } from '../machine/case-snapshot.types';
import { dueAtFor } from './timer-duration';

export type TimerSkipReason = 'unknown_timer' | 'left_state' | 'stale';

export type TimerExpiryPlan =
  | { fired: true; timer: string; effects: WorkflowEffect[] }
  | { fired: false; timer: string; reason: TimerSkipReason; effects: [] };

export interface TimerExpiryOptions {
  /** When the firing timer instance was started; with `snapshot.stateEnteredAt`, recognises a leftover from an earlier visit. */
  startedAt?: Date;
}

/**
 * What a due timer does. Nothing when the case has left the timer's state, when the timer started before the case
 * last entered that state (a leftover instance), or when the workflow no longer declares it: a late or duplicate job
 * must be harmless. The service must still check that this instance is the live one in its timer table.
 */
export function planTimerExpiry(
  workflow: CompiledWorkflow,
  snapshot: CaseSnapshot,
  timerName: string,
  ctx: TransitionContext,
  options: TimerExpiryOptions = {},
): TimerExpiryPlan {
  const timer = workflow.timers.get(timerName);
  if (!timer) return { fired: false, timer: timerName, reason: 'unknown_timer', effects: [] };
  if (snapshot.state !== timer.state) return { fired: false, timer: timerName, reason: 'left_state', effects: [] };
  if (options.startedAt && snapshot.stateEnteredAt && options.startedAt.getTime() < snapshot.stateEnteredAt.getTime()) {
    return { fired: false, timer: timerName, reason: 'stale', effects: [] };
  }
  return { fired: true, timer: timerName, effects: runActions(timer.onExpiry, snapshot, ctx, workflow).effects };
}

/** A live timer of a case, as the service's timer table records it. */
export interface LiveTimer {
  timer: string;
  startedAt: Date;
  dueAt: Date;
}

/**
 * After case data changes (e.g. the risk level goes from low to high), the due times that depend on it. Returns a
 * `schedule_timer` for each live timer of the current state whose due time moves, keeping its start; a due time
 * already past means the timer is due now.
 */
export function planTimerRecompute(
  workflow: CompiledWorkflow,
  snapshot: CaseSnapshot,
  liveTimers: readonly LiveTimer[],
): ScheduleTimerEffect[] {
  return liveTimers.flatMap((live): ScheduleTimerEffect[] => {
    const timer = workflow.timers.get(live.timer);
    if (!timer || timer.state !== snapshot.state) return [];
    const dueAt = dueAtFor(timer.duration, snapshot, live.startedAt);
    if (dueAt.getTime() === live.dueAt.getTime()) return [];
    return [{ type: 'schedule_timer', timer: timer.name, state: timer.state, startedAt: live.startedAt, dueAt }];
  });
}
