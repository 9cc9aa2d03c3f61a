import { checkApprovalDecision, checkApprovalRequest } from '@tutela/workflow';
import { compileOrFail, makeContext, makeSnapshot, readFixture } from '../../test-fixtures/workflow-test-kit';

const workflow = compileOrFail({
  ...readFixture('valid-minimal.json'),
  approvals: [
    { type: 'review', label: { en: 'Review', fr: 'Revue' }, permission: 'approve', requestPermission: 'request_approval', requestableIn: ['review'] },
    { type: 'plan', label: { en: 'Plan', fr: 'Plan' }, permission: 'approve', selfApprovalPermission: 'self_approve' },
  ],
});

describe('checkApprovalRequest', () => {
  const inReview = makeSnapshot({ state: 'review' });

  it('allows a request with the permission in a listed state', () => {
    expect(checkApprovalRequest(workflow, 'review', inReview, makeContext({ permissions: ['request_approval'] }))).toEqual({ allowed: true });
    expect(checkApprovalRequest(workflow, 'plan', makeSnapshot({ state: 'open' }), makeContext())).toEqual({ allowed: true });
  });

  it('refuses an unknown type, a missing permission and a state not listed', () => {
    expect(checkApprovalRequest(workflow, 'budget', inReview, makeContext())).toMatchObject({ allowed: false, code: 'unknown_approval_type' });
    expect(checkApprovalRequest(workflow, 'review', inReview, makeContext())).toMatchObject({
      allowed: false,
      code: 'missing_permission',
      reason: 'You do not have the permission "request_approval" needed for the approval "Review"',
    });
    expect(checkApprovalRequest(workflow, 'review', makeSnapshot({ state: 'open' }), makeContext({ permissions: ['request_approval'], locale: 'fr' }))).toMatchObject({
      allowed: false,
      code: 'not_requestable_in_state',
      reason: 'L’approbation « Revue » ne peut pas être demandée à l’étape « Ouvert »',
    });
  });
});

describe('checkApprovalDecision', () => {
  const request = { ownerId: 'worker-1', requestedBy: 'worker-1' };

  it('lets an approver decide on someone else’s case', () => {
    expect(checkApprovalDecision(workflow, 'review', request, makeContext({ actorId: 'supervisor-1', permissions: ['approve'] }))).toEqual({
      allowed: true,
    });
  });

  it('refuses without the approval permission', () => {
    expect(checkApprovalDecision(workflow, 'review', request, makeContext({ actorId: 'supervisor-1' }))).toMatchObject({ code: 'missing_permission' });
    expect(checkApprovalDecision(workflow, 'budget', request, makeContext())).toMatchObject({ code: 'unknown_approval_type' });
  });

  it('never lets the owner or the requester approve a type without a self-approval permission', () => {
    const approver = ['approve', 'self_approve'];
    const asOwner = makeContext({ actorId: 'worker-1', permissions: approver });
    expect(checkApprovalDecision(workflow, 'review', request, asOwner)).toMatchObject({ allowed: false, code: 'self_approval_not_allowed' });
    const asRequester = makeContext({ actorId: 'supervisor-1', permissions: approver });
    expect(checkApprovalDecision(workflow, 'review', { ownerId: 'worker-1', requestedBy: 'supervisor-1' }, asRequester)).toMatchObject({
      code: 'self_approval_not_allowed',
    });
  });

  it('lets the owner self-approve a type that allows it, only with the permission', () => {
    expect(checkApprovalDecision(workflow, 'plan', request, makeContext({ actorId: 'worker-1', permissions: ['approve', 'self_approve'] }))).toEqual({
      allowed: true,
    });
    expect(checkApprovalDecision(workflow, 'plan', request, makeContext({ actorId: 'worker-1', permissions: ['approve'] }))).toMatchObject({
      code: 'self_approval_not_allowed',
    });
  });
});
