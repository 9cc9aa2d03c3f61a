/**
 * Every kind of problem the loader reports. Stable: the admin API returns them and administrators' tooling may
 * switch on them.
 */
export const WORKFLOW_PROBLEM_CODES = [
  'unreadable_file',
  'invalid_json',
  'invalid_definition',
  'id_mismatch',
  'duplicate_id',
  'unknown_state',
  'unreachable_state',
  'dead_end_state',
  'no_final_state',
  'unknown_guard',
  'unknown_action',
  'invalid_guard_params',
  'invalid_action_params',
  'unknown_timer',
  'unknown_approval_type',
  'unknown_message',
  'invalid_duration',
  'missing_translation',
] as const;

export type WorkflowProblemCode = (typeof WORKFLOW_PROBLEM_CODES)[number];

/**
 * A problem located by JSON pointer: into the definition, or (from a guard's or action's own checks) into its
 * parameters, which the compiler then prefixes.
 */
export interface DefinitionProblem {
  /** JSON pointer (`""` for the whole document). */
  path: string;
  code: WorkflowProblemCode;
  message: string;
}

/**
 * One problem in one file. The shape is that of an `ErrorDetail` (path, code, message, extras), so a list of
 * problems can be the details of a 422 as it is.
 */
export interface WorkflowProblem extends DefinitionProblem {
  /** The file, when the definition came from one. */
  file?: string;
  [extra: string]: unknown;
}
