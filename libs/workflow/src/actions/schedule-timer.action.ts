import { ActionDefinition } from '../registry/registry.types';
import { unknownTimers } from '../registry/reference-checks';
import { dueAtFor } from '../timers/timer-duration';

export interface ScheduleTimerParams {
  timer: string;
}

/** Starts (or restarts) a timer of the definition; its due time follows the case data as it stands after earlier actions. */
export const scheduleTimerAction: ActionDefinition<ScheduleTimerParams> = {
  name: 'schedule_timer',
  paramsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['timer'],
    properties: { timer: { type: 'string', pattern: '^[a-z][a-z0-9_]*$' } },
  },
  checkParams: (params, refs) => unknownTimers([params.timer], refs, '/timer'),
  run(params, { snapshot, ctx, workflow }) {
    const timer = workflow.timers.get(params.timer);
    if (!timer) throw new Error(`Timer "${params.timer}" is not declared in workflow "${workflow.id}"`);
    return {
      type: 'schedule_timer',
      timer: timer.name,
      state: timer.state,
      startedAt: ctx.now,
      dueAt: dueAtFor(timer.duration, snapshot, ctx.now),
    };
  },
};
