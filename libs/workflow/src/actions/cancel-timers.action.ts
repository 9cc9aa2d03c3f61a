import { ActionDefinition } from '../registry/registry.types';
import { unknownTimers } from '../registry/reference-checks';

export interface CancelTimersParams {
  /** Absent: every live timer of the case. */
  timers?: string[];
}

/** Cancels the listed timers of the case, or all of them. */
export const cancelTimersAction: ActionDefinition<CancelTimersParams> = {
  name: 'cancel_timers',
  paramsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      timers: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', pattern: '^[a-z][a-z0-9_]*$' } },
    },
  },
  checkParams: (params, refs) => unknownTimers(params.timers ?? [], refs, '/timers', true),
  run(params) {
    return { type: 'cancel_timers', timers: params.timers ? [...params.timers] : 'all' };
  },
};
