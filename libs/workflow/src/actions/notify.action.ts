import { NotifyRecipient } from '../effects/workflow-effect.types';
import { LocalizedText } from '../localization/localized-text';
import { ActionDefinition } from '../registry/registry.types';

export const NOTIFY_AUDIENCES = ['owner', 'supervisors', 'assigned', 'requester'] as const;
export type NotifyAudience = (typeof NOTIFY_AUDIENCES)[number];

export interface NotifyParams {
  to: NotifyAudience | NotifyAudience[];
  /** A key of the definition's `messages` (or of the registry's), or the text itself in every language. */
  message: string | LocalizedText;
  /** Alert category, e.g. `assessment_overdue`. */
  kind?: string;
}

/** Raises an alert for the owner, the owner's supervisors, the users assigned to the case and/or the acting user. */
export const notifyAction: ActionDefinition<NotifyParams> = {
  name: 'notify',
  paramsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['to', 'message'],
    properties: {
      to: {
        anyOf: [
          { enum: [...NOTIFY_AUDIENCES] },
          { type: 'array', minItems: 1, uniqueItems: true, items: { enum: [...NOTIFY_AUDIENCES] } },
        ],
      },
      message: {
        anyOf: [
          { type: 'string', pattern: '^[a-z][a-z0-9_.]*$' },
          {
            type: 'object',
            minProperties: 1,
            propertyNames: { type: 'string', pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$' },
            additionalProperties: { type: 'string' },
          },
        ],
      },
      kind: { type: 'string', pattern: '^[a-z][a-z0-9_]*$' },
    },
  },
  checkParams(params, refs) {
    if (typeof params.message !== 'string' || refs.messageKeys.has(params.message)) return [];
    return [{ path: '/message', code: 'unknown_message', message: `unknown message key "${params.message}"` }];
  },
  localizedTexts: (params) => (typeof params.message === 'string' ? [] : [{ path: '/message', text: params.message }]),
  run(params, { snapshot, ctx, workflow }) {
    const audiences = Array.isArray(params.to) ? params.to : [params.to];
    const message =
      typeof params.message === 'string'
        ? { key: params.message, text: workflow.messages.get(params.message) ?? { en: params.message } }
        : { text: params.message };
    return {
      type: 'notify',
      recipients: uniqueRecipients(audiences.map((audience) => recipientFor(audience, snapshot.ownerId, ctx.actorId))),
      message,
      ...(params.kind ? { alertKind: params.kind } : {}),
    };
  },
};

function recipientFor(audience: NotifyAudience, ownerId: string, actorId: string): NotifyRecipient {
  if (audience === 'owner') return { kind: 'user', userId: ownerId };
  if (audience === 'requester') return { kind: 'user', userId: actorId };
  if (audience === 'supervisors') return { kind: 'supervisors_of', userId: ownerId };
  return { kind: 'assigned_users' };
}

/** The owner acting on their own case is one recipient, not two. */
function uniqueRecipients(recipients: NotifyRecipient[]): NotifyRecipient[] {
  const seen = new Set<string>();
  return recipients.filter((recipient) => {
    const key = JSON.stringify(recipient);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
