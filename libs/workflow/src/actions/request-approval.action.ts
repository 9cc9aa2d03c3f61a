import { ActionDefinition } from '../registry/registry.types';
import { unknownApprovalTypes } from '../registry/reference-checks';

export interface RequestApprovalParams {
  type: string;
}

/**
 * Opens a pending approval as the acting user. The new request supersedes any earlier decision of that type, so
 * a closure approved in a previous cycle cannot close the case again.
 */
export const requestApprovalAction: ActionDefinition<RequestApprovalParams> = {
  name: 'request_approval',
  paramsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['type'],
    properties: { type: { type: 'string', pattern: '^[a-z][a-z0-9_]*$' } },
  },
  checkParams: (params, refs) => unknownApprovalTypes([params.type], refs, '/type'),
  run(params, { ctx }) {
    return { type: 'request_approval', approvalType: params.type, requestedBy: ctx.actorId };
  },
};
