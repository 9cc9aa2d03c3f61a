import { DefinitionProblem } from '../definition/workflow-problem.types';
import { WorkflowEffect } from '../effects/workflow-effect.types';
import { LocalizedText } from '../localization/localized-text';
import { WorkflowMessage } from '../localization/workflow-message';
import { CompiledWorkflow } from '../compile/compiled-workflow.types';
import { CaseSnapshot, TransitionContext } from '../machine/case-snapshot.types';

/** A JSON Schema (2020-12) for the parameters of one guard or action. */
export type ParamsSchema = Record<string, unknown>;

/** What the definition declares, for guards and actions whose parameters name timers, approvals or messages. */
export interface DefinitionReferences {
  states: ReadonlySet<string>;
  timers: ReadonlySet<string>;
  approvalTypes: ReadonlySet<string>;
  messageKeys: ReadonlySet<string>;
}

export interface EvaluationInput {
  snapshot: CaseSnapshot;
  ctx: TransitionContext;
  workflow: CompiledWorkflow;
}

export type GuardResult = { passed: true } | { passed: false; reason: WorkflowMessage };

/**
 * A named check a transition may require. `evaluate` must be pure and synchronous; it explains a refusal with a
 * localized message that names fields or forms but never case values.
 */
export interface GuardDefinition<P = any> {
  name: string;
  paramsSchema: ParamsSchema;
  /** Checks the schema cannot express (e.g. an approval type that must be declared); runs once the schema passes. */
  checkParams?(params: P, refs: DefinitionReferences): DefinitionProblem[];
  evaluate(params: P, input: EvaluationInput): GuardResult;
}

/** A named step a transition or timer runs. `run` is pure: it returns effects for the service to apply. */
export interface ActionDefinition<P = any> {
  name: string;
  paramsSchema: ParamsSchema;
  /** Checks the schema cannot express (e.g. a timer that must be declared); runs once the schema passes. */
  checkParams?(params: P, refs: DefinitionReferences): DefinitionProblem[];
  /** Localized texts inside the parameters (pointer relative to them), so the loader can check translations. */
  localizedTexts?(params: P): Array<{ path: string; text: LocalizedText }>;
  run(params: P, input: EvaluationInput): WorkflowEffect | WorkflowEffect[];
}
