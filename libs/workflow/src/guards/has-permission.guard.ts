import { builtinMessage } from '../localization/builtin-messages.catalog';
import { GuardDefinition } from '../registry/registry.types';

export interface HasPermissionParams {
  permission: string;
}

/** Passes when the acting user holds the permission on this case (`ctx.can`). */
export const hasPermissionGuard: GuardDefinition<HasPermissionParams> = {
  name: 'has_permission',
  paramsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['permission'],
    properties: { permission: { type: 'string', pattern: '^[a-z][a-z0-9_:.]*$' } },
  },
  evaluate(params, { ctx }) {
    if (ctx.can(params.permission)) return { passed: true };
    return { passed: false, reason: builtinMessage('workflow.guard.has_permission', { permission: params.permission }) };
  },
};
