import { evaluateCondition } from '../conditions/condition.evaluator';
import type { Calculation, FieldDefinition } from '../definitions/form-definition.types';

type Scope = Readonly<Record<string, unknown>>;

const DEFAULT_DECIMALS = 2;
const DASH = 45;

// Hand-parsed rather than by regex: this runs on every write that touches a form with an age field.
function digits(text: string, from: number, to: number): number {
  let value = 0;
  for (let i = from; i < to; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return NaN;
    value = value * 10 + digit;
  }
  return value;
}

/** Full years between a `YYYY-MM-DD…` date and `now` (UTC), or undefined if unreadable or in the future. */
export function ageInYears(value: unknown, now: Date): number | undefined {
  if (typeof value !== 'string' || value.length < 10 || value.charCodeAt(4) !== DASH || value.charCodeAt(7) !== DASH) return undefined;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 7);
  const day = digits(value, 8, 10);
  if (Number.isNaN(year + month + day)) return undefined;
  let age = now.getUTCFullYear() - year;
  const monthNow = now.getUTCMonth() + 1;
  if (monthNow < month || (monthNow === month && now.getUTCDate() < day)) age -= 1;
  return age >= 0 ? age : undefined;
}

const numbersOf = (scope: Scope, fields: readonly string[]): number[] => {
  const out: number[] = [];
  for (const name of fields) {
    const value = scope[name];
    if (typeof value === 'number' && Number.isFinite(value)) out.push(value);
  }
  return out;
};

const round = (value: number, decimals: number): number => {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
};

/** The value a calculation yields on a scope, or undefined when its inputs are missing. */
export function calculate(calculation: Calculation, scope: Scope, now: Date): number | undefined {
  switch (calculation.op) {
    case 'age':
      return ageInYears(scope[calculation.from], now);
    case 'sum': {
      const values = numbersOf(scope, calculation.fields);
      return values.length > 0 ? values.reduce((a, b) => a + b, 0) : undefined;
    }
    case 'avg': {
      const values = numbersOf(scope, calculation.fields);
      if (values.length === 0) return undefined;
      return round(values.reduce((a, b) => a + b, 0) / values.length, calculation.decimals ?? DEFAULT_DECIMALS);
    }
    case 'count': {
      const items = scope[calculation.subform];
      if (!Array.isArray(items)) return 0;
      const where = calculation.where;
      return where ? items.filter((item) => isObject(item) && evaluateCondition(where, item)).length : items.length;
    }
  }
}

/** The value of a calculated field: its calculation, rounded when the field holds integers. */
export function calculateField(field: FieldDefinition, scope: Scope, now: Date): number | undefined {
  const value = calculate(field.calculation!, scope, now);
  return value !== undefined && field.valueType === 'integer' ? Math.round(value) : value;
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Names a calculation reads in its own scope. */
export function calculationInputs(calculation: Calculation): string[] {
  switch (calculation.op) {
    case 'age':
      return [calculation.from];
    case 'sum':
    case 'avg':
      return calculation.fields;
    case 'count':
      return [calculation.subform];
  }
}
