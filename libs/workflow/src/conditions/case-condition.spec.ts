import { WorkflowRegistry } from '../registry/workflow.registry';
import { describeCondition } from './case-condition.describer';
import { evaluateCondition, isPresent, readField } from './case-condition.evaluator';
import { CaseCondition } from './case-condition.types';

const data = {
  risk_level: 'high',
  age: 12,
  date_of_birth: '2014-02-01',
  protection_concerns: ['neglect', 'violence'],
  consent_for_services: false,
  caregiver_name: '  ',
  family: { size: 4 },
};

describe('case conditions', () => {
  it.each<[CaseCondition, boolean]>([
    [{ field: 'risk_level', op: 'eq', value: 'high' }, true],
    [{ field: 'risk_level', op: 'eq', value: 'low' }, false],
    [{ field: 'risk_level', op: 'ne', value: 'low' }, true],
    [{ field: 'nationality', op: 'ne', value: 'ml' }, false],
    [{ field: 'risk_level', op: 'in', value: ['high', 'medium'] }, true],
    [{ field: 'protection_concerns', op: 'in', value: ['violence'] }, true],
    [{ field: 'protection_concerns', op: 'notIn', value: ['violence'] }, false],
    [{ field: 'protection_concerns', op: 'notIn', value: ['trafficking'] }, true],
    [{ field: 'nationality', op: 'notIn', value: ['ml'] }, false],
    [{ field: 'age', op: 'gt', value: 11 }, true],
    [{ field: 'age', op: 'gte', value: 12 }, true],
    [{ field: 'age', op: 'lt', value: 12 }, false],
    [{ field: 'age', op: 'lte', value: 12 }, true],
    [{ field: 'date_of_birth', op: 'lt', value: '2015-01-01' }, true],
    [{ field: 'age', op: 'gt', value: '11' }, false],
    [{ field: 'missing', op: 'lt', value: 5 }, false],
    [{ field: 'consent_for_services', op: 'present' }, true],
    [{ field: 'caregiver_name', op: 'present' }, false],
    [{ field: 'caregiver_name', op: 'absent' }, true],
    [{ field: 'family.size', op: 'eq', value: 4 }, true],
    [{ field: 'protection_concerns', op: 'includes', value: 'neglect' }, true],
    [{ field: 'protection_concerns', op: 'includes', value: 'trafficking' }, false],
    [{ field: 'risk_level', op: 'includes', value: 'high' }, false],
    [{ all: [{ field: 'age', op: 'lt', value: 18 }, { field: 'risk_level', op: 'eq', value: 'high' }] }, true],
    [{ all: [{ field: 'age', op: 'lt', value: 18 }, { field: 'risk_level', op: 'eq', value: 'low' }] }, false],
    [{ any: [{ field: 'age', op: 'gt', value: 18 }, { field: 'risk_level', op: 'eq', value: 'high' }] }, true],
    [{ not: { field: 'risk_level', op: 'eq', value: 'high' } }, false],
  ])('%j is %p', (condition, expected) => {
    expect(evaluateCondition(condition, data)).toBe(expected);
  });

  it('reads only own properties of plain objects', () => {
    expect(readField(data, 'family.size')).toBe(4);
    expect(readField(data, 'protection_concerns.length')).toBeUndefined();
    expect(readField(data, 'constructor')).toBeUndefined();
    expect(readField(data, 'risk_level.length')).toBeUndefined();
  });

  it('treats null, blank text and empty lists as absent', () => {
    expect([null, undefined, '', ' ', []].map(isPresent)).toEqual([false, false, false, false, false]);
    expect([0, false, 'x', ['a']].map(isPresent)).toEqual([true, true, true, true]);
  });

  it('describes a condition in English and French without case values', () => {
    const text = describeCondition({ all: [{ field: 'risk_level', op: 'in', value: ['high'] }, { not: { field: 'age', op: 'absent' } }] });
    expect(text.en).toBe('all of (risk_level is one of ["high"]; not (age is empty))');
    expect(text.fr).toBe('toutes ces conditions (risk_level est l’une des valeurs ["high"]; non (age est vide))');
  });

  describe('parameter schema', () => {
    const registry = WorkflowRegistry.withBuiltins();
    const problems = (params: unknown) => registry.checkGuardParams('field_condition', params).map((p) => p.path);

    it('accepts nested combinations', () => {
      expect(problems({ any: [{ field: 'a', op: 'present' }, { not: { all: [{ field: 'b', op: 'gte', value: 3 }] } }] })).toEqual([]);
    });

    it('points at the broken comparison inside a combination', () => {
      expect(problems({ all: [{ field: 'a', op: 'present' }, { field: 'b', op: 'in', value: 'x' }] })).toEqual(['/all/1/value']);
    });

    it('refuses a value for present/absent, a missing value, unknown operators and empty combinations', () => {
      expect(problems({ field: 'a', op: 'absent', value: 1 })).not.toEqual([]);
      expect(problems({ field: 'a', op: 'eq' })).toEqual(['/value']);
      expect(problems({ field: 'a', op: 'like', value: 'x' })).toEqual(['/op']);
      expect(problems({ any: [] })).toEqual(['/any']);
      expect(problems({ field: 'Bad Name', op: 'present' })).toEqual(['/field']);
    });
  });
});
