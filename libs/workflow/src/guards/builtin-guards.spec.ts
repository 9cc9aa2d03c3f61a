import { CompiledWorkflow, EvaluationInput, GuardResult, renderMessage } from '@tutela/workflow';
import { compileOrFail, makeContext, makeSnapshot, readFixture } from '../../test-fixtures/workflow-test-kit';
import { approvalGrantedGuard } from './approval-granted.guard';
import { consentGivenGuard } from './consent-given.guard';
import { fieldConditionGuard } from './field-condition.guard';
import { formsCompleteGuard } from './forms-complete.guard';
import { hasPermissionGuard } from './has-permission.guard';

const workflow = compileOrFail(readFixture('valid-minimal.json'));

function input(overrides: Partial<EvaluationInput> & { permissions?: string[]; completeForms?: string[] } = {}): EvaluationInput {
  return {
    snapshot: overrides.snapshot ?? makeSnapshot(),
    ctx: overrides.ctx ?? makeContext({ permissions: overrides.permissions, completeForms: overrides.completeForms }),
    workflow: overrides.workflow ?? workflow,
  };
}

/** The refusal reason in one locale; fails the test when the guard passed. */
function reason(result: GuardResult, locale = 'en'): string {
  if (result.passed) throw new Error('expected the guard to fail');
  return renderMessage(result.reason, locale);
}

describe('forms_complete', () => {
  it('passes when every listed form is complete', () => {
    const result = formsCompleteGuard.evaluate({ forms: ['basic_identity', 'assessment'] }, input({ completeForms: ['basic_identity', 'assessment'] }));
    expect(result).toEqual({ passed: true });
  });

  it('names only the incomplete forms', () => {
    const result = formsCompleteGuard.evaluate({ forms: ['basic_identity', 'assessment', 'care_plan'] }, input({ completeForms: ['assessment'] }));
    expect(reason(result)).toBe('These forms are not complete: basic_identity, care_plan');
    expect(reason(result, 'fr')).toBe('Ces formulaires ne sont pas complets : basic_identity, care_plan');
  });
});

describe('field_condition', () => {
  const highRisk = { field: 'risk_level', op: 'eq' as const, value: 'high' };

  it('passes when the case data meets the condition', () => {
    expect(fieldConditionGuard.evaluate(highRisk, input({ snapshot: makeSnapshot({ data: { risk_level: 'high' } }) }))).toEqual({ passed: true });
  });

  it('falls back on the risk level column when the data lacks the field', () => {
    expect(fieldConditionGuard.evaluate(highRisk, input({ snapshot: makeSnapshot({ riskLevel: 'high' }) }))).toEqual({ passed: true });
    const dataWins = makeSnapshot({ data: { risk_level: 'low' }, riskLevel: 'high' });
    expect(fieldConditionGuard.evaluate(highRisk, input({ snapshot: dataWins })).passed).toBe(false);
  });

  it('describes the unmet condition, never the case value', () => {
    const result = fieldConditionGuard.evaluate(highRisk, input({ snapshot: makeSnapshot({ data: { risk_level: 'secret-low' } }) }));
    expect(reason(result)).toBe('The case does not meet this condition: risk_level = "high"');
    expect(reason(result, 'fr')).toContain('Le dossier ne remplit pas cette condition');
    expect(reason(result)).not.toContain('secret-low');
  });
});

describe('has_permission', () => {
  it('asks the context whether the actor holds the permission', () => {
    expect(hasPermissionGuard.evaluate({ permission: 'reopen' }, input({ permissions: ['reopen'] }))).toEqual({ passed: true });
    const refused = hasPermissionGuard.evaluate({ permission: 'reopen' }, input({ permissions: ['read'] }));
    expect(reason(refused)).toBe('You do not have the permission "reopen"');
  });
});

describe('approval_granted', () => {
  const optionalReview = compileOrFail({
    ...readFixture('valid-minimal.json'),
    approvals: [{ type: 'review', label: { en: 'Review', fr: 'Revue' }, permission: 'approve', required: false }],
  });
  const withApproval = (status?: 'pending' | 'approved' | 'rejected', on: CompiledWorkflow = workflow) =>
    approvalGrantedGuard.evaluate({ type: 'review' }, input({ workflow: on, snapshot: makeSnapshot({ approvals: status ? { review: status } : {} }) }));

  it('passes only on an approved decision when the approval is required', () => {
    expect(withApproval('approved')).toEqual({ passed: true });
    expect(reason(withApproval(undefined))).toBe('The approval "Review" has not been granted yet (not requested)');
    expect(reason(withApproval('pending'))).toBe('The approval "Review" is still pending');
    expect(reason(withApproval('rejected'))).toBe('The approval "Review" was rejected');
    expect(reason(withApproval('rejected'), 'fr')).toBe('L’approbation « Revue » a été refusée');
  });

  it('lets a case through without a request when the approval is not required, but not past a pending or rejected one', () => {
    expect(withApproval(undefined, optionalReview)).toEqual({ passed: true });
    expect(withApproval('approved', optionalReview)).toEqual({ passed: true });
    expect(withApproval('pending', optionalReview).passed).toBe(false);
    expect(withApproval('rejected', optionalReview).passed).toBe(false);
  });
});

describe('consent_given', () => {
  const withData = (data: Record<string, unknown>, permissions: string[] = []) => input({ snapshot: makeSnapshot({ data }), permissions });

  it('reads consent_for_services by default and accepts only true', () => {
    expect(consentGivenGuard.evaluate({}, withData({ consent_for_services: true }))).toEqual({ passed: true });
    for (const value of [false, 'true', 'yes', 1, undefined]) {
      expect(consentGivenGuard.evaluate({}, withData({ consent_for_services: value })).passed).toBe(false);
    }
    expect(reason(consentGivenGuard.evaluate({}, withData({})))).toBe('Consent has not been recorded (field "consent_for_services")');
  });

  it('reads another field when told', () => {
    expect(consentGivenGuard.evaluate({ field: 'disclosure_other_orgs' }, withData({ disclosure_other_orgs: true }))).toEqual({ passed: true });
    expect(consentGivenGuard.evaluate({ field: 'disclosure_other_orgs' }, withData({ consent_for_services: true })).passed).toBe(false);
  });

  it('lets a holder of the override permission through', () => {
    const params = { overridePermission: 'consent_override' };
    expect(consentGivenGuard.evaluate(params, withData({}, ['consent_override']))).toEqual({ passed: true });
    expect(consentGivenGuard.evaluate(params, withData({}, ['read'])).passed).toBe(false);
  });
});
