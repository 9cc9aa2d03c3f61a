import { workflowReferences } from '@tutela/workflow';
import { compileOrFail, readFixture } from '../../test-fixtures/workflow-test-kit';

describe('workflowReferences', () => {
  it('lists the forms, fields and permissions a workflow expects from the rest of the pack', () => {
    const base = readFixture('valid-minimal.json');
    const transitions = base.transitions as Array<Record<string, unknown>>;
    transitions[0].guards = [
      { guard: 'forms_complete', params: { forms: ['basic_identity'] } },
      { guard: 'field_condition', params: { all: [{ field: 'risk_level', op: 'present' }, { not: { field: 'family.size', op: 'gt', value: 9 } }] } },
      { guard: 'consent_given', params: { overridePermission: 'consent_override' } },
      { guard: 'has_permission', params: { permission: 'submit' } },
    ];
    const timers = [{ name: 'review_deadline', state: 'review', duration: { field: 'risk_level', values: { high: 'PT1H' }, default: 'P1D' }, onExpiry: [{ action: 'set_fields', params: { values: { overdue: true } } }] }];
    const refs = workflowReferences(compileOrFail({ ...base, timers }));
    expect(refs.forms).toEqual([{ value: 'basic_identity', path: '/transitions/0/guards/0/params/forms/0' }]);
    expect(refs.fieldsRead.map((ref) => ref.value)).toEqual(['risk_level', 'family.size', 'consent_for_services', 'risk_level']);
    expect(refs.fieldsRead[1].path).toBe('/transitions/0/guards/1/params/all/1/not/field');
    expect(refs.fieldsWritten).toEqual([
      { value: 'submitted_on', path: '/transitions/0/actions/0/params/values/submitted_on' },
      { value: 'overdue', path: '/timers/0/onExpiry/0/params/values/overdue' },
    ]);
    expect(refs.permissions.map((ref) => ref.value)).toEqual(['consent_override', 'submit', 'approve']);
  });
});
