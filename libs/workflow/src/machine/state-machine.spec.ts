import {
  GuardDefinition,
  WorkflowRegistry,
  availableTransitions,
  describeWorkflow,
  planCaseStart,
  planTransition,
} from '@tutela/workflow';
import { NOW, compileOrFail, hours, makeContext, makeSnapshot, readFixture } from '../../test-fixtures/workflow-test-kit';

const minimal = readFixture('valid-minimal.json');
const workflow = compileOrFail(minimal);
const submitter = makeContext({ permissions: ['submit'] });

/** The minimal workflow with extra transitions and timers, for the cases the fixture does not cover. */
function variant(extra: { transitions?: unknown[]; timers?: unknown[] }, registry = WorkflowRegistry.withBuiltins()) {
  return compileOrFail(
    {
      ...minimal,
      transitions: [...(minimal.transitions as unknown[]), ...(extra.transitions ?? [])],
      timers: [...(minimal.timers as unknown[]), ...(extra.timers ?? [])],
    },
    registry,
  );
}

describe('availableTransitions', () => {
  it('lists the transitions leaving the current state with whether they may be taken, localized', () => {
    const listed = availableTransitions(workflow, makeSnapshot({ state: 'review' }), makeContext({ locale: 'fr' }));
    expect(listed).toEqual([
      {
        name: 'finish',
        label: 'Terminer',
        to: 'done',
        toLabel: 'Terminé',
        allowed: false,
        failedGuards: [
          expect.objectContaining({ guard: 'approval_granted', reason: 'L’approbation « Revue » n’a pas encore été accordée (non demandée)' }),
        ],
      },
      { name: 'send_back', label: 'Renvoyer', to: 'open', toLabel: 'Ouvert', allowed: true, failedGuards: [] },
    ]);
  });

  it('offers nothing from a state the workflow does not know', () => {
    expect(availableTransitions(workflow, makeSnapshot({ state: 'legacy' }), submitter)).toEqual([]);
  });
});

