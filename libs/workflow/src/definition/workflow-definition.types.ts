import { LocalizedText } from '../localization/localized-text';

/**
 * A workflow file as written in `workflows/<country>/*.json` (docs/workflows.md). The meta-schema in
 * workflow-definition.schema.ts is the authority on shape; these types mirror it for code.
 */
export interface WorkflowDefinition {
  $schema?: string;
  id: string;
  version: number;
  name: LocalizedText;
  description?: string;
  initialState: string;
  states: StateDefinition[];
  transitions: TransitionDefinition[];
  timers?: TimerDefinition[];
  approvals?: ApprovalTypeDefinition[];
  /** Texts that `notify` actions refer to by key. */
  messages?: Record<string, LocalizedText>;
}

export interface StateDefinition {
  id: string;
  label: LocalizedText;
  /** A case in a final state is closed (`status: closed`); it may still leave it by a transition such as reopen. */
  final?: boolean;
  description?: string;
}

export interface TransitionDefinition {
  name: string;
  from: string | string[];
  to: string;
  label: LocalizedText;
  description?: string;
  guards?: GuardReference[];
  actions?: ActionReference[];
}

export interface GuardReference {
  guard: string;
  params?: Record<string, unknown>;
  /** Replaces the guard's own explanation when it fails, e.g. to say why a field condition matters. */
  message?: LocalizedText;
}

export interface ActionReference {
  action: string;
  params?: Record<string, unknown>;
}

/** A duration in ISO-8601, or one chosen by the value of a case field with a default for any other value. */
export type DurationSpec = string | FieldDependentDuration;

export interface FieldDependentDuration {
  field: string;
  values: Record<string, string>;
  default: string;
}

export interface TimerDefinition {
  name: string;
  /** The state the timer belongs to: it is cancelled when the case leaves it and ignored if it fires elsewhere. */
  state: string;
  duration: DurationSpec;
  /** Scheduled by every transition that enters `state` (default true); false leaves it to `schedule_timer`. */
  startOnEnter?: boolean;
  label?: LocalizedText;
  description?: string;
  onExpiry: ActionReference[];
}

export interface ApprovalTypeDefinition {
  type: string;
  label: LocalizedText;
  /** Permission an approver needs (checked with the context's `can`). */
  permission: string;
  /** Permission needed to request it; absent: anyone who may run transitions on the case. */
  requestPermission?: string;
  /** Whether `approval_granted` demands it (default true). False lets a pack keep the type without enforcing it. */
  required?: boolean;
  /** Present: the owner or requester may decide on it only with this permission. Absent: never. */
  selfApprovalPermission?: string;
  /** States in which it may be requested; absent: any state. */
  requestableIn?: string[];
}
