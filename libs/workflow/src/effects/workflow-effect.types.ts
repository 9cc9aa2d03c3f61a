import { LocalizedText } from '../localization/localized-text';
import { WorkflowMessage } from '../localization/workflow-message';

/**
 * What a transition or a timer asks the service to do, applied in order inside the service's database transaction.
 * Actions only describe effects; they never perform them, so planning can be repeated safely.
 */
export type WorkflowEffect =
  | SetFieldsEffect
  | AssignEffect
  | NotifyEffect
  | ScheduleTimerEffect
  | CancelTimersEffect
  | CreateTaskEffect
  | RequestApprovalEffect
  | ClearApprovalsEffect
  | ExtensionEffect;

/** Writes server-computed values into case data (tokens such as `$now` are already resolved). */
export interface SetFieldsEffect {
  type: 'set_fields';
  values: Record<string, unknown>;
}

/** Makes a user the owner of the case. */
export interface AssignEffect {
  type: 'assign';
  userId: string;
}

/** Who an alert goes to; the service resolves supervisors and assigned users, which the machine cannot know. */
export type NotifyRecipient =
  | { kind: 'user'; userId: string }
  | { kind: 'supervisors_of'; userId: string }
  | { kind: 'assigned_users' };

/** An alert for users, with the text in every language so each recipient reads it in their own. */
export interface NotifyEffect {
  type: 'notify';
  recipients: NotifyRecipient[];
  message: WorkflowMessage;
  /** Alert category for filtering (e.g. `assessment_overdue`), when the definition gives one. */
  alertKind?: string;
}

/**
 * Starts (or restarts) the named timer of the case. A case has at most one live instance per timer name: scheduling
 * again replaces the previous one.
 */
export interface ScheduleTimerEffect {
  type: 'schedule_timer';
  timer: string;
  /** The state the timer belongs to. */
  state: string;
  startedAt: Date;
  dueAt: Date;
}

/** Cancels the named live timers of the case, or all of them. */
export interface CancelTimersEffect {
  type: 'cancel_timers';
  timers: string[] | 'all';
}

/** A task for a user, due at `dueAt` (already overdue when `dueAt` is not after the planning time). */
export interface CreateTaskEffect {
  type: 'create_task';
  kind: string;
  assigneeId: string;
  dueAt: Date;
  label?: LocalizedText;
}

/** Opens a pending approval of the given type, requested by the acting user. */
export interface RequestApprovalEffect {
  type: 'request_approval';
  approvalType: string;
  requestedBy: string;
}

/** Makes earlier decisions on these approval types stale, so that they must be requested and granted again. */
export interface ClearApprovalsEffect {
  type: 'clear_approvals';
  approvalTypes: string[] | 'all';
}

/**
 * Effects of actions registered outside this lib. The `ext:` prefix keeps them apart from the built-in types, so a
 * `switch` on `type` still narrows the built-in ones.
 */
export interface ExtensionEffect {
  type: `ext:${string}`;
  [key: string]: unknown;
}
