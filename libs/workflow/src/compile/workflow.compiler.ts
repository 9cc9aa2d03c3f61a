import type { ValidateFunction } from 'ajv';
import {
  ActionReference,
  GuardReference,
  TimerDefinition,
  TransitionDefinition,
  WorkflowDefinition,
} from '../definition/workflow-definition.types';
import { WORKFLOW_DEFINITION_SCHEMA } from '../definition/workflow-definition.schema';
import { DefinitionProblem, WorkflowProblem } from '../definition/workflow-problem.types';
import { DEFAULT_REQUIRED_LOCALES, LocalizedText } from '../localization/localized-text';
import { DefinitionReferences } from '../registry/registry.types';
import { WorkflowRegistry } from '../registry/workflow.registry';
import { ajvErrorsToProblems, createConfigAjv } from './ajv.factory';
import { BoundAction, BoundGuard, CompiledTimer, CompiledTransition, CompiledWorkflow } from './compiled-workflow.types';
import { LooseRecord, asString, isRecord, recordsOf } from './loose-access';
import { checkDurations, checkGraph, checkStateReferences, checkUniqueIds } from './structure.checks';
import { checkSteps } from './step.checks';
import { checkTranslations } from './translation.checks';

export interface CompileOptions {
  /** Locales every label and message must carry (default: en and fr). */
  locales?: readonly string[];
  /** File the definition came from, copied into each problem. */
  file?: string;
}

export interface CompileResult {
  /** Null whenever there is any problem: a workflow is used whole or not at all. */
  workflow: CompiledWorkflow | null;
  problems: WorkflowProblem[];
}

let metaSchemaValidator: ValidateFunction | undefined;
const validateAgainstMetaSchema = (definition: unknown): ValidateFunction => {
  metaSchemaValidator ??= createConfigAjv().compile(WORKFLOW_DEFINITION_SCHEMA);
  metaSchemaValidator(definition);
  return metaSchemaValidator;
};

/**
 * Checks a workflow definition and binds it to the registry's guards and actions. Reports every problem, not the
 * first: the schema, duplicates, unknown states, unreachable and dead-end states, unknown guards and actions, bad
 * parameters, dangling references, durations and missing translations.
 */
export function compileWorkflow(definition: unknown, registry: WorkflowRegistry, options: CompileOptions = {}): CompileResult {
  const validate = validateAgainstMetaSchema(definition);
  const problems: DefinitionProblem[] = ajvErrorsToProblems(validate.errors, 'invalid_definition');
  if (isRecord(definition)) problems.push(...semanticProblems(definition, registry, options.locales ?? DEFAULT_REQUIRED_LOCALES));
  const located = problems.map((problem): WorkflowProblem => ({ ...(options.file ? { file: options.file } : {}), ...problem }));
  if (located.length > 0) return { workflow: null, problems: located };
  return { workflow: bind(definition as WorkflowDefinition, registry, options.file), problems: [] };
}

function semanticProblems(definition: LooseRecord, registry: WorkflowRegistry, locales: readonly string[]) {
  const states = idsOf(definition.states, 'id');
  const refs: DefinitionReferences = {
    states,
    timers: idsOf(definition.timers, 'name'),
    approvalTypes: idsOf(definition.approvals, 'type'),
    messageKeys: new Set([...(isRecord(definition.messages) ? Object.keys(definition.messages) : []), ...registry.messages.keys()]),
  };
  return [
    ...checkUniqueIds(definition),
    ...checkStateReferences(definition, states),
    ...checkGraph(definition, states),
    ...checkDurations(definition),
    ...checkSteps(definition, registry, refs),
    ...checkTranslations(definition, registry, locales),
  ];
}

const idsOf = (list: unknown, key: string): Set<string> =>
  new Set(recordsOf(list).flatMap(([, item]) => (asString(item[key]) === undefined ? [] : [item[key] as string])));

function bind(source: WorkflowDefinition, registry: WorkflowRegistry, file: string | undefined): CompiledWorkflow {
  const definition = deepFreeze(structuredClone(source));
  const messages = new Map<string, LocalizedText>(registry.messages);
  for (const [key, text] of Object.entries(definition.messages ?? {})) messages.set(key, text);
  return Object.freeze({
    id: definition.id,
    version: definition.version,
    name: definition.name,
    initialState: definition.initialState,
    definition,
    states: new Map(definition.states.map((state) => [state.id, state])),
    transitions: new Map(definition.transitions.map((transition) => [transition.name, bindTransition(transition, registry)])),
    timers: new Map((definition.timers ?? []).map((timer) => [timer.name, bindTimer(timer, registry)])),
    approvals: new Map((definition.approvals ?? []).map((approval) => [approval.type, approval])),
    messages,
    ...(file ? { source: file } : {}),
  });
}

function bindTransition(transition: TransitionDefinition, registry: WorkflowRegistry): CompiledTransition {
  return Object.freeze({
    name: transition.name,
    from: Object.freeze(typeof transition.from === 'string' ? [transition.from] : [...transition.from]),
    to: transition.to,
    label: transition.label,
    guards: Object.freeze((transition.guards ?? []).map((guard) => bindGuard(guard, registry))),
    actions: Object.freeze((transition.actions ?? []).map((action) => bindAction(action, registry))),
  });
}

function bindTimer(timer: TimerDefinition, registry: WorkflowRegistry): CompiledTimer {
  return Object.freeze({
    name: timer.name,
    state: timer.state,
    duration: timer.duration,
    startOnEnter: timer.startOnEnter ?? true,
    ...(timer.label ? { label: timer.label } : {}),
    onExpiry: Object.freeze(timer.onExpiry.map((action) => bindAction(action, registry))),
  });
}

function bindGuard(reference: GuardReference, registry: WorkflowRegistry): BoundGuard {
  const definition = registry.guard(reference.guard);
  if (!definition) throw new Error(`Guard "${reference.guard}" vanished from the registry during compilation`);
  return { name: reference.guard, params: reference.params ?? {}, definition, ...(reference.message ? { message: reference.message } : {}) };
}

function bindAction(reference: ActionReference, registry: WorkflowRegistry): BoundAction {
  const definition = registry.action(reference.action);
  if (!definition) throw new Error(`Action "${reference.action}" vanished from the registry during compilation`);
  return { name: reference.action, params: reference.params ?? {}, definition };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
