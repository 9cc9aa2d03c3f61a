// Public API of @tutela/workflow: the definition format, its loader and compiler, the guard/action registry and the
// pure state machine. Nothing here does I/O except the loader reading files.
export * from './definition/workflow-definition.types';
export { WORKFLOW_DEFINITION_SCHEMA } from './definition/workflow-definition.schema';
export * from './definition/workflow-problem.types';

export * from './localization/localized-text';
export * from './localization/workflow-message';
export { BUILTIN_MESSAGES } from './localization/builtin-messages.catalog';
export type { BuiltinMessageKey } from './localization/builtin-messages.catalog';

export * from './effects/workflow-effect.types';
export * from './registry/registry.types';
export { WorkflowRegistry } from './registry/workflow.registry';

export * from './compile/compiled-workflow.types';
export { compileWorkflow } from './compile/workflow.compiler';
export type { CompileOptions, CompileResult } from './compile/workflow.compiler';
export { loadWorkflowsFromDir } from './loader/workflow.loader';
export type { LoadWorkflowsOptions, LoadWorkflowsResult } from './loader/workflow.loader';

export * from './conditions/case-condition.types';
export { CASE_CONDITION_SCHEMA } from './conditions/case-condition.schema';
export { evaluateCondition, readField, isPresent } from './conditions/case-condition.evaluator';

export * from './machine/case-snapshot.types';
export * from './machine/transition-plan.types';
export { availableTransitions, planTransition, planCaseStart, statusOf } from './machine/state-machine';
export { planTimerExpiry, planTimerRecompute } from './timers/timer-planner';
export type { TimerExpiryPlan, TimerExpiryOptions, TimerSkipReason, LiveTimer } from './timers/timer-planner';
export { resolveDuration, dueAtFor, timerDurationFields } from './timers/timer-duration';
export { checkApprovalRequest, checkApprovalDecision } from './machine/approval-policy';
export type { ApprovalCheck, ApprovalRefusalCode } from './machine/approval-policy';
export { describeWorkflow } from './machine/workflow.describer';
export type { WorkflowDescription } from './machine/workflow.describer';
export { parseIsoDuration, addIsoDuration, isIsoDuration, ISO_DURATION_PATTERN } from './time/iso-duration';
export type { IsoDuration } from './time/iso-duration';
export { SERVER_TOKENS } from './actions/server-tokens';
export type { ServerToken } from './actions/server-tokens';
export { DEFAULT_CONSENT_FIELD } from './guards/consent-given.guard';
export { workflowReferences } from './compile/workflow-references';
export type { WorkflowReference, WorkflowReferences } from './compile/workflow-references';
