import { randomUUID } from 'node:crypto';
import { Database } from '@tutela/persistence';
import { loginAll } from '../support/auth-helpers';
import { startTestApi } from '../support/test-app';

const REASON = 'Child reported in danger by the police, owner unreachable tonight';

describe('break-the-glass', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let users: Awaited<ReturnType<typeof loginAll>>;
  let db: Database;
  const as = (user: keyof typeof users) => ({ authorization: `Bearer ${users[user].token}` });

  beforeAll(async () => {
    api = await startTestApi();
    users = await loginAll(api.http);
    db = api.app.get(Database);
  });
  afterAll(async () => {
    await api.app.close();
  });

  /** A case of the partner agency, owned by ngo_worker: outside the ministry supervisor's agency scope. */
  async function partnerCase(): Promise<string> {
    const data = {
      registration_date: '2026-10-01', consent_for_services: true, consent_source: 'parent_caregiver', name_first: 'Oumar', name_last: 'Touré',
      sex: 'male', date_of_birth: '2013-02-01', location_current: 'ML0903', address_current: 'Quartier du fleuve',
    };
    const res = await api.http().post('/api/v1/cases').set(as('worker1')).send({ data }).expect(201);
    await db.query(`UPDATE cases SET owner_id = $2, agency_id = 'ngo_partner', group_ids = '{ngo_bamako_team}' WHERE id = $1`, [res.body.data.id, users.ngo_worker.id]);
    return res.body.data.id;
  }

  it('opens a case outside the scope, read-only, until the grant expires', async () => {
    const id = await partnerCase();
    await api.http().get(`/api/v1/cases/${id}`).set(as('supervisor')).expect(404);
    const res = await api.http().post(`/api/v1/cases/${id}/break-glass`).set(as('supervisor')).send({ reason: REASON, durationMinutes: 30 }).expect(201);
    expect(res.body.data).toMatchObject({ caseId: id, reason: REASON });
    const minutesLeft = (Date.parse(res.body.data.expiresAt) - Date.now()) / 60_000;
    expect(minutesLeft).toBeGreaterThan(25);
    expect(minutesLeft).toBeLessThanOrEqual(30);

    const read = await api.http().get(`/api/v1/cases/${id}`).set(as('supervisor')).expect(200);
    expect(read.body.data.data).toMatchObject({ name_first: 'Oumar', address_current: 'Quartier du fleuve' });
    const list = await api.http().get('/api/v1/cases').query({ per: '500' }).set(as('supervisor')).expect(200);
    expect(list.body.data.map((c: { id: string }) => c.id)).toContain(id);
    // Reading only: no change, no note.
    await api.http().patch(`/api/v1/cases/${id}`).set(as('supervisor')).set('if-match', '"1"').send({ data: { name_nickname: 'O' } }).expect(403);
    await api.http().post(`/api/v1/cases/${id}/notes`).set(as('supervisor')).send({ body: 'x' }).expect(403);

    await db.query(`UPDATE access_grants SET expires_at = now() - interval '1 minute' WHERE id = $1`, [res.body.data.id]);
    await api.http().get(`/api/v1/cases/${id}`).set(as('supervisor')).expect(404);
  });

  it('leaves a trail: the audit log and a history event the owner sees', async () => {
    const id = await partnerCase();
    const res = await api.http().post(`/api/v1/cases/${id}/break-glass`).set(as('supervisor')).send({ reason: REASON }).expect(201);
    const minutes = (Date.parse(res.body.data.expiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(55);
    expect(minutes).toBeLessThanOrEqual(60);
    const history = await api.http().get(`/api/v1/cases/${id}/history`).set(as('ngo_worker')).expect(200);
    const event = history.body.data.find((e: { action: string }) => e.action === 'break_glass');
    expect(event).toMatchObject({ actorId: users.supervisor.id, actorUsername: 'supervisor', meta: { reason: REASON, grantId: res.body.data.id } });
    const audit = await api.http().get('/api/v1/admin/audit-log').query({ action: 'break_glass', actor: 'supervisor' }).set(as('admin')).expect(200);
    expect(audit.body.data).toEqual(expect.arrayContaining([expect.objectContaining({ targetType: 'case', targetId: id, details: expect.objectContaining({ reason: REASON }) })]));
  });

  it('validates the reason and the duration with the failing field', async () => {
    const id = await partnerCase();
    const short = await api.http().post(`/api/v1/cases/${id}/break-glass`).set(as('supervisor')).send({ reason: 'urgent' }).expect(422);
    expect(short.body.error.details).toEqual([expect.objectContaining({ path: '/reason' })]);
    const long = await api.http().post(`/api/v1/cases/${id}/break-glass`).set(as('supervisor')).send({ reason: REASON, durationMinutes: 5000 }).expect(422);
    expect(long.body.error.details).toEqual([expect.objectContaining({ path: '/durationMinutes' })]);
    await api.http().post(`/api/v1/cases/${id}/break-glass`).set(as('supervisor')).send({ reason: REASON, durationMinutes: 'soon' }).expect(422);
    await api.http().post(`/api/v1/cases/${id}/break-glass`).set(as('supervisor')).send([]).expect(400);
  });

  it('is refused without the permission (403, whether or not the case exists) and answers 404 for a missing case', async () => {
    const id = await partnerCase();
    for (const user of ['worker1', 'worker2', 'ngo_worker', 'analyst', 'admin'] as const) {
      await api.http().post(`/api/v1/cases/${id}/break-glass`).set(as(user)).send({ reason: REASON }).expect(403);
      await api.http().post(`/api/v1/cases/${randomUUID()}/break-glass`).set(as(user)).send({ reason: REASON }).expect(403);
    }
    await api.http().post(`/api/v1/cases/${randomUUID()}/break-glass`).set(as('supervisor')).send({ reason: REASON }).expect(404);
    await api.http().post('/api/v1/cases/not-a-uuid/break-glass').set(as('supervisor')).send({ reason: REASON }).expect(404);
    await api.http().post(`/api/v1/cases/${id}/break-glass`).send({ reason: REASON }).expect(401);
    const [{ count }] = await db.query<{ count: string }>(`SELECT count(*) FROM access_grants WHERE case_id = $1`, [id]);
    expect(Number(count)).toBe(0);
  });

  it('does not open a case of a module the role does not work in', async () => {
    const id = await partnerCase();
    await db.query(`UPDATE cases SET module = 'gbv' WHERE id = $1`, [id]);
    await api.http().post(`/api/v1/cases/${id}/break-glass`).set(as('supervisor')).send({ reason: REASON }).expect(403);
  });
});
