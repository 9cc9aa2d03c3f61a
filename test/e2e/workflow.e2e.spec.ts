import { INestApplicationContext } from '@nestjs/common';
import { WorkflowTimerService } from '@tutela/cases';
import { Database } from '@tutela/persistence';
import { randomUUID } from 'node:crypto';
import { loginAll } from '../support/auth-helpers';
import { waitUntil } from '../support/queue-drain';
import { startTestApi } from '../support/test-app';
import { startTestWorker } from '../support/test-worker';
import { maliChild } from '../support/mali-child';

/** A child the Mali pack accepts on the registration forms (no risk level yet: start_assessment needs one). */
function child() {
  return maliChild({ name_first: 'Mariam', name_last: `Coulibaly-${randomUUID().slice(0, 6)}`, date_of_birth: '2013-02-11' });
}

const ASSESSMENT = {
  assessment_date: '2026-10-03',
  assessment_score_safety: 3,
  assessment_score_health: 1,
  assessment_score_education: 2,
  assessment_score_psychosocial: 3,
  assessment_score_family: 2,
};
const CASE_PLAN = {
  case_plan_date: '2026-10-05',
  case_plan_goal: 'Retour en sécurité dans la famille',
  case_plan_actions: [{ action_need: 'education', action_description: 'Inscription scolaire', action_status: 'planned' }],
};
const CLOSURE = { closure_date: '2026-11-20', closure_reason: 'goals_met' };

