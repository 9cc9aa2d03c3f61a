/**
 * The closed vocabulary of permissions a role may grant. Role files, the admin API and the ability factory all use
 * these lists, so an unknown verb is a validation error at load time rather than a silent no-op at run time.
 *
 * CASL reserves the action `manage` (any action) and the subject `all` (any subject): none of our verbs use them, so a
 * role can never be granted "everything" by accident.
 */

/** Resource keys as written in role files, with the CASL subject each one maps to. */
export const RESOURCE_SUBJECTS = {
  case: 'Case',
  config: 'Config',
  user: 'User',
  audit_log: 'AuditLog',
} as const;

export type ResourceId = keyof typeof RESOURCE_SUBJECTS;
export type SubjectName = (typeof RESOURCE_SUBJECTS)[ResourceId];

/**
 * Case actions checked against one record: granted only within the role's scope (plus referral/transfer shares and
 * break-the-glass grants where listed below), and turned into SQL conditions for lists. Workflow definitions name
 * some of them in `has_permission` guards and approval types (request_approval, approve, self_approve, reopen).
 */
export const CASE_RECORD_ACTIONS = [
  'read',
  'update',
  'disable',
  'assign',
  'refer',
  'transfer',
  'approve',
  'request_approval',
  'self_approve',
  'reopen',
  'add_note',
  'flag',
  'export',
  'read_sensitive',
  'consent_override',
  'view_stats',
] as const;

/** Case actions that are capabilities of the user, not of one record (nothing to scope before the record exists). */
export const CASE_TYPE_ACTIONS = ['create', 'import', 'break_glass', 'receive_referral', 'receive_transfer'] as const;

export type CaseRecordAction = (typeof CASE_RECORD_ACTIONS)[number];
export type CaseTypeAction = (typeof CASE_TYPE_ACTIONS)[number];
export type CaseAction = CaseRecordAction | CaseTypeAction;

export const RESOURCE_ACTIONS = {
  case: [...CASE_RECORD_ACTIONS, ...CASE_TYPE_ACTIONS],
  config: ['manage_config'],
  user: ['manage_users'],
  audit_log: ['read_audit_log'],
} as const satisfies Record<ResourceId, readonly string[]>;

export type ConfigAction = (typeof RESOURCE_ACTIONS.config)[number];
export type UserAdminAction = (typeof RESOURCE_ACTIONS.user)[number];
export type AuditLogAction = (typeof RESOURCE_ACTIONS.audit_log)[number];
export type TutelaAction = CaseAction | ConfigAction | UserAdminAction | AuditLogAction;

/**
 * What an accepted referral or transfer lets the recipient do on a case outside their own scope (still limited to the
 * recipient role's own verbs and to the forms the referral names). Reassigning, onward referral, approval and
 * disabling stay with the owning side.
 */
export const SHARED_CASE_ACTIONS: readonly CaseRecordAction[] = ['read', 'read_sensitive', 'update', 'add_note', 'flag'];

/** Break-the-glass is an emergency look at one case: reading only, never changing it. */
export const BREAK_GLASS_CASE_ACTIONS: readonly CaseRecordAction[] = ['read', 'read_sensitive'];

/**
 * Record actions that make no sense without seeing the record. A role granting one of them must also grant `read`,
 * which keeps the 404/403 split sound: every record an actor may act on is a record it may read.
 */
export const CASE_ACTIONS_REQUIRING_READ: readonly CaseRecordAction[] = CASE_RECORD_ACTIONS.filter(
  (action) => action !== 'read' && action !== 'view_stats',
);

/** The only case verb a statistics-only role may hold. */
export const STATS_ONLY_CASE_ACTIONS: readonly CaseAction[] = ['view_stats'];

export const isCaseRecordAction = (action: string): action is CaseRecordAction =>
  (CASE_RECORD_ACTIONS as readonly string[]).includes(action);
