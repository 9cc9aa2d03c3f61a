import { WorkflowEffect } from '../effects/workflow-effect.types';
import { WorkflowMessage } from '../localization/workflow-message';

/** The case status a state implies: final states close the case. */
export type CaseStatus = 'open' | 'closed';

/** A guard that did not pass, explained in the caller's locale and in every language (`message`). */
export interface FailedGuard {
  guard: string;
  reason: string;
  message: WorkflowMessage;
  /** Set when the guard threw: it then counts as failed (fail closed), and the service should log this. */
  error?: string;
}

/** A transition offered from the case's current state, with whether it may be taken now. */
export interface AvailableTransition {
  name: string;
  label: string;
  to: string;
  toLabel: string;
  allowed: boolean;
  failedGuards: FailedGuard[];
}

export type RejectionCode = 'unknown_transition' | 'not_allowed_from_state' | 'guard_failed';

export interface AppliedTransition {
  outcome: 'applied';
  transition: string;
  from: string;
  to: string;
  status: CaseStatus;
  /** To apply in order, in the same database transaction as the state change. */
  effects: WorkflowEffect[];
}

export interface RejectedTransition {
  outcome: 'rejected';
  transition: string;
  code: RejectionCode;
  /** In the caller's locale. */
  reason: string;
  /** The same reason in every language, to store with the request and show to others later. */
  reasonMessage: WorkflowMessage;
  failedGuards: FailedGuard[];
}

export type TransitionPlan = AppliedTransition | RejectedTransition;

/** What creating a case in this workflow does: the initial state and the timers that start with it. */
export interface CaseStartPlan {
  state: string;
  status: CaseStatus;
  effects: WorkflowEffect[];
}