describe('workflow: transitions, approvals, timers', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let worker: INestApplicationContext;
  let users: Awaited<ReturnType<typeof loginAll>>;
  let db: Database;
  const as = (user: keyof typeof users) => ({ authorization: `Bearer ${users[user].token}` });

  beforeAll(async () => {
    api = await startTestApi();
    worker = await startTestWorker();
    users = await loginAll(api.http);
    db = api.app.get(Database);
  });
  afterAll(async () => {
    await worker?.close();
    await api?.app.close();
  });

  async function createCase(user: keyof typeof users = 'worker1') {
    const res = await api.http().post('/api/v1/cases').set(as(user)).send({ data: child() });
    if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.data as { id: string; version: number };
  }

  async function patch(user: keyof typeof users, id: string, data: Record<string, unknown>) {
    const current = await api.http().get(`/api/v1/cases/${id}`).set(as(user)).expect(200);
    const res = await api.http().patch(`/api/v1/cases/${id}`).set(as(user)).set('if-match', current.headers.etag).send({ data });
    if (res.status !== 200) throw new Error(`patch failed: ${res.status} ${JSON.stringify(res.body)}`);
  }

  /** Requests a transition and waits for its outcome (Prefer: wait); returns the decided request. */
  async function transition(user: keyof typeof users, id: string, name: string) {
    const res = await api.http().post(`/api/v1/cases/${id}/transitions`).set(as(user)).set('prefer', 'wait=20').send({ transition: name });
    if (res.status !== 200) throw new Error(`transition ${name}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.data as { id: string; status: string; state: string | null; reasonCode: string | null; reason: string | null };
  }

  async function state(id: string) {
    const res = await api.http().get(`/api/v1/cases/${id}`).set(as('supervisor')).expect(200);
    return { state: res.body.data.workflow.state as string, status: res.body.data.status as string };
  }

  async function pendingApproval(id: string, type: string) {
    const res = await api.http().get(`/api/v1/cases/${id}/approvals`).set(as('supervisor')).expect(200);
    const found = (res.body.data as Array<{ id: string; type: string; status: string; cleared: boolean }>).find((a) => a.type === type && a.status === 'pending' && !a.cleared);
    if (!found) throw new Error(`no pending ${type} approval: ${JSON.stringify(res.body.data)}`);
    return found.id;
  }

  it('walks a case through every state of case_management, with a rejected approval, a missed deadline and a reopening', async () => {
    const c = await createCase();
    expect(await state(c.id)).toEqual({ state: 'registration', status: 'open' });

    // Guards are explained before asking, in the screen's language.
    const offered = await api.http().get(`/api/v1/cases/${c.id}/transitions`).set(as('worker1')).set('accept-language', 'fr').expect(200);
    const start = offered.body.data.find((t: { name: string }) => t.name === 'start_assessment');
    expect(start).toMatchObject({ allowed: false, to: 'assessment' });
    expect(start.failedGuards.map((g: { reason: string }) => g.reason).join(' ')).toMatch(/niveau de risque/);

    // Refused by a guard in the worker: recorded as rejected with its reason, not retried.
    const refused = await transition('worker1', c.id, 'start_assessment');
    expect(refused).toMatchObject({ status: 'rejected', reasonCode: 'guard_failed', state: null });
    expect(refused.reason).toMatch(/niveau de risque/); // worker1's profile is in French
    const inEnglish = await api.http().get(`/api/v1/cases/${c.id}/transitions/${refused.id}`).set(as('worker1')).set('accept-language', 'en').expect(200);
    expect(inEnglish.body.data.reason).toMatch(/risk level/i);

    await patch('worker1', c.id, { protection_concerns: ['neglect'], risk_level: 'high', risk_level_rationale: 'Violence répétée' });
    expect(await transition('worker1', c.id, 'start_assessment')).toMatchObject({ status: 'applied', state: 'assessment' });

    // Missed deadline: the assessment timer is overdue and its job lost; the sweep fires it once.
    const [timer] = await db.query<{ id: string }>(`SELECT id FROM workflow_timers WHERE case_id = $1 AND timer = 'assessment_deadline' AND status = 'scheduled'`, [c.id]);
    expect(timer).toBeDefined();
    await db.query(`UPDATE workflow_timers SET due_at = now() - interval '2 hours' WHERE id = $1`, [timer.id]);
    const timers = worker.get(WorkflowTimerService);
    expect(await timers.sweep(0)).toBeGreaterThanOrEqual(1);
    expect(await timers.fire({ timerId: timer.id, caseId: c.id })).toEqual({ outcome: 'not_live' });
    const alerts = await db.query<{ kind: string; user_id: string | null; agency_id: string | null }>(`SELECT kind, user_id, agency_id FROM alerts WHERE case_id = $1`, [c.id]);
    expect(alerts).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: 'assessment_overdue', user_id: users.worker1.id }),
      expect.objectContaining({ kind: 'assessment_overdue', agency_id: 'ministry' }),
      expect.objectContaining({ kind: 'task:assessment', user_id: users.worker1.id }),
    ]));

    await patch('worker1', c.id, ASSESSMENT);
    expect(await transition('worker1', c.id, 'complete_assessment')).toMatchObject({ status: 'applied', state: 'case_plan' });

    // Case plan approval: requested, rejected by the supervisor → implementation refused; requested again, approved.
    await patch('worker1', c.id, CASE_PLAN);
    const first = await api.http().post(`/api/v1/cases/${c.id}/approvals`).set(as('worker1')).send({ type: 'case_plan' }).expect(201);
    await api.http().post(`/api/v1/cases/${c.id}/approvals`).set(as('worker1')).send({ type: 'case_plan' }).expect(409);
    // Tasks: the supervisor may decide it; the owner has the overdue-assessment alert and task; others see nothing.
    const tasksOf = async (user: keyof typeof users) =>
      ((await api.http().get('/api/v1/tasks').set(as(user)).expect(200)).body.data as Array<{ kind: string; caseId: string; detail: string; id: string | null }>).filter((t) => t.caseId === c.id);
    expect(await tasksOf('supervisor')).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'approval', detail: 'case_plan', id: first.body.data.id })]));
    expect(await tasksOf('worker1')).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: 'alert', detail: 'assessment_overdue' }),
      expect.objectContaining({ kind: 'alert', detail: 'task:assessment' }),
    ]));
    expect((await tasksOf('worker1')).some((t) => t.kind === 'approval')).toBe(false);
    expect(await tasksOf('ngo_worker')).toEqual([]);
    await api.http().patch(`/api/v1/cases/${c.id}/approvals/${first.body.data.id}`).set(as('worker1')).send({ decision: 'approved' }).expect(403);
    const rejected = await api.http().patch(`/api/v1/cases/${c.id}/approvals/${first.body.data.id}`).set(as('supervisor')).send({ decision: 'rejected', comment: 'Préciser les actions' }).expect(200);
    expect(rejected.body.data).toMatchObject({ status: 'rejected', decidedBy: users.supervisor.id });
    await api.http().patch(`/api/v1/cases/${c.id}/approvals/${first.body.data.id}`).set(as('supervisor')).send({ decision: 'approved' }).expect(409);
    expect(await transition('worker1', c.id, 'start_implementation')).toMatchObject({ status: 'rejected', reasonCode: 'guard_failed' });
    const second = await api.http().post(`/api/v1/cases/${c.id}/approvals`).set(as('worker1')).send({ type: 'case_plan' }).expect(201);
    await api.http().patch(`/api/v1/cases/${c.id}/approvals/${second.body.data.id}`).set(as('supervisor')).send({ decision: 'approved' }).expect(200);
    expect(await transition('worker1', c.id, 'start_implementation')).toMatchObject({ status: 'applied', state: 'implementation' });

    expect(await transition('worker1', c.id, 'start_follow_up')).toMatchObject({ status: 'applied', state: 'follow_up' });
    const [reminder] = await db.query(`SELECT 1 FROM workflow_timers WHERE case_id = $1 AND timer = 'follow_up_reminder' AND status = 'scheduled'`, [c.id]);
    expect(reminder).toBeDefined();

    // Closure: the transition requests the closure approval; the owner cannot grant it, a supervisor can.
    await patch('worker1', c.id, CLOSURE);
    expect(await transition('worker1', c.id, 'request_closure')).toMatchObject({ status: 'applied', state: 'closure' });
    expect(await transition('worker1', c.id, 'close')).toMatchObject({ status: 'rejected', reasonCode: 'guard_failed' });
    const closure = await pendingApproval(c.id, 'closure');
    await api.http().patch(`/api/v1/cases/${c.id}/approvals/${closure}`).set(as('supervisor')).send({ decision: 'approved' }).expect(200);
    expect(await transition('worker1', c.id, 'close')).toMatchObject({ status: 'applied', state: 'closed' });
    expect(await state(c.id)).toEqual({ state: 'closed', status: 'closed' });
    const [closed] = await db.query<{ closed_at: Date | null; live: number }>(
      `SELECT closed_at, (SELECT count(*)::int FROM workflow_timers WHERE case_id = $1 AND status = 'scheduled') AS live FROM cases WHERE id = $1`, [c.id]);
    expect(closed.closed_at).not.toBeNull();
    expect(closed.live).toBe(0);

    // Reopening needs the reopen permission: the case worker is refused, the supervisor reopens.
    expect(await transition('worker1', c.id, 'reopen')).toMatchObject({ status: 'rejected', reasonCode: 'guard_failed' });
    expect(await transition('supervisor', c.id, 'reopen')).toMatchObject({ status: 'applied', state: 'assessment' });
    expect(await state(c.id)).toEqual({ state: 'assessment', status: 'open' });
    const approvals = await api.http().get(`/api/v1/cases/${c.id}/approvals`).set(as('worker1')).expect(200);
    expect(approvals.body.data.every((a: { cleared: boolean }) => a.cleared)).toBe(true);

    // The history tells the same story, one transition event per applied request.
    const history = await api.http().get(`/api/v1/cases/${c.id}/history`).set(as('worker1')).expect(200);
    const moves = history.body.data.filter((e: { action: string }) => e.action === 'transition').map((e: { meta: { to: string } }) => e.meta.to);
    expect(moves).toEqual(['assessment', 'case_plan', 'implementation', 'follow_up', 'closure', 'closed', 'assessment']);
    expect(history.body.data.some((e: { action: string }) => e.action === 'timer_fired')).toBe(true);
  });

  it('answers 202 queued, then the outcome by id; 409 from the wrong state; 422 unknown transition; 404 for others', async () => {
    const c = await createCase();
    await patch('worker1', c.id, { protection_concerns: ['neglect'], risk_level: 'low' });
    const queued = await api.http().post(`/api/v1/cases/${c.id}/transitions`).set(as('worker1')).send({ transition: 'start_assessment', note: 'ok' }).expect(202);
    expect(queued.body.data).toMatchObject({ status: 'queued', transition: 'start_assessment' });
    await waitUntil(async () => {
      const res = await api.http().get(`/api/v1/cases/${c.id}/transitions/${queued.body.data.id}`).set(as('worker1')).expect(200);
      return res.body.data.status === 'applied' && res.body.data.state === 'assessment';
    }, 20_000, 'the request to be applied');

    // Risk raised from low (7 days) to high (24 hours): the live assessment deadline moves, keeping its start.
    const liveDeadline = `SELECT created_at, due_at FROM workflow_timers WHERE case_id = $1 AND timer = 'assessment_deadline' AND status = 'scheduled'`;
    const [before] = await db.query<{ created_at: Date; due_at: Date }>(liveDeadline, [c.id]);
    // created_at is the transaction's start, due_at was planned a moment later in it: 7 days, give or take that moment.
    expect(Math.abs(before.due_at.getTime() - before.created_at.getTime() - 7 * 24 * 3600 * 1000)).toBeLessThan(60_000);
    await patch('worker1', c.id, { risk_level: 'high', risk_level_rationale: 'Menaces' });
    const after = await db.query<{ created_at: Date; due_at: Date }>(liveDeadline, [c.id]);
    expect(after).toHaveLength(1);
    expect(after[0].created_at.getTime()).toBe(before.created_at.getTime());
    expect(after[0].due_at.getTime() - after[0].created_at.getTime()).toBe(24 * 3600 * 1000);

    const wrong = await api.http().post(`/api/v1/cases/${c.id}/transitions`).set(as('worker1')).send({ transition: 'close' }).expect(409);
    expect(wrong.body.error).toMatchObject({ code: 'TRANSITION_NOT_ALLOWED', details: [expect.objectContaining({ path: '/transition' })] });
    const unknown = await api.http().post(`/api/v1/cases/${c.id}/transitions`).set(as('worker1')).send({ transition: 'teleport' }).expect(422);
    expect(unknown.body.error.details).toEqual([expect.objectContaining({ path: '/transition', code: 'unknown_transition' })]);
    const bad = await api.http().post(`/api/v1/cases/${c.id}/transitions`).set(as('worker1')).send({ transition: 7 }).expect(422);
    expect(bad.body.error.details[0].path).toBe('/transition');

    await api.http().post(`/api/v1/cases/${c.id}/transitions`).set(as('ngo_worker')).send({ transition: 'back_to_assessment' }).expect(404);
    await api.http().get(`/api/v1/cases/${c.id}/transitions`).set(as('ngo_worker')).expect(404);
    await api.http().get(`/api/v1/cases/${c.id}/transitions/${queued.body.data.id}`).set(as('worker2')).expect(404);
    await api.http().get(`/api/v1/cases/${c.id}/transitions/${randomUUID()}`).set(as('worker1')).expect(404);
    await api.http().get(`/api/v1/cases/${c.id}/approvals`).set(as('ngo_worker')).expect(404);
  });

  it('returns the first request for a repeated Idempotency-Key', async () => {
    const c = await createCase();
    await patch('worker1', c.id, { protection_concerns: ['neglect'], risk_level: 'medium' });
    const key = `k-${randomUUID()}`;
    const first = await api.http().post(`/api/v1/cases/${c.id}/transitions`).set(as('worker1')).set('idempotency-key', key).send({ transition: 'start_assessment' });
    expect([200, 202]).toContain(first.status);
    const again = await api.http().post(`/api/v1/cases/${c.id}/transitions`).set(as('worker1')).set('idempotency-key', key).send({ transition: 'start_assessment' });
    expect([200, 202]).toContain(again.status);
    expect(again.body.data.id).toBe(first.body.data.id);
    const [count] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM transition_requests WHERE case_id = $1`, [c.id]);
    expect(count.n).toBe(1);
  });

  it('applies requests of one case in request order, each exactly once', async () => {
    const c = await createCase();
    await patch('worker1', c.id, { protection_concerns: ['neglect'], risk_level: 'high', risk_level_rationale: 'Violence répétée', ...ASSESSMENT, ...CASE_PLAN });
    expect(await transition('worker1', c.id, 'start_assessment')).toMatchObject({ status: 'applied' });
    expect(await transition('worker1', c.id, 'complete_assessment')).toMatchObject({ status: 'applied' });
    const approval = await api.http().post(`/api/v1/cases/${c.id}/approvals`).set(as('worker1')).send({ type: 'case_plan' }).expect(201);
    await api.http().patch(`/api/v1/cases/${c.id}/approvals/${approval.body.data.id}`).set(as('supervisor')).send({ decision: 'approved' }).expect(200);
    expect(await transition('worker1', c.id, 'start_implementation')).toMatchObject({ status: 'applied' });

    expect(await transition('worker1', c.id, 'start_follow_up')).toMatchObject({ status: 'applied', state: 'follow_up' });
    await patch('worker1', c.id, CLOSURE);

    // While a row lock holds the worker back, four requests valid from follow_up are stored; in request order the
    // first two apply and the last two are then out of place. Any other order would give another outcome.
    const names = ['resume_implementation', 'request_closure', 'back_to_assessment', 'resume_implementation'];
    const ids: string[] = [];
    await db.transaction(async (tx) => {
      await tx.query(`SELECT 1 FROM cases WHERE id = $1 FOR NO KEY UPDATE`, [c.id]);
      for (const name of names) {
        const res = await api.http().post(`/api/v1/cases/${c.id}/transitions`).set(as('worker1')).send({ transition: name }).expect(202);
        ids.push(res.body.data.id);
      }
    });
    await waitUntil(async () => {
      const rows = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM transition_requests WHERE case_id = $1 AND status = 'queued'`, [c.id]);
      return rows[0].n === 0;
    }, 20_000, 'requests to be decided');
    const decided = await db.query<{ id: string; status: string; reason_code: string | null }>(
      `SELECT id, status, reason_code FROM transition_requests WHERE id = ANY($1::uuid[])`, [ids]);
    const byId = new Map(decided.map((r) => [r.id, r]));
    expect(ids.map((id) => [byId.get(id)?.status, byId.get(id)?.reason_code])).toEqual([
      ['applied', null],
      ['applied', null],
      ['rejected', 'not_allowed_from_state'],
      ['rejected', 'not_allowed_from_state'],
    ]);
    const events = await db.query<{ request_id: string }>(`SELECT meta->>'requestId' AS request_id FROM case_events WHERE case_id = $1 AND action = 'transition' ORDER BY id`, [c.id]);
    expect(events.map((e) => e.request_id).slice(-2)).toEqual(ids.slice(0, 2));
    expect(await state(c.id)).toEqual({ state: 'closure', status: 'open' });
  });

  it('shows queues to administrators only', async () => {
    const res = await api.http().get('/api/v1/admin/queues').set(as('admin')).expect(200);
    expect(res.body.data.map((q: { queue: string }) => q.queue)).toContain('workflow');
    await api.http().get('/api/v1/admin/queues').set(as('worker1')).expect(403);
  });
});
