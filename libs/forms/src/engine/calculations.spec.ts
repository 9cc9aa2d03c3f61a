import type { FieldDefinition } from '../definitions/form-definition.types';
import { compileCalculation } from './calculations';

const now = new Date('2026-03-15T10:00:00Z');
const label = { en: 'Label', fr: 'Libellé' };
const calculated = (rest: Partial<FieldDefinition>): FieldDefinition => ({ name: 'result', type: 'calculated', label, ...rest }) as FieldDefinition;

describe('compileCalculation', () => {
  it('counts full years from a date, and yields nothing without one', () => {
    const age = compileCalculation(calculated({ valueType: 'integer', calculation: { op: 'age', from: 'date_of_birth' } }));
    expect(age({ date_of_birth: '2014-03-16' }, now)).toBe(11);
    expect(age({ date_of_birth: '2014-03-15' }, now)).toBe(12);
    expect(age({}, now)).toBeUndefined();
    expect(age({ date_of_birth: '2030-01-01' }, now)).toBeUndefined();
  });

  it('sums and averages the inputs that hold a number, rounding as the field says', () => {
    const fields = ['a', 'b', 'c'];
    const sum = compileCalculation(calculated({ valueType: 'number', calculation: { op: 'sum', fields } }));
    const avg = compileCalculation(calculated({ valueType: 'number', calculation: { op: 'avg', fields, decimals: 1 } }));
    const roundedAvg = compileCalculation(calculated({ valueType: 'integer', calculation: { op: 'avg', fields } }));
    const scope = { a: 1, b: 2.5, c: 'x' };
    expect(sum(scope, now)).toBe(3.5);
    expect(avg(scope, now)).toBe(1.8);
    expect(roundedAvg(scope, now)).toBe(2);
    expect(sum({}, now)).toBeUndefined();
    expect(avg({}, now)).toBeUndefined();
  });

  it('counts subform items, optionally those matching a condition', () => {
    const items = [{ relation_is_caregiver: true }, { relation_is_caregiver: false }, 'not an item'];
    const all = compileCalculation(calculated({ calculation: { op: 'count', subform: 'family' } }));
    const caregivers = compileCalculation(
      calculated({ calculation: { op: 'count', subform: 'family', where: { field: 'relation_is_caregiver', op: 'eq', value: true } } }),
    );
    expect(all({ family: items }, now)).toBe(3);
    expect(caregivers({ family: items }, now)).toBe(1);
    expect(all({}, now)).toBe(0);
  });
});
