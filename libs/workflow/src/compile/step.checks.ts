import { DefinitionProblem } from '../definition/workflow-problem.types';
import { DefinitionReferences } from '../registry/registry.types';
import { WorkflowRegistry } from '../registry/workflow.registry';
import { LooseRecord, asString, isRecord, recordsOf } from './loose-access';



/** Every place a definition names actions: transition actions and timer expiry actions. */
export function actionLists(definition: LooseRecord): Array<[string, unknown]> {
  return [
    ...recordsOf(definition.transitions).map(([index, transition]): [string, unknown] => [`/transitions/${index}/actions`, transition.actions]),
    ...recordsOf(definition.timers).map(([index, timer]): [string, unknown] => [`/timers/${index}/onExpiry`, timer.onExpiry]),
  ];
}

/**
 * Guards and actions must be registered, their parameters must match the schema they declare, and what the
 * parameters name (timers, approval types, message keys) must exist in the definition.
 */
export function checkSteps(definition: LooseRecord, registry: WorkflowRegistry, refs: DefinitionReferences): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  for (const [index, transition] of recordsOf(definition.transitions)) {
    for (const [k, reference] of recordsOf(transition.guards)) {
      problems.push(...checkGuard(reference, `/transitions/${index}/guards/${k}`, registry, refs));
    }
  }
  for (const [base, list] of actionLists(definition)) {
    for (const [k, reference] of recordsOf(list)) problems.push(...checkAction(reference, `${base}/${k}`, registry, refs));
  }
  return problems;
}

function checkGuard(reference: LooseRecord, path: string, registry: WorkflowRegistry, refs: DefinitionReferences): DefinitionProblem[] {
  const name = asString(reference.guard);
  if (name === undefined) return [];
  const guard = registry.guard(name);
  if (!guard) {
    const known = registry.guardNames().join(', ');
    return [{ path: `${path}/guard`, code: 'unknown_guard', message: `unknown guard "${name}" (registered: ${known})` }];
  }
  const params = reference.params ?? {};
  if (!isRecord(params)) return [];
  const schemaProblems = registry.checkGuardParams(name, params);
  if (schemaProblems.length > 0) return located(schemaProblems, `${path}/params`, name);
  return located(guard.checkParams?.(params, refs) ?? [], `${path}/params`, name);
}

function checkAction(reference: LooseRecord, path: string, registry: WorkflowRegistry, refs: DefinitionReferences): DefinitionProblem[] {
  const name = asString(reference.action);
  if (name === undefined) return [];
  const action = registry.action(name);
  if (!action) {
    const known = registry.actionNames().join(', ');
    return [{ path: `${path}/action`, code: 'unknown_action', message: `unknown action "${name}" (registered: ${known})` }];
  }
  const params = reference.params ?? {};
  if (!isRecord(params)) return [];
  const schemaProblems = registry.checkActionParams(name, params);
  if (schemaProblems.length > 0) return located(schemaProblems, `${path}/params`, name);
  return located(action.checkParams?.(params, refs) ?? [], `${path}/params`, name);
}

function located(problems: DefinitionProblem[], base: string, step: string): DefinitionProblem[] {
  return problems.map((problem) => ({ ...problem, path: `${base}${problem.path}`, message: `${step}: ${problem.message}` }));
}
