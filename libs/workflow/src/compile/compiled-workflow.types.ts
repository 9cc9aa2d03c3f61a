import {
  ApprovalTypeDefinition,
  DurationSpec,
  StateDefinition,
  WorkflowDefinition,
} from '../definition/workflow-definition.types';
import { LocalizedText } from '../localization/localized-text';
import { ActionDefinition, GuardDefinition } from '../registry/registry.types';

/** A guard reference resolved to its registered implementation, with parameters already validated. */
export interface BoundGuard {
  name: string;
  params: Record<string, unknown>;
  message?: LocalizedText;
  definition: GuardDefinition;
}

/** An action reference resolved to its registered implementation, with parameters already validated. */
export interface BoundAction {
  name: string;
  params: Record<string, unknown>;
  definition: ActionDefinition;
}

export interface CompiledTransition {
  name: string;
  from: readonly string[];
  to: string;
  label: LocalizedText;
  guards: readonly BoundGuard[];
  actions: readonly BoundAction[];
}

export interface CompiledTimer {
  name: string;
  state: string;
  duration: DurationSpec;
  startOnEnter: boolean;
  label?: LocalizedText;
  onExpiry: readonly BoundAction[];
}

/**
 * A workflow checked and bound to its guards and actions, ready for the state machine. Immutable and free of I/O:
 * one instance can serve every request of a process.
 */
export interface CompiledWorkflow {
  id: string;
  version: number;
  name: LocalizedText;
  initialState: string;
  /** The definition as loaded (deep-frozen), for exports and `GET /workflows/:id`. */
  definition: WorkflowDefinition;
  states: ReadonlyMap<string, StateDefinition>;
  transitions: ReadonlyMap<string, CompiledTransition>;
  timers: ReadonlyMap<string, CompiledTimer>;
  approvals: ReadonlyMap<string, ApprovalTypeDefinition>;
  /** Messages by key: the definition's own, then the registry's. */
  messages: ReadonlyMap<string, LocalizedText>;
  /** The file it was loaded from, when it was. */
  source?: string;
}