describe('planTransition', () => {
  it('rejects an unknown transition', () => {
    expect(planTransition(workflow, makeSnapshot(), 'teleport', submitter)).toMatchObject({
      outcome: 'rejected',
      code: 'unknown_transition',
      reason: 'There is no transition "teleport" in this workflow',
      failedGuards: [],
    });
  });

  it('rejects a transition that does not leave the current state', () => {
    const plan = planTransition(workflow, makeSnapshot({ state: 'open' }), 'finish', makeContext({ locale: 'fr' }));
    expect(plan).toMatchObject({ outcome: 'rejected', code: 'not_allowed_from_state', reason: '« Terminer » n’est pas possible depuis l’étape « Ouvert »' });
    expect(plan.outcome === 'rejected' && plan.reasonMessage.text.en).toBe('"{transition}" is not possible from the state "{state}"');
  });

  it('rejects with every failed guard, in the caller locale and all languages', () => {
    const strict = variant({
      transitions: [
        {
          name: 'fast_track',
          from: 'open',
          to: 'review',
          label: { en: 'Fast track', fr: 'Voie rapide' },
          guards: [
            { guard: 'has_permission', params: { permission: 'fast_track' } },
            { guard: 'consent_given', message: { en: 'Ask the child and caregiver first', fr: 'Demandez d’abord à l’enfant et au parent' } },
          ],
        },
      ],
    });
    const plan = planTransition(strict, makeSnapshot(), 'fast_track', makeContext());
    if (plan.outcome !== 'rejected') throw new Error('expected a rejection');
    expect(plan.code).toBe('guard_failed');
    expect(plan.failedGuards.map((failed) => [failed.guard, failed.reason])).toEqual([
      ['has_permission', 'You do not have the permission "fast_track"'],
      ['consent_given', 'Ask the child and caregiver first'],
    ]);
    expect(plan.reason).toBe('"Fast track" is not possible yet: You do not have the permission "fast_track"; Ask the child and caregiver first');
    expect(plan.reasonMessage.params?.reasons).toEqual({
      en: 'You do not have the permission "fast_track"; Ask the child and caregiver first',
      fr: 'Vous n’avez pas l’autorisation « fast_track »; Demandez d’abord à l’enfant et au parent',
    });
  });

  it('fails closed when a guard throws', () => {
    const broken: GuardDefinition = {
      name: 'broken',
      paramsSchema: { type: 'object' },
      evaluate: () => {
        throw new Error('lookup failed');
      },
    };
    const registry = WorkflowRegistry.withBuiltins().registerGuard(broken);
    const risky = variant({ transitions: [{ name: 'risky', from: 'open', to: 'review', label: { en: 'R', fr: 'R' }, guards: [{ guard: 'broken' }] }] }, registry);
    expect(planTransition(risky, makeSnapshot(), 'risky', submitter)).toMatchObject({
      outcome: 'rejected',
      code: 'guard_failed',
      failedGuards: [{ guard: 'broken', reason: 'The check "broken" could not be evaluated', error: 'lookup failed' }],
    });
  });

  it('applies: actions first, then the timers of the state entered', () => {
    expect(planTransition(workflow, makeSnapshot(), 'submit', submitter)).toEqual({
      outcome: 'applied',
      transition: 'submit',
      from: 'open',
      to: 'review',
      status: 'open',
      effects: [
        { type: 'set_fields', values: { submitted_on: '2026-03-10' } },
        { type: 'schedule_timer', timer: 'review_deadline', state: 'review', startedAt: NOW, dueAt: new Date(NOW.getTime() + hours(48)) },
      ],
    });
  });

  it('cancels the timers of the state left before anything else', () => {
    const plan = planTransition(workflow, makeSnapshot({ state: 'review' }), 'send_back', submitter);
    expect(plan).toMatchObject({ outcome: 'applied', to: 'open', effects: [{ type: 'cancel_timers', timers: ['review_deadline'] }] });
  });

  it('marks the case closed on entering a final state', () => {
    const plan = planTransition(workflow, makeSnapshot({ state: 'review', approvals: { review: 'approved' } }), 'finish', submitter);
    expect(plan).toMatchObject({
      outcome: 'applied',
      status: 'closed',
      effects: [{ type: 'cancel_timers', timers: ['review_deadline'] }, { type: 'cancel_timers', timers: 'all' }],
    });
  });

  it('touches no timer on a transition back into the same state', () => {
    const looping = variant({ transitions: [{ name: 'refresh', from: 'review', to: 'review', label: { en: 'Refresh', fr: 'Actualiser' } }] });
    expect(planTransition(looping, makeSnapshot({ state: 'review' }), 'refresh', submitter)).toMatchObject({ outcome: 'applied', effects: [] });
  });

  it('lets later actions and entered timers see what earlier actions set', () => {
    const escalating = variant({
      transitions: [
        {
          name: 'escalate',
          from: 'open',
          to: 'review',
          label: { en: 'Escalate', fr: 'Escalader' },
          actions: [
            { action: 'set_fields', params: { values: { risk_level: 'high' } } },
            { action: 'assign', params: { to: 'requester' } },
            { action: 'notify', params: { to: 'owner', message: 'review_late' } },
            { action: 'schedule_timer', params: { timer: 'review_deadline' } },
          ],
        },
      ],
      timers: [
        {
          name: 'urgent_review',
          state: 'review',
          duration: { field: 'risk_level', values: { high: 'PT4H' }, default: 'P2D' },
          onExpiry: [{ action: 'notify', params: { to: 'supervisors', message: 'review_late' } }],
        },
      ],
    });
    const plan = planTransition(escalating, makeSnapshot({ ownerId: 'someone-else' }), 'escalate', makeContext({ actorId: 'supervisor-1' }));
    if (plan.outcome !== 'applied') throw new Error('expected the transition to apply');
    expect(plan.effects.map((effect) => effect.type)).toEqual(['set_fields', 'assign', 'notify', 'schedule_timer', 'schedule_timer']);
    expect(plan.effects[2]).toMatchObject({ recipients: [{ kind: 'user', userId: 'supervisor-1' }] });
    // The explicit schedule_timer is not repeated by the automatic start; the other timer starts with the new risk level.
    expect(plan.effects.slice(3)).toEqual([
      expect.objectContaining({ timer: 'review_deadline' }),
      expect.objectContaining({ timer: 'urgent_review', dueAt: new Date(NOW.getTime() + hours(4)) }),
    ]);
  });

  it('leaves timers with startOnEnter false to explicit actions', () => {
    const manual = compileOrFail({ ...minimal, timers: [{ ...(minimal.timers as object[])[0], startOnEnter: false }] });
    expect(planTransition(manual, makeSnapshot(), 'submit', submitter)).toMatchObject({ effects: [{ type: 'set_fields' }] });
  });
});

describe('planCaseStart', () => {
  it('starts in the initial state with its timers running', () => {
    expect(planCaseStart(workflow, { data: {}, ownerId: 'w', approvals: {} }, submitter)).toEqual({ state: 'open', status: 'open', effects: [] });
    const timed = variant({ timers: [{ name: 'first_contact', state: 'open', duration: 'PT12H', onExpiry: [{ action: 'create_task', params: { kind: 'contact' } }] }] });
    expect(planCaseStart(timed, { data: {}, ownerId: 'w', approvals: {} }, submitter).effects).toEqual([
      { type: 'schedule_timer', timer: 'first_contact', state: 'open', startedAt: NOW, dueAt: new Date(NOW.getTime() + hours(12)) },
    ]);
  });
});

describe('describeWorkflow', () => {
  it('describes states, transitions, approvals and timers in one locale', () => {
    const description = describeWorkflow(workflow, 'fr-ML');
    expect(description).toMatchObject({ id: 'minimal', version: 1, name: 'Circuit minimal', initialState: 'open' });
    expect(description.states).toEqual([
      { id: 'open', label: 'Ouvert', final: false },
      { id: 'review', label: 'Revue', final: false },
      { id: 'done', label: 'Terminé', final: true },
    ]);
    expect(description.transitions[2]).toEqual({ name: 'send_back', label: 'Renvoyer', from: ['review'], to: 'open' });
    expect(description.approvalTypes).toEqual([{ type: 'review', label: 'Revue', required: true, requestableIn: null }]);
    expect(description.timers).toEqual([{ name: 'review_deadline', state: 'review', label: null }]);
  });
});
