import { EvaluationInput, WorkflowEffect, WorkflowRegistry } from '@tutela/workflow';
import { NOW, compileOrFail, hours, makeContext, makeSnapshot, readFixture } from '../../test-fixtures/workflow-test-kit';
import { assignAction } from './assign.action';
import { cancelTimersAction } from './cancel-timers.action';
import { clearApprovalsAction } from './clear-approvals.action';
import { createTaskAction } from './create-task.action';
import { notifyAction } from './notify.action';
import { requestApprovalAction } from './request-approval.action';
import { scheduleTimerAction } from './schedule-timer.action';
import { setFieldsAction } from './set-fields.action';

const workflow = compileOrFail({
  ...readFixture('valid-minimal.json'),
  timers: [
    {
      name: 'review_deadline',
      state: 'review',
      duration: { field: 'risk_level', values: { high: 'PT24H', low: 'P7D' }, default: 'PT72H' },
      onExpiry: [{ action: 'notify', params: { to: 'owner', message: 'review_late' } }],
    },
  ],
});

const input = (overrides: Partial<EvaluationInput> = {}): EvaluationInput => ({
  snapshot: overrides.snapshot ?? makeSnapshot({ state: 'review', ownerId: 'owner-1' }),
  ctx: overrides.ctx ?? makeContext({ actorId: 'actor-7' }),
  workflow,
});

const single = (produced: WorkflowEffect | WorkflowEffect[]): WorkflowEffect => {
  expect(Array.isArray(produced)).toBe(false);
  return produced as WorkflowEffect;
};

describe('set_fields', () => {
  it('copies values and fills in the server tokens', () => {
    const effect = setFieldsAction.run({ values: { date_closure: '$today', closed_at: '$now', closed_by: '$actor', closure_reason: 'reunified', count: 2 } }, input());
    expect(effect).toEqual({
      type: 'set_fields',
      values: { date_closure: '2026-03-10', closed_at: NOW.toISOString(), closed_by: 'actor-7', closure_reason: 'reunified', count: 2 },
    });
  });

  it('takes $today in the context time zone', () => {
    const lateEvening = makeContext({ now: new Date('2026-03-10T23:30:00Z'), timeZone: 'Africa/Porto-Novo' });
    expect(single(setFieldsAction.run({ values: { d: '$today' } }, input({ ctx: lateEvening })))).toEqual({ type: 'set_fields', values: { d: '2026-03-11' } });
  });

  it('refuses unknown $ tokens and field names that are not snake_case at load', () => {
    const registry = WorkflowRegistry.withBuiltins();
    expect(registry.checkActionParams('set_fields', { values: { a: '$tomorrow' } }).map((p) => p.path)).toEqual(['/values/a']);
    expect(registry.checkActionParams('set_fields', { values: { 'Bad-Field': 1 } })).not.toEqual([]);
    expect(registry.checkActionParams('set_fields', { values: {} }).map((p) => p.path)).toEqual(['/values']);
  });
});

describe('assign', () => {
  it('assigns to the acting user or to the owner', () => {
    expect(assignAction.run({ to: 'requester' }, input())).toEqual({ type: 'assign', userId: 'actor-7' });
    expect(assignAction.run({ to: 'owner' }, input())).toEqual({ type: 'assign', userId: 'owner-1' });
  });
});

describe('notify', () => {
  it('resolves audiences into recipients and a message key into its texts', () => {
    const effect = notifyAction.run({ to: ['owner', 'supervisors', 'assigned', 'requester'], message: 'review_late', kind: 'review_late' }, input());
    expect(effect).toEqual({
      type: 'notify',
      recipients: [
        { kind: 'user', userId: 'owner-1' },
        { kind: 'supervisors_of', userId: 'owner-1' },
        { kind: 'assigned_users' },
        { kind: 'user', userId: 'actor-7' },
      ],
      message: { key: 'review_late', text: { en: 'The review is late', fr: 'La revue est en retard' } },
      alertKind: 'review_late',
    });
  });

  it('carries an inline text and names the owner once when the owner acts', () => {
    const ownerActs = input({ ctx: makeContext({ actorId: 'owner-1' }) });
    const effect = notifyAction.run({ to: ['owner', 'requester'], message: { en: 'Hi', fr: 'Salut' } }, ownerActs);
    expect(effect).toEqual({ type: 'notify', recipients: [{ kind: 'user', userId: 'owner-1' }], message: { text: { en: 'Hi', fr: 'Salut' } } });
  });
});

describe('schedule_timer', () => {
  it('computes the due time from the case data', () => {
    const high = input({ snapshot: makeSnapshot({ state: 'review', data: { risk_level: 'high' } }) });
    const low = input({ snapshot: makeSnapshot({ state: 'review', riskLevel: 'low' }) });
    const unknown = input({ snapshot: makeSnapshot({ state: 'review', data: { risk_level: 'extreme' } }) });
    expect(scheduleTimerAction.run({ timer: 'review_deadline' }, high)).toEqual({
      type: 'schedule_timer',
      timer: 'review_deadline',
      state: 'review',
      startedAt: NOW,
      dueAt: new Date(NOW.getTime() + hours(24)),
    });
    expect(single(scheduleTimerAction.run({ timer: 'review_deadline' }, low))).toMatchObject({ dueAt: new Date(NOW.getTime() + hours(24 * 7)) });
    expect(single(scheduleTimerAction.run({ timer: 'review_deadline' }, unknown))).toMatchObject({ dueAt: new Date(NOW.getTime() + hours(72)) });
  });
});

describe('cancel_timers', () => {
  it('cancels the listed timers, or all of them', () => {
    expect(cancelTimersAction.run({ timers: ['review_deadline'] }, input())).toEqual({ type: 'cancel_timers', timers: ['review_deadline'] });
    expect(cancelTimersAction.run({}, input())).toEqual({ type: 'cancel_timers', timers: 'all' });
  });
});

describe('create_task', () => {
  it('creates a task for the owner, due after the duration', () => {
    expect(createTaskAction.run({ kind: 'follow_up', dueIn: 'P3D', label: { en: 'Visit', fr: 'Visite' } }, input())).toEqual({
      type: 'create_task',
      kind: 'follow_up',
      assigneeId: 'owner-1',
      dueAt: new Date(NOW.getTime() + hours(72)),
      label: { en: 'Visit', fr: 'Visite' },
    });
  });

  it('is due at once by default, and can go to the acting user', () => {
    expect(createTaskAction.run({ kind: 'assessment', assignTo: 'requester' }, input())).toEqual({
      type: 'create_task',
      kind: 'assessment',
      assigneeId: 'actor-7',
      dueAt: NOW,
    });
  });
});

describe('request_approval', () => {
  it('opens a pending approval in the name of the acting user', () => {
    expect(requestApprovalAction.run({ type: 'review' }, input())).toEqual({ type: 'request_approval', approvalType: 'review', requestedBy: 'actor-7' });
  });
});

describe('clear_approvals', () => {
  it('makes the listed approval types stale, or all of them', () => {
    expect(clearApprovalsAction.run({ types: ['review'] }, input())).toEqual({ type: 'clear_approvals', approvalTypes: ['review'] });
    expect(clearApprovalsAction.run({}, input())).toEqual({ type: 'clear_approvals', approvalTypes: 'all' });
  });
});
