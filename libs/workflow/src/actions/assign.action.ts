import { ActionDefinition } from '../registry/registry.types';

export interface AssignParams {
  to: 'requester' | 'owner';
}

/** Makes the acting user (`requester`) or the current owner the owner of the case. */
export const assignAction: ActionDefinition<AssignParams> = {
  name: 'assign',
  paramsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['to'],
    properties: { to: { enum: ['requester', 'owner'] } },
  },
  run(params, { snapshot, ctx }) {
    return { type: 'assign', userId: params.to === 'requester' ? ctx.actorId : snapshot.ownerId };
  },
};
