import { CompiledWorkflow } from '../compile/compiled-workflow.types';
import { BuiltinMessageKey, builtinMessage } from '../localization/builtin-messages.catalog';
import { MessageParam, WorkflowMessage, renderMessage } from '../localization/workflow-message';
import { CaseSnapshot, TransitionContext } from './case-snapshot.types';

export type ApprovalRefusalCode =
  | 'unknown_approval_type'
  | 'missing_permission'
  | 'self_approval_not_allowed'
  | 'not_requestable_in_state';

export type ApprovalCheck =
  | { allowed: true }
  | { allowed: false; code: ApprovalRefusalCode; reason: string; reasonMessage: WorkflowMessage };

/** Whether the acting user may request this approval on the case now (type declared, permission, state). */
export function checkApprovalRequest(
  workflow: CompiledWorkflow,
  approvalType: string,
  snapshot: CaseSnapshot,
  ctx: TransitionContext,
): ApprovalCheck {
  const type = workflow.approvals.get(approvalType);
  if (!type) return refuse('unknown_approval_type', 'workflow.approval.unknown_type', { approval: approvalType }, ctx);
  if (type.requestPermission !== undefined && !ctx.can(type.requestPermission)) {
    return refuse('missing_permission', 'workflow.approval.missing_permission', { approval: type.label, permission: type.requestPermission }, ctx);
  }
  if (type.requestableIn !== undefined && !type.requestableIn.includes(snapshot.state)) {
    const state = workflow.states.get(snapshot.state)?.label ?? snapshot.state;
    return refuse('not_requestable_in_state', 'workflow.approval.not_requestable_in_state', { approval: type.label, state }, ctx);
  }
  return { allowed: true };
}

/**
 * Whether the acting user may approve or reject a request. Deciding on one's own case or one's own request counts
 * as self-approval: allowed only when the type names a self-approval permission and the user holds it, so that a
 * case worker cannot sign off their own closure.
 */
export function checkApprovalDecision(
  workflow: CompiledWorkflow,
  approvalType: string,
  request: { ownerId: string; requestedBy: string },
  ctx: TransitionContext,
): ApprovalCheck {
  const type = workflow.approvals.get(approvalType);
  if (!type) return refuse('unknown_approval_type', 'workflow.approval.unknown_type', { approval: approvalType }, ctx);
  if (!ctx.can(type.permission)) {
    return refuse('missing_permission', 'workflow.approval.missing_permission', { approval: type.label, permission: type.permission }, ctx);
  }
  const isSelf = ctx.actorId === request.ownerId || ctx.actorId === request.requestedBy;
  if (isSelf && (type.selfApprovalPermission === undefined || !ctx.can(type.selfApprovalPermission))) {
    return refuse('self_approval_not_allowed', 'workflow.approval.self_approval_not_allowed', { approval: type.label }, ctx);
  }
  return { allowed: true };
}

function refuse(
  code: ApprovalRefusalCode,
  key: BuiltinMessageKey,
  params: Record<string, MessageParam>,
  ctx: TransitionContext,
): ApprovalCheck {
  const reasonMessage = builtinMessage(key, params);
  return { allowed: false, code, reason: renderMessage(reasonMessage, ctx.locale), reasonMessage };
}
