import { CASE_CONDITION_SCHEMA } from '../conditions/case-condition.schema';
import { describeCondition } from '../conditions/case-condition.describer';
import { evaluateCondition } from '../conditions/case-condition.evaluator';
import { CaseCondition } from '../conditions/case-condition.types';
import { builtinMessage } from '../localization/builtin-messages.catalog';
import { GuardDefinition } from '../registry/registry.types';
import { caseFieldView } from './case-field-view';

/**
 * Passes when the case data meets the condition given as parameters:
 * `{field, op, value}` or `{all: [...]}`, `{any: [...]}`, `{not: {...}}`.
 */
export const fieldConditionGuard: GuardDefinition<CaseCondition> = {
  name: 'field_condition',
  paramsSchema: CASE_CONDITION_SCHEMA,
  evaluate(params, { snapshot }) {
    if (evaluateCondition(params, caseFieldView(snapshot))) return { passed: true };
    return { passed: false, reason: builtinMessage('workflow.guard.field_condition', { condition: describeCondition(params) }) };
  },
};
