import { DefinitionProblem } from '../definition/workflow-problem.types';
import { DefinitionReferences } from '../registry/registry.types';

/** Problems for approval types that the definition does not declare, at `path` (or `path/<index>` for lists). */
export function unknownApprovalTypes(
  types: readonly string[],
  refs: DefinitionReferences,
  path: string,
  indexed = false,
): DefinitionProblem[] {
  return types.flatMap((type, index) =>
    refs.approvalTypes.has(type)
      ? []
      : [{ path: indexed ? `${path}/${index}` : path, code: 'unknown_approval_type' as const, message: `unknown approval type "${type}"` }],
  );
}

/** Problems for timers that the definition does not declare. */
export function unknownTimers(timers: readonly string[], refs: DefinitionReferences, path: string, indexed = false): DefinitionProblem[] {
  return timers.flatMap((timer, index) =>
    refs.timers.has(timer)
      ? []
      : [{ path: indexed ? `${path}/${index}` : path, code: 'unknown_timer' as const, message: `unknown timer "${timer}"` }],
  );
}
