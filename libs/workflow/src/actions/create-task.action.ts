import { LocalizedText } from '../localization/localized-text';
import { ActionDefinition } from '../registry/registry.types';
import { addIsoDuration, isIsoDuration } from '../time/iso-duration';

export interface CreateTaskParams {
  /** Task category, e.g. `assessment`, `follow_up`. */
  kind: string;
  /** Due after this ISO-8601 duration; `PT0S` (the default) makes a task that is already due, e.g. an overdue one. */
  dueIn?: string;
  label?: LocalizedText;
  assignTo?: 'owner' | 'requester';
}

/** Creates a task for the case owner (or the acting user). */
export const createTaskAction: ActionDefinition<CreateTaskParams> = {
  name: 'create_task',
  paramsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['kind'],
    properties: {
      kind: { type: 'string', pattern: '^[a-z][a-z0-9_]*$' },
      dueIn: { type: 'string' },
      label: {
        type: 'object',
        minProperties: 1,
        propertyNames: { type: 'string', pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$' },
        additionalProperties: { type: 'string' },
      },
      assignTo: { enum: ['owner', 'requester'] },
    },
  },
  checkParams: (params) =>
    params.dueIn === undefined || isIsoDuration(params.dueIn)
      ? []
      : [{ path: '/dueIn', code: 'invalid_duration', message: `"${params.dueIn}" is not an ISO-8601 duration with whole numbers (e.g. P3D)` }],
  localizedTexts: (params) => (params.label ? [{ path: '/label', text: params.label }] : []),
  run(params, { snapshot, ctx }) {
    return {
      type: 'create_task',
      kind: params.kind,
      assigneeId: params.assignTo === 'requester' ? ctx.actorId : snapshot.ownerId,
      dueAt: addIsoDuration(ctx.now, params.dueIn ?? 'PT0S'),
      ...(params.label ? { label: params.label } : {}),
    };
  },
};
