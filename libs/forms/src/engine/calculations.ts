import { evaluateCondition } from '../conditions/condition.evaluator';
import type { Calculation, FieldDefinition } from '../definitions/form-definition.types';
import { propertyKey } from './property-key';

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

// The UTC calendar date of the last `now` seen: every write of a request (and most writes of a second) asks for the
// age at the same instant, and one comparison costs less than three calendar computations.
let clockTime = Number.NaN;
let clockYear = 0;
let clockMonth = 0;
let clockDay = 0;

/** Full years between a `YYYY-MM-DD…` date and `now` (UTC), or undefined if unreadable or in the future. */
export function ageInYears(value: unknown, now: Date): number | undefined {
  if (typeof value !== 'string' || value.length < 10 || value.charCodeAt(4) !== DASH || value.charCodeAt(7) !== DASH) return undefined;
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 7);
  const day = digits(value, 8, 10);
  if (Number.isNaN(year + month + day)) return undefined;
  const time = now.getTime();
  if (time !== clockTime) {
    clockYear = now.getUTCFullYear();
    clockMonth = now.getUTCMonth() + 1;
    clockDay = now.getUTCDate();
    clockTime = time;
  }
  let age = clockYear - year;
  if (clockMonth < month || (clockMonth === month && clockDay < day)) age -= 1;
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

/** A calculation bound to its field: reads its scope and the clock, yields the value or undefined. */
export type CompiledCalculation = (scope: Scope, now: Date) => number | undefined;

/** A closure yielding the calculation's value on a scope, or undefined when its inputs are missing. */
function compileRawCalculation(calculation: Calculation): CompiledCalculation {
  switch (calculation.op) {
    case 'age': {
      const from = propertyKey(calculation.from);
      return (scope, now) => ageInYears(scope[from], now);
    }
    case 'sum': {
      const fields = calculation.fields.map(propertyKey);
      return (scope) => {
        const values = numbersOf(scope, fields);
        return values.length > 0 ? values.reduce((a, b) => a + b, 0) : undefined;
      };
    }
    case 'avg': {
      const fields = calculation.fields.map(propertyKey);
      const decimals = calculation.decimals ?? DEFAULT_DECIMALS;
      return (scope) => {
        const values = numbersOf(scope, fields);
        return values.length === 0 ? undefined : round(values.reduce((a, b) => a + b, 0) / values.length, decimals);
      };
    }
    case 'count': {
      const subform = propertyKey(calculation.subform);
      const where = calculation.where;
      return (scope) => {
        const items = scope[subform];
        if (!Array.isArray(items)) return 0;
        return where ? items.filter((item) => isObject(item) && evaluateCondition(where, item)).length : items.length;
      };
    }
  }
}

/**
 * A calculated field's calculation, resolved once per form version (operator, inputs, rounding) so that every
 * write runs one closure instead of re-reading the definition.
 */
export function compileCalculation(field: FieldDefinition): CompiledCalculation {
  const calculate = compileRawCalculation(field.calculation!);
  // An age is a whole number already: no rounding closure around it.
  if (field.valueType !== 'integer' || field.calculation!.op === 'age') return calculate;
  return (scope, now) => {
    const value = calculate(scope, now);
    return value === undefined ? undefined : Math.round(value);
  };
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
