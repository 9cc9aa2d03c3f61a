import { isDeepStrictEqual } from 'node:util';
import { CaseCondition, ConditionOperator, FieldComparison } from './case-condition.types';

/** Reads a field by dotted path; anything not reachable through plain objects is absent. */
export function readField(data: Readonly<Record<string, unknown>>, field: string): unknown {
  let current: unknown = data;
  for (const segment of field.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    if (!Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/** A value counts as present unless it is missing, null, an empty string or an empty list (an unanswered field). */
export function isPresent(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'string') return value.trim() !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/**
 * Evaluates a condition on case data. The syntax is that of form conditions; the reading is stricter because a
 * guard opens a step: a missing value (absent, null, blank, empty list) satisfies no comparison but `absent` (use
 * `not` to say "unless it is X"), so an unanswered field never opens a transition by accident. Ordering operators
 * compare numbers with numbers and strings with strings (ISO dates order as text); any other pairing is false. `in`
 * on a multi-select field passes when any selected option is listed; `includes` when the given one is selected.
 */
export function evaluateCondition(condition: CaseCondition, data: Readonly<Record<string, unknown>>): boolean {
  if ('all' in condition) return condition.all.every((part) => evaluateCondition(part, data));
  if ('any' in condition) return condition.any.some((part) => evaluateCondition(part, data));
  if ('not' in condition) return !evaluateCondition(condition.not, data);
  return compare(condition, readField(data, condition.field));
}

function compare(comparison: FieldComparison, actual: unknown): boolean {
  const expected = comparison.value;
  switch (comparison.op) {
    case 'present':
      return isPresent(actual);
    case 'absent':
      return !isPresent(actual);
    case 'eq':
      return isDeepStrictEqual(actual, expected);
    case 'ne':
      return isPresent(actual) && !isDeepStrictEqual(actual, expected);
    case 'in':
      return isAnyIn(actual, expected);
    case 'notIn':
      return isPresent(actual) && !isAnyIn(actual, expected);
    case 'includes':
      return Array.isArray(actual) && actual.some((item) => isDeepStrictEqual(item, expected));
    default:
      return order(comparison.op, actual, expected);
  }
}

function isAnyIn(actual: unknown, list: unknown): boolean {
  if (!Array.isArray(list)) return false;
  const candidates = Array.isArray(actual) ? actual : [actual];
  return candidates.some((candidate) => list.some((option) => isDeepStrictEqual(candidate, option)));
}

function order(op: ConditionOperator, actual: unknown, expected: unknown): boolean {
  const comparable =
    (typeof actual === 'number' && typeof expected === 'number' && Number.isFinite(actual)) ||
    (typeof actual === 'string' && typeof expected === 'string');
  if (!comparable) return false;
  const a = actual as number | string;
  const b = expected as number | string;
  if (op === 'gt') return a > b;
  if (op === 'gte') return a >= b;
  if (op === 'lt') return a < b;
  return a <= b;
}
