import { builtinMessage } from '../localization/builtin-messages.catalog';
import { GuardDefinition } from '../registry/registry.types';

export interface FormsCompleteParams {
  forms: string[];
}

/** Passes when every listed form is complete, as the service judges it (`ctx.isFormComplete`). */
export const formsCompleteGuard: GuardDefinition<FormsCompleteParams> = {
  name: 'forms_complete',
  paramsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['forms'],
    properties: {
      forms: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', pattern: '^[a-z][a-z0-9_]*$' } },
    },
  },
  evaluate(params, { ctx }) {
    const incomplete = params.forms.filter((formId) => !ctx.isFormComplete(formId));
    if (incomplete.length === 0) return { passed: true };
    return { passed: false, reason: builtinMessage('workflow.guard.forms_complete', { forms: incomplete.join(', ') }) };
  },
};
