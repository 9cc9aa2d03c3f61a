import { CompiledTransition, CompiledWorkflow } from '../compile/compiled-workflow.types';
import { WorkflowEffect } from '../effects/workflow-effect.types';
import { BUILTIN_MESSAGES, builtinMessage } from '../localization/builtin-messages.catalog';
import { LocalizedText, localize } from '../localization/localized-text';
import { WorkflowMessage, renderMessage } from '../localization/workflow-message';
import { dueAtFor } from '../timers/timer-duration';
import { runActions } from './action-runner';
import { CaseSnapshot, TransitionContext } from './case-snapshot.types';
import { failedGuards } from './guard-evaluator';
import {
  AvailableTransition,
  CaseStartPlan,
  CaseStatus,
  FailedGuard,
  RejectedTransition,
  RejectionCode,
  TransitionPlan,
} from './transition-plan.types';

/** Every transition that leaves the case's current state, in definition order, with whether its guards pass. */
export function availableTransitions(
  workflow: CompiledWorkflow,
  snapshot: CaseSnapshot,
  ctx: TransitionContext,
): AvailableTransition[] {
  return [...workflow.transitions.values()]
    .filter((transition) => transition.from.includes(snapshot.state))
    .map((transition) => {
      const failed = failedGuards(transition.guards, snapshot, ctx, workflow);
      return {
        name: transition.name,
        label: localize(transition.label, ctx.locale),
        to: transition.to,
        toLabel: localize(workflow.states.get(transition.to)?.label, ctx.locale),
        allowed: failed.length === 0,
        failedGuards: failed,
      };
    });
}

/**
 * Decides a transition request without performing it: either the new state and the effects to apply, or why not.
 * The service calls it inside its transaction on a freshly read case, so a replayed request is judged on the
 * current state and is rejected once the case has moved on.
 */
export function planTransition(
  workflow: CompiledWorkflow,
  snapshot: CaseSnapshot,
  transitionName: string,
  ctx: TransitionContext,
): TransitionPlan {
  const transition = workflow.transitions.get(transitionName);
  if (!transition) {
    return rejected(transitionName, 'unknown_transition', builtinMessage('workflow.transition.unknown', { transition: transitionName }), [], ctx);
  }
  if (!transition.from.includes(snapshot.state)) {
    const state = workflow.states.get(snapshot.state)?.label ?? snapshot.state;
    const message = builtinMessage('workflow.transition.not_allowed_from_state', { transition: transition.label, state });
    return rejected(transition.name, 'not_allowed_from_state', message, [], ctx);
  }
  const failed = failedGuards(transition.guards, snapshot, ctx, workflow);
  if (failed.length > 0) {
    const message = builtinMessage('workflow.transition.guard_failed', { transition: transition.label, reasons: joinReasons(failed) });
    return rejected(transition.name, 'guard_failed', message, failed, ctx);
  }
  return {
    outcome: 'applied',
    transition: transition.name,
    from: snapshot.state,
    to: transition.to,
    status: statusOf(workflow, transition.to),
    effects: transitionEffects(workflow, transition, snapshot, ctx),
  };
}

/** What creating a case does: it starts in the initial state, with that state's timers running. */
export function planCaseStart(
  workflow: CompiledWorkflow,
  snapshot: Omit<CaseSnapshot, 'state'>,
  ctx: TransitionContext,
): CaseStartPlan {
  const state = workflow.initialState;
  return { state, status: statusOf(workflow, state), effects: timersStartedOnEntering(workflow, { ...snapshot, state }, ctx, []) };
}

/** The case status a state implies. */
export const statusOf = (workflow: CompiledWorkflow, state: string): CaseStatus =>
  workflow.states.get(state)?.final === true ? 'closed' : 'open';

/**
 * Leaving a state cancels its timers (their expiry would be ignored anyway; cancelling keeps queues and task lists
 * clean); then the transition's actions run; then entering a state starts its timers, after the actions so a
 * duration sees fields they set. A transition back into the same state touches no timer by itself.
 */
function transitionEffects(
  workflow: CompiledWorkflow,
  transition: CompiledTransition,
  snapshot: CaseSnapshot,
  ctx: TransitionContext,
): WorkflowEffect[] {
  const changesState = transition.to !== snapshot.state;
  const effects: WorkflowEffect[] = [];
  const leaving = [...workflow.timers.values()].filter((timer) => timer.state === snapshot.state).map((timer) => timer.name);
  if (changesState && leaving.length > 0) effects.push({ type: 'cancel_timers', timers: leaving });
  const ran = runActions(transition.actions, snapshot, ctx, workflow);
  effects.push(...ran.effects);
  if (changesState) effects.push(...timersStartedOnEntering(workflow, { ...ran.snapshot, state: transition.to }, ctx, effects));
  return effects;
}

function timersStartedOnEntering(
  workflow: CompiledWorkflow,
  entered: CaseSnapshot,
  ctx: TransitionContext,
  earlier: readonly WorkflowEffect[],
): WorkflowEffect[] {
  const alreadyScheduled = new Set(earlier.flatMap((effect) => (effect.type === 'schedule_timer' ? [effect.timer] : [])));
  return [...workflow.timers.values()]
    .filter((timer) => timer.state === entered.state && timer.startOnEnter && !alreadyScheduled.has(timer.name))
    .map((timer) => ({
      type: 'schedule_timer' as const,
      timer: timer.name,
      state: timer.state,
      startedAt: ctx.now,
      dueAt: dueAtFor(timer.duration, entered, ctx.now),
    }));
}

function rejected(
  transition: string,
  code: RejectionCode,
  reasonMessage: WorkflowMessage,
  failed: FailedGuard[],
  ctx: TransitionContext,
): RejectedTransition {
  return { outcome: 'rejected', transition, code, reason: renderMessage(reasonMessage, ctx.locale), reasonMessage, failedGuards: failed };
}

/** The failed guards' reasons joined, in each language the transition messages exist in. */
function joinReasons(failed: FailedGuard[]): LocalizedText {
  const locales = Object.keys(BUILTIN_MESSAGES['workflow.transition.guard_failed']);
  return Object.fromEntries(locales.map((locale) => [locale, failed.map((guard) => renderMessage(guard.message, locale)).join('; ')]));
}
