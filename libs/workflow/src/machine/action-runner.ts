import { BoundAction, CompiledWorkflow } from '../compile/compiled-workflow.types';
import { WorkflowEffect } from '../effects/workflow-effect.types';
import { CaseSnapshot, TransitionContext } from './case-snapshot.types';

/**
 * Runs actions in order. Each sees the case as the earlier effects leave it (fields set, owner changed), so a
 * `set_fields` of `risk_level` followed by `schedule_timer` uses the new risk level, and `assign` then `notify`
 * alerts the new owner.
 */
export function runActions(
  actions: readonly BoundAction[],
  snapshot: CaseSnapshot,
  ctx: TransitionContext,
  workflow: CompiledWorkflow,
): { effects: WorkflowEffect[]; snapshot: CaseSnapshot } {
  let working = snapshot;
  const effects: WorkflowEffect[] = [];
  for (const action of actions) {
    const produced = action.definition.run(action.params, { snapshot: working, ctx, workflow });
    for (const effect of Array.isArray(produced) ? produced : [produced]) {
      effects.push(effect);
      working = withEffect(working, effect);
    }
  }
  return { effects, snapshot: working };
}

function withEffect(snapshot: CaseSnapshot, effect: WorkflowEffect): CaseSnapshot {
  if (effect.type === 'set_fields') return { ...snapshot, data: { ...snapshot.data, ...effect.values } };
  if (effect.type === 'assign') return { ...snapshot, ownerId: effect.userId };
  return snapshot;
}
