import { randomUUID } from 'node:crypto';
import { loginAll } from '../support/auth-helpers';
import { startTestApi } from '../support/test-app';
import { maliChild } from '../support/mali-child';

const FOLLOWUP_TYPE = 'home_visit';

function child(overrides: Record<string, unknown> = {}) {
  return maliChild({ name_first: 'Fatoumata', name_last: `Diarra-${randomUUID().slice(0, 6)}`, date_of_birth: '2015-03-21', ...overrides });
}

describe('workflow: referrals, transfers, assignment', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let users: Awaited<ReturnType<typeof loginAll>>;
  const as = (user: keyof typeof users) => ({ authorization: `Bearer ${users[user].token}` });

  beforeAll(async () => {
    api = await startTestApi();
    users = await loginAll(api.http);
  });
  afterAll(async () => {
    await api?.app.close();
  });

  async function createCase(data = child()) {
    const res = await api.http().post('/api/v1/cases').set(as('worker1')).send({ data });
    if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.data as { id: string; version: number };
  }

  it('shares a case by referral (limited to the referred forms), then removes access when revoked', async () => {
    const c = await createCase();
    await api.http().get(`/api/v1/cases/${c.id}`).set(as('ngo_worker')).expect(404);

    const referral = await api.http().post(`/api/v1/cases/${c.id}/referrals`).set(as('worker1'))
      .send({ toUserId: users.ngo_worker.id, service: 'health', note: 'Suivi médical', forms: ['basic_identity'] }).expect(201);
    expect(referral.body.data).toMatchObject({ kind: 'referral', status: 'in_progress', toUserId: users.ngo_worker.id, consentOverridden: false });

    const seen = await api.http().get(`/api/v1/cases/${c.id}`).set(as('ngo_worker')).expect(200);
    expect(seen.body.data.data.name_first).toBe('Fatoumata');
    expect(seen.body.data.data.registration_date).toBeUndefined(); // the registration form was not referred
    expect(seen.body.data.version).toBeGreaterThan(c.version);
    const incoming = await api.http().get('/api/v1/tasks').set(as('ngo_worker')).expect(200);
    expect(incoming.body.data).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'referral', caseId: c.id, id: referral.body.data.id, detail: 'health' })]));

    // Only the recipient answers; a rejection needs a reason.
    await api.http().patch(`/api/v1/cases/${c.id}/referrals/${referral.body.data.id}`).set(as('supervisor')).send({ status: 'accepted' }).expect(403);
    const noReason = await api.http().patch(`/api/v1/cases/${c.id}/referrals/${referral.body.data.id}`).set(as('ngo_worker')).send({ status: 'rejected' }).expect(422);
    expect(noReason.body.error.details[0].path).toBe('/reason');
    const accepted = await api.http().patch(`/api/v1/cases/${c.id}/referrals/${referral.body.data.id}`).set(as('ngo_worker')).send({ status: 'accepted' }).expect(200);
    expect(accepted.body.data.status).toBe('accepted');
    await api.http().get(`/api/v1/cases/${c.id}`).set(as('ngo_worker')).expect(200);

    // The recipient cannot revoke; the referrer can, and the recipient loses sight of the case at once.
    await api.http().delete(`/api/v1/cases/${c.id}/referrals/${referral.body.data.id}`).set(as('ngo_worker')).expect(403);
    await api.http().delete(`/api/v1/cases/${c.id}/referrals/${referral.body.data.id}`).set(as('worker1')).expect(204);
    await api.http().get(`/api/v1/cases/${c.id}`).set(as('ngo_worker')).expect(404);
    await api.http().patch(`/api/v1/cases/${c.id}/referrals/${referral.body.data.id}`).set(as('ngo_worker')).send({ status: 'done' }).expect(404);

    const history = await api.http().get(`/api/v1/cases/${c.id}/history`).set(as('worker1')).expect(200);
    expect(history.body.data.filter((e: { action: string }) => e.action === 'referral').map((e: { meta: { status: string } }) => e.meta.status))
      .toEqual(['in_progress', 'accepted', 'revoked']);
  });

  it('refuses a referral without consent unless the actor may override it (recorded), and bad recipients', async () => {
    const c = await createCase(child({ consent_for_services: false, consent_not_given_reason: 'Refus du parent', consent_source: undefined }));
    const refused = await api.http().post(`/api/v1/cases/${c.id}/referrals`).set(as('worker1')).send({ toUserId: users.ngo_worker.id, service: 'health' }).expect(409);
    expect(refused.body.error.details[0]).toMatchObject({ path: '/data/consent_for_services', code: 'consent_required' });
    const overridden = await api.http().post(`/api/v1/cases/${c.id}/referrals`).set(as('supervisor')).send({ toUserId: users.ngo_worker.id, service: 'health' }).expect(201);
    expect(overridden.body.data.consentOverridden).toBe(true);

    const other = await createCase();
    const analyst = await api.http().post(`/api/v1/cases/${other.id}/referrals`).set(as('worker1')).send({ toUserId: users.analyst.id, service: 'health' }).expect(422);
    expect(analyst.body.error.details[0].path).toBe('/toUserId');
    const both = await api.http().post(`/api/v1/cases/${other.id}/referrals`).set(as('worker1')).send({ toUserId: users.ngo_worker.id, toAgencyId: 'ngo_partner' }).expect(422);
    expect(both.body.error.code).toBe('VALIDATION_FAILED');
    const form = await api.http().post(`/api/v1/cases/${other.id}/referrals`).set(as('worker1')).send({ toAgencyId: 'ngo_partner', forms: ['nope'] }).expect(422);
    expect(form.body.error.details[0].path).toBe('/forms/0');
    await api.http().post(`/api/v1/cases/${other.id}/referrals`).set(as('ngo_worker')).send({ toUserId: users.worker2.id }).expect(404);
  });

  it('transfers a case: accepting makes the recipient the owner and the sender loses it', async () => {
    const c = await createCase();
    await api.http().get(`/api/v1/cases/${c.id}`).set(as('worker2')).expect(404);
    const transfer = await api.http().post(`/api/v1/cases/${c.id}/transfers`).set(as('worker1')).send({ toUserId: users.worker2.id, note: 'Changement de secteur' }).expect(201);
    await api.http().get(`/api/v1/cases/${c.id}`).set(as('worker2')).expect(200);
    await api.http().patch(`/api/v1/cases/${c.id}/transfers/${transfer.body.data.id}`).set(as('worker2')).send({ status: 'done' }).expect(409);
    await api.http().patch(`/api/v1/cases/${c.id}/transfers/${transfer.body.data.id}`).set(as('worker2')).send({ status: 'accepted' }).expect(200);
    const owned = await api.http().get(`/api/v1/cases/${c.id}`).set(as('worker2')).expect(200);
    expect(owned.body.data).toMatchObject({ ownerId: users.worker2.id, agencyId: 'ministry' });
    await api.http().get(`/api/v1/cases/${c.id}`).set(as('worker1')).expect(404);
  });

  it('lists dated follow-ups and services not done in the owner\'s tasks, overdue ones flagged', async () => {
    const c = await createCase();
    await api.http().patch(`/api/v1/cases/${c.id}`).set(as('worker1')).set('if-match', `"${c.version}"`).send({
      data: {
        follow_ups: [
          { followup_type: FOLLOWUP_TYPE, followup_due_date: '2026-01-10' },
          { followup_type: FOLLOWUP_TYPE, followup_due_date: '2026-01-11', followup_date: '2026-01-11' },
        ],
      },
    }).expect(200);
    const tasks = await api.http().get('/api/v1/tasks').set(as('worker1')).expect(200);
    const mine = tasks.body.data.filter((t: { caseId: string }) => t.caseId === c.id);
    expect(mine).toEqual([expect.objectContaining({ kind: 'follow_up', dueAt: '2026-01-10T00:00:00.000Z', overdue: true })]);
    const others = await api.http().get('/api/v1/tasks').set(as('worker2')).expect(200);
    expect(others.body.data.some((t: { caseId: string }) => t.caseId === c.id)).toBe(false);
  });

  it('assigns a case (permission assign) to an enabled user who may work on cases', async () => {
    const c = await createCase();
    await api.http().post(`/api/v1/cases/${c.id}/assign`).set(as('worker1')).send({ userId: users.worker2.id }).expect(403);
    const bad = await api.http().post(`/api/v1/cases/${c.id}/assign`).set(as('supervisor')).send({ userId: users.analyst.id }).expect(422);
    expect(bad.body.error.details[0].path).toBe('/userId');
    const res = await api.http().post(`/api/v1/cases/${c.id}/assign`).set(as('supervisor')).send({ userId: users.worker2.id }).expect(200);
    expect(res.body.data).toMatchObject({ ownerId: users.worker2.id, agencyId: 'ministry' });
    expect(res.body.data.version).toBeGreaterThan(c.version);
    await api.http().get(`/api/v1/cases/${c.id}`).set(as('worker2')).expect(200);
    await api.http().get(`/api/v1/cases/${c.id}`).set(as('worker1')).expect(404);
  });
});
