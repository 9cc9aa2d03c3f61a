/** The latest decision on one approval type of a case. */
export type ApprovalStatus = 'pending' | 'approved' | 'rejected';

/**
 * What the state machine needs to know about a case, read by the service inside its transaction. Plain data: the
 * machine never loads anything itself.
 */
export interface CaseSnapshot {
  state: string;
  /** Case form data, field name → value. */
  data: Readonly<Record<string, unknown>>;
  ownerId: string;
  /** The case's risk level column; used when `data.risk_level` is absent. */
  riskLevel?: string | null;
  /** Latest status per approval type; a type never requested is absent. */
  approvals: Readonly<Partial<Record<string, ApprovalStatus>>>;
  /** When the case entered its current state; lets timer expiry recognise a timer from an earlier visit. */
  stateEnteredAt?: Date;
}

/**
 * Who asks and what they may do, for one planning call. The functions must be synchronous: the service computes
 * permissions and form completeness before calling the machine, which keeps the machine pure.
 */
export interface TransitionContext {
  actorId: string;
  now: Date;
  locale: string;
  /** IANA time zone for `$today`; UTC when absent. */
  timeZone?: string;
  can(permission: string): boolean;
  isFormComplete(formId: string): boolean;
}
