import { builtinMessage } from '../localization/builtin-messages.catalog';
import { GuardDefinition } from '../registry/registry.types';
import { unknownApprovalTypes } from '../registry/reference-checks';

export interface ApprovalGrantedParams {
  type: string;
}

/**
 * Passes when the latest decision on the approval type is `approved`. For a type the definition marks
 * `required: false`, it also passes when none was requested; a pending or rejected request still blocks, because
 * someone asked for a decision and it has not been given in favour.
 */
export const approvalGrantedGuard: GuardDefinition<ApprovalGrantedParams> = {
  name: 'approval_granted',
  paramsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['type'],
    properties: { type: { type: 'string', pattern: '^[a-z][a-z0-9_]*$' } },
  },
  checkParams: (params, refs) => unknownApprovalTypes([params.type], refs, '/type'),
  evaluate(params, { snapshot, workflow }) {
    const approvalType = workflow.approvals.get(params.type);
    const status = snapshot.approvals[params.type];
    if (status === 'approved') return { passed: true };
    if (status === undefined && approvalType?.required === false) return { passed: true };
    const approval = approvalType?.label ?? params.type;
    const key =
      status === 'pending'
        ? 'workflow.guard.approval_pending'
        : status === 'rejected'
          ? 'workflow.guard.approval_rejected'
          : 'workflow.guard.approval_not_requested';
    return { passed: false, reason: builtinMessage(key, { approval }) };
  },
};
