import type { Condition, ConditionValue, FieldComparison } from '../definitions/form-definition.types';
import { isComparison } from './condition.utils';

type Scope = Readonly<Record<string, unknown>>;

// Mirrors conditionToSchema keyword by keyword (a spec checks both agree): a key holding null is present, as it
// is for JSON Schema `required`.
function compare({ field, op, value }: FieldComparison, scope: Scope): boolean {
  const present = Object.prototype.hasOwnProperty.call(scope, field);
  const actual = scope[field];
  switch (op) {
    case 'eq':
      return present && actual === value;
    case 'ne':
      return !(present && actual === value);
    case 'in':
      return present && (value as ConditionValue[]).includes(actual as ConditionValue);
    case 'notIn':
      return !(present && (value as ConditionValue[]).includes(actual as ConditionValue));
    case 'gt':
      return present && typeof actual === 'number' && actual > (value as number);
    case 'gte':
      return present && typeof actual === 'number' && actual >= (value as number);
    case 'lt':
      return present && typeof actual === 'number' && actual < (value as number);
    case 'lte':
      return present && typeof actual === 'number' && actual <= (value as number);
    case 'present':
      return present;
    case 'absent':
      return !present;
    case 'includes':
      return present && Array.isArray(actual) && actual.includes(value);
  }
}

/** Evaluates a condition against one scope: the record data, or one subform item. */
export function evaluateCondition(condition: Condition, scope: Scope): boolean {
  if (isComparison(condition)) return compare(condition, scope);
  if ('all' in condition) return condition.all.every((c) => evaluateCondition(c, scope));
  if ('any' in condition) return condition.any.some((c) => evaluateCondition(c, scope));
  return !evaluateCondition(condition.not, scope);
}
