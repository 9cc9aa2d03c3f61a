import { ActionDefinition } from '../registry/registry.types';
import { unknownApprovalTypes } from '../registry/reference-checks';

export interface ClearApprovalsParams {
  /** Absent: every approval type. */
  types?: string[];
}

/**
 * Makes earlier approval decisions stale (e.g. on reopening or on going back to assessment), so a plan approved
 * before the case changed cannot open a later step.
 */
export const clearApprovalsAction: ActionDefinition<ClearApprovalsParams> = {
  name: 'clear_approvals',
  paramsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      types: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', pattern: '^[a-z][a-z0-9_]*$' } },
    },
  },
  checkParams: (params, refs) => unknownApprovalTypes(params.types ?? [], refs, '/types', true),
  run(params) {
    return { type: 'clear_approvals', approvalTypes: params.types ? [...params.types] : 'all' };
  },
};
