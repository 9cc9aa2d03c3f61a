import { BoundGuard, CompiledWorkflow } from '../compile/compiled-workflow.types';
import { builtinMessage } from '../localization/builtin-messages.catalog';
import { renderMessage } from '../localization/workflow-message';
import { CaseSnapshot, TransitionContext } from './case-snapshot.types';
import { FailedGuard } from './transition-plan.types';

/**
 * Evaluates every guard (not only up to the first failure) so the user learns all that is missing at once. A guard
 * that throws counts as failed: an unexpected error must never open a transition.
 */
export function failedGuards(
  guards: readonly BoundGuard[],
  snapshot: CaseSnapshot,
  ctx: TransitionContext,
  workflow: CompiledWorkflow,
): FailedGuard[] {
  return guards.flatMap((guard): FailedGuard[] => {
    try {
      const result = guard.definition.evaluate(guard.params, { snapshot, ctx, workflow });
      if (result.passed) return [];
      const message = guard.message ? { text: guard.message } : result.reason;
      return [{ guard: guard.name, reason: renderMessage(message, ctx.locale), message }];
    } catch (error) {
      const message = builtinMessage('workflow.guard.error', { guard: guard.name });
      return [{ guard: guard.name, reason: renderMessage(message, ctx.locale), message, error: (error as Error).message }];
    }
  });
}
