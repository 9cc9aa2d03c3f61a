import { ActionDefinition } from '../registry/registry.types';
import { SERVER_TOKENS, isServerToken, resolveServerToken } from './server-tokens';

export interface SetFieldsParams {
  values: Record<string, unknown>;
}

/** Writes values into case data; top-level strings `$now`, `$today` and `$actor` are filled in by the server. */
export const setFieldsAction: ActionDefinition<SetFieldsParams> = {
  name: 'set_fields',
  paramsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['values'],
    properties: {
      values: {
        type: 'object',
        minProperties: 1,
        propertyNames: { type: 'string', pattern: '^[a-z][a-z0-9_]*$' },
        additionalProperties: {
          if: { type: 'string', pattern: '^\\$' },
          then: { enum: [...SERVER_TOKENS] },
        },
      },
    },
  },
  run(params, { ctx }) {
    const values = Object.fromEntries(
      Object.entries(params.values).map(([field, value]) => [field, isServerToken(value) ? resolveServerToken(value, ctx) : value]),
    );
    return { type: 'set_fields', values };
  },
};
