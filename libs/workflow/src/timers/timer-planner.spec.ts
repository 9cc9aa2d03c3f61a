import { planTimerExpiry, planTimerRecompute, timerDurationFields } from '@tutela/workflow';
import { NOW, compileOrFail, hours, makeContext, makeSnapshot, readFixture } from '../../test-fixtures/workflow-test-kit';

const workflow = compileOrFail({
  ...readFixture('valid-minimal.json'),
  timers: [
    {
      name: 'review_deadline',
      state: 'review',
      duration: { field: 'risk_level', values: { high: 'PT24H', low: 'P7D' }, default: 'PT72H' },
      onExpiry: [
        { action: 'notify', params: { to: ['owner', 'supervisors'], message: 'review_late' } },
        { action: 'create_task', params: { kind: 'review' } },
        { action: 'schedule_timer', params: { timer: 'review_deadline' } },
      ],
    },
  ],
});
const system = makeContext({ actorId: 'system' });

describe('planTimerExpiry', () => {
  it('runs the expiry actions while the case is still in the timer state', () => {
    const plan = planTimerExpiry(workflow, makeSnapshot({ state: 'review', data: { risk_level: 'high' } }), 'review_deadline', system);
    expect(plan).toEqual({
      fired: true,
      timer: 'review_deadline',
      effects: [
        {
          type: 'notify',
          recipients: [{ kind: 'user', userId: 'worker-1' }, { kind: 'supervisors_of', userId: 'worker-1' }],
          message: { key: 'review_late', text: { en: 'The review is late', fr: 'La revue est en retard' } },
        },
        { type: 'create_task', kind: 'review', assigneeId: 'worker-1', dueAt: NOW },
        { type: 'schedule_timer', timer: 'review_deadline', state: 'review', startedAt: NOW, dueAt: new Date(NOW.getTime() + hours(24)) },
      ],
    });
  });

  it('does nothing once the case has left the state', () => {
    expect(planTimerExpiry(workflow, makeSnapshot({ state: 'done' }), 'review_deadline', system)).toEqual({
      fired: false,
      timer: 'review_deadline',
      reason: 'left_state',
      effects: [],
    });
  });

  it('does nothing for a timer started before the case last entered the state', () => {
    const reentered = makeSnapshot({ state: 'review', stateEnteredAt: new Date(NOW.getTime() - hours(1)) });
    const leftover = { startedAt: new Date(NOW.getTime() - hours(30)) };
    expect(planTimerExpiry(workflow, reentered, 'review_deadline', system, leftover)).toMatchObject({ fired: false, reason: 'stale' });
    const current = { startedAt: new Date(NOW.getTime() - hours(1)) };
    expect(planTimerExpiry(workflow, reentered, 'review_deadline', system, current)).toMatchObject({ fired: true });
  });

  it('does nothing for a timer the workflow no longer declares', () => {
    expect(planTimerExpiry(workflow, makeSnapshot({ state: 'review' }), 'old_timer', system)).toMatchObject({ fired: false, reason: 'unknown_timer' });
  });
});

describe('planTimerRecompute', () => {
  const startedAt = new Date(NOW.getTime() - hours(10));
  const live = [{ timer: 'review_deadline', startedAt, dueAt: new Date(startedAt.getTime() + hours(24 * 7)) }];

  it('moves a deadline when the field it depends on changes, keeping its start', () => {
    const nowHigh = makeSnapshot({ state: 'review', data: { risk_level: 'high' } });
    expect(planTimerRecompute(workflow, nowHigh, live)).toEqual([
      { type: 'schedule_timer', timer: 'review_deadline', state: 'review', startedAt, dueAt: new Date(startedAt.getTime() + hours(24)) },
    ]);
  });

  it('leaves unchanged deadlines, timers of other states and unknown timers alone', () => {
    expect(planTimerRecompute(workflow, makeSnapshot({ state: 'review', data: { risk_level: 'low' } }), live)).toEqual([]);
    expect(planTimerRecompute(workflow, makeSnapshot({ state: 'open', data: { risk_level: 'high' } }), live)).toEqual([]);
    expect(planTimerRecompute(workflow, makeSnapshot({ state: 'review' }), [{ ...live[0], timer: 'gone' }])).toEqual([]);
  });
});

describe('timerDurationFields', () => {
  it('lists the fields durations read, so edits of any other field skip re-planning', () => {
    expect([...timerDurationFields(workflow)]).toEqual(['risk_level']);
    const fixed = compileOrFail({ ...readFixture('valid-minimal.json'), timers: [{ name: 't', state: 'review', duration: 'P1D', onExpiry: [{ action: 'create_task', params: { kind: 'review' } }] }] });
    expect(timerDurationFields(fixed).size).toBe(0);
  });
});
