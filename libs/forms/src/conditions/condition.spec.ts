import type { Condition } from '../definitions/form-definition.types';
import { createFormAjv } from '../schema/form-ajv.factory';
import { conditionToSchema } from './condition-schema.compiler';
import { evaluateCondition } from './condition.evaluator';
import { conditionFieldNames } from './condition.utils';

const conditions: Record<string, Condition> = {
  eq: { field: 'a', op: 'eq', value: 'x' },
  eqBoolean: { field: 'flag', op: 'eq', value: true },
  ne: { field: 'a', op: 'ne', value: 'x' },
  in: { field: 'a', op: 'in', value: ['x', 'y'] },
  notIn: { field: 'a', op: 'notIn', value: ['x', 'y'] },
  gt: { field: 'n', op: 'gt', value: 3 },
  gte: { field: 'n', op: 'gte', value: 3 },
  lt: { field: 'n', op: 'lt', value: 3 },
  lte: { field: 'n', op: 'lte', value: 3 },
  present: { field: 'a', op: 'present' },
  absent: { field: 'a', op: 'absent' },
  includes: { field: 'list', op: 'includes', value: 'x' },
  all: { all: [{ field: 'a', op: 'eq', value: 'x' }, { field: 'n', op: 'gte', value: 3 }] },
  any: { any: [{ field: 'a', op: 'eq', value: 'y' }, { field: 'flag', op: 'eq', value: true }] },
  not: { not: { field: 'list', op: 'includes', value: 'y' } },
  nested: { all: [{ not: { field: 'a', op: 'absent' } }, { any: [{ field: 'n', op: 'lt', value: 0 }, { field: 'flag', op: 'ne', value: false }] }] },
};

const scopes: Array<Record<string, unknown>> = [
  {},
  { a: 'x' },
  { a: 'y', n: 3 },
  { a: 'z', n: 4, flag: false },
  { a: 'x', n: 2, flag: true, list: ['x'] },
  { a: 'x', n: 3, list: ['y', 'x'] },
  { n: -1, list: [] },
  { n: '5', flag: 'true', list: 'x' },
  { a: null, n: null },
];

describe('conditions', () => {
  const ajv = createFormAjv();

  // The server enforces the compiled schema while completeness checks use the evaluator: they must never disagree.
  it.each(Object.entries(conditions))('%s: the JSON Schema and the evaluator agree on every sample', (_name, condition) => {
    const validate = ajv.compile({ type: 'object', ...conditionToSchema(condition) });
    for (const scope of scopes) {
      expect([scope, validate(scope)]).toEqual([scope, evaluateCondition(condition, scope)]);
    }
  });

  it('evaluates a few conditions as documented', () => {
    expect(evaluateCondition(conditions.eq, { a: 'x' })).toBe(true);
    expect(evaluateCondition(conditions.ne, {})).toBe(true);
    expect(evaluateCondition(conditions.gt, { n: '5' })).toBe(false);
    expect(evaluateCondition(conditions.includes, { list: ['y', 'x'] })).toBe(true);
    expect(evaluateCondition(conditions.present, { a: null })).toBe(true);
  });

  it('lists the fields a condition reads, once each', () => {
    expect(conditionFieldNames(conditions.nested).sort()).toEqual(['a', 'flag', 'n']);
  });
});
