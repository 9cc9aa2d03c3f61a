import { builtinMessage } from '../localization/builtin-messages.catalog';
import { GuardDefinition } from '../registry/registry.types';
import { readField } from '../conditions/case-condition.evaluator';

export interface ConsentGivenParams {
  field?: string;
  /** A user holding this permission may go ahead without recorded consent (Primero's consent override). */
  overridePermission?: string;
}

export const DEFAULT_CONSENT_FIELD = 'consent_for_services';

/** Passes when the consent field is exactly `true` (a "yes" typed as text does not count), or on override. */
export const consentGivenGuard: GuardDefinition<ConsentGivenParams> = {
  name: 'consent_given',
  paramsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      field: { type: 'string', pattern: '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*$' },
      overridePermission: { type: 'string', pattern: '^[a-z][a-z0-9_:.]*$' },
    },
  },
  evaluate(params, { snapshot, ctx }) {
    const field = params.field ?? DEFAULT_CONSENT_FIELD;
    if (readField(snapshot.data, field) === true) return { passed: true };
    if (params.overridePermission !== undefined && ctx.can(params.overridePermission)) return { passed: true };
    return { passed: false, reason: builtinMessage('workflow.guard.consent_given', { field }) };
  },
};
