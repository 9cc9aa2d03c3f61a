import { randomUUID } from 'node:crypto';
import { loginAll } from '../support/auth-helpers';
import { startTestApi } from '../support/test-app';
import { maliChild } from '../support/mali-child';

/** A child the Mali pack accepts on the registration forms. */
function child(overrides: Record<string, unknown> = {}) {
  return maliChild(overrides);
}

describe('cases', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let users: Awaited<ReturnType<typeof loginAll>>;
  const as = (user: keyof typeof users) => ({ authorization: `Bearer ${users[user].token}` });

  beforeAll(async () => {
    api = await startTestApi();
    users = await loginAll(api.http);
  });
  afterAll(async () => {
    await api.app.close();
  });

  async function create(user: keyof typeof users = 'worker1', data = child(), id?: string) {
    const res = await api.http().post('/api/v1/cases').set(as(user)).send({ ...(id ? { id } : {}), data });
    if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.data;
  }

  it('creates a case with a short id, the initial workflow state, computed fields and an ETag', async () => {
    const res = await api.http().post('/api/v1/cases').set(as('worker1')).send({ data: child() }).expect(201);
    const c = res.body.data;
    expect(c).toMatchObject({ status: 'open', workflow: { id: 'case_management', state: 'registration' }, ownerId: users.worker1.id, agencyId: 'ministry', version: 1 });
    expect(c.shortId).toMatch(/^[a-z2-9]{7}$/);
    expect(c.data.age).toBe(12);
    expect(res.headers.etag).toBe('"1"');
    expect(Object.keys(c.formVersions)).toEqual(expect.arrayContaining(['basic_identity', 'registration']));
  });

  it('rejects invalid data with 422 and a JSON pointer per failing field', async () => {
    const res = await api.http().post('/api/v1/cases').set(as('worker1')).send({ data: child({ sex: 'other', date_of_birth: '2999-01-01', unknown_thing: 1 }) }).expect(422);
    const paths = res.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['/data/sex', '/data/date_of_birth', '/data/unknown_thing']));
  });

  it('enforces conditional fields on the server: hidden values rejected, visible required ones demanded', async () => {
    const hidden = await api.http().post('/api/v1/cases').set(as('worker1')).send({ data: child({ has_disability: false, disability_type: 'physical' }) }).expect(422);
    expect(hidden.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: '/data/disability_type' })]));
    const missing = await api.http().post('/api/v1/cases').set(as('worker1')).send({ data: child({ has_disability: true }) }).expect(422);
    expect(missing.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: '/data/disability_type', code: 'required' })]));
  });

  it('is idempotent on a client-chosen id: the retry returns the first result', async () => {
    const id = randomUUID();
    const first = await create('worker1', child(), id);
    const again = await api.http().post('/api/v1/cases').set(as('worker1')).send({ id, data: child({ name_first: 'Other' }) }).expect(200);
    expect(again.body.data).toMatchObject({ id, shortId: first.shortId, version: 1 });
    expect(again.body.data.data.name_first).toBe('Aminata');
    // The retry is answered from what was stored, even when its body would no longer validate.
    const invalidRetry = await api.http().post('/api/v1/cases').set(as('worker1')).send({ id, data: child({ sex: 'other' }) }).expect(200);
    expect(invalidRetry.body.data).toMatchObject({ id, version: 1, data: { sex: 'female' } });
    await api.http().post('/api/v1/cases').set(as('worker2')).send({ id, data: child() }).expect(409);
    await api.http().post('/api/v1/cases').set(as('worker2')).send({ id, data: child({ sex: 'other' }) }).expect(409);
    const history = await api.http().get(`/api/v1/cases/${id}/history`).set(as('worker1')).expect(200);
    expect(history.body.data.map((e: { action: string }) => e.action)).toEqual(['create']);
  });

  it('updates with If-Match or a body version, and refuses stale ones with 412 / 409', async () => {
    const c = await create();
    const ok = await api.http().patch(`/api/v1/cases/${c.id}`).set(as('worker1')).set('if-match', '"1"').send({ data: { name_nickname: 'Ami' } }).expect(200);
    expect(ok.body.data).toMatchObject({ version: 2, data: { name_nickname: 'Ami', name_first: 'Aminata' } });
    expect(ok.headers.etag).toBe('"2"');
    await api.http().patch(`/api/v1/cases/${c.id}`).set(as('worker1')).set('if-match', '"1"').send({ data: { name_nickname: 'X' } }).expect(412);
    const stale = await api.http().patch(`/api/v1/cases/${c.id}`).set(as('worker1')).send({ version: 1, data: { name_nickname: 'X' } }).expect(409);
    expect(stale.body.error.code).toBe('VERSION_CONFLICT');
    await api.http().patch(`/api/v1/cases/${c.id}`).set(as('worker1')).send({ data: { name_nickname: 'X' } }).expect(428);
    await api.http().patch(`/api/v1/cases/${c.id}`).set(as('worker1')).send({ version: 2, data: { name_nickname: null } }).expect(200);
  });

  it('never loses a write under concurrent updates of the same version', async () => {
    const c = await create();
    const results = await Promise.all(
      ['A', 'B', 'C', 'D'].map((nick) => api.http().patch(`/api/v1/cases/${c.id}`).set(as('worker1')).set('if-match', '"1"').send({ data: { name_nickname: nick } })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 412, 412, 412]);
    const winner = results.find((r) => r.status === 200)!.body.data.data.name_nickname;
    const stored = await api.http().get(`/api/v1/cases/${c.id}`).set(as('worker1')).expect(200);
    expect(stored.body.data).toMatchObject({ version: 2, data: { name_nickname: winner } });
  });

  it('merges subform items by id instead of replacing the array, and records item diffs in history', async () => {
    const c = await create('worker1', child({ family_details: [{ relation_name: 'Mariam Traoré', relation: 'mother' }, { relation_name: 'Seydou Traoré', relation: 'father' }] }));
    const [mother, father] = c.data.family_details;
    expect(mother.unique_id).toEqual(expect.any(String));
    const res = await api.http().patch(`/api/v1/cases/${c.id}`).set(as('worker1')).set('if-match', '"1"').send({
      data: { family_details: [{ unique_id: mother.unique_id, relation_age: 38 }, { relation_name: 'Awa Traoré', relation: 'sibling' }, { unique_id: father.unique_id, _destroy: true }] },
    }).expect(200);
    const items = res.body.data.data.family_details;
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({ unique_id: mother.unique_id, relation_name: 'Mariam Traoré', relation_age: 38 });
    expect(items[1]).toMatchObject({ relation_name: 'Awa Traoré' });

    const history = (await api.http().get(`/api/v1/cases/${c.id}/history`).set(as('worker1')).expect(200)).body.data;
    expect(history.map((e: { action: string }) => e.action)).toEqual(['create', 'update']);
    const diff = history[1].changes.family_details;
    expect(diff.from.map((i: { unique_id: string }) => i.unique_id).sort()).toEqual([father.unique_id, mother.unique_id].sort());
    expect(diff.to.map((i: { relation_name: string }) => i.relation_name).sort()).toEqual(['Awa Traoré', 'Mariam Traoré']);
    expect(history[0].changes.name_first).toEqual({ from: null, to: 'Aminata' });
    expect(history[0].changes.family_details).toEqual({ from: [], to: c.data.family_details });
    expect(history[1].actorUsername).toBe('worker1');
  });

  it('hides cases outside the actor scope with 404 and shows the agency to the supervisor', async () => {
    const c = await create('worker1');
    await api.http().get(`/api/v1/cases/${c.id}`).set(as('worker2')).expect(404);
    await api.http().get(`/api/v1/cases/${c.id}`).set(as('ngo_worker')).expect(404);
    await api.http().get(`/api/v1/cases/${c.id}`).set(as('supervisor')).expect(200);
    await api.http().get(`/api/v1/cases/${randomUUID()}`).set(as('supervisor')).expect(404);
    await api.http().get(`/api/v1/cases/not-a-uuid`).set(as('supervisor')).expect(404);
    await api.http().get(`/api/v1/cases/${c.id}`).set(as('analyst')).expect(404);
    await api.http().get('/api/v1/cases').set(as('analyst')).expect(403);
  });

  it('records who opened a case in the access log, off the request path', async () => {
    const c = await create('worker1');
    await api.http().get(`/api/v1/cases/${c.id}`).set(as('supervisor')).expect(200);
    const { Database } = await import('@tutela/persistence');
    const db = api.app.get(Database);
    const { CaseAccessLog } = await import('@tutela/cases');
    await api.app.get(CaseAccessLog).flush();
    const rows = await db.query(`SELECT actor_id, action FROM case_access_log WHERE case_id = $1`, [c.id]);
    expect(rows).toEqual([{ actor_id: users.supervisor.id, action: 'read' }]);
  });

  it('disables a case (soft) for a role allowed to, and lists stop showing it', async () => {
    const c = await create('worker1');
    await api.http().delete(`/api/v1/cases/${c.id}`).set(as('worker2')).expect(404);
    const res = await api.http().delete(`/api/v1/cases/${c.id}`).set(as('worker1'));
    if (res.status === 403) {
      await api.http().delete(`/api/v1/cases/${c.id}`).set(as('supervisor')).expect(204);
    } else {
      expect(res.status).toBe(204);
    }
    const after = await api.http().get(`/api/v1/cases/${c.id}`).set(as('supervisor')).expect(200);
    expect(after.body.data.disabled).toBe(true);
    const list = await api.http().get('/api/v1/cases').query({ q: c.shortId }).set(as('supervisor')).expect(200);
    expect(list.body.data).toHaveLength(0);
  });

  it('lists with filters, pagination, cursor and chosen fields, only within scope', async () => {
    const tag = randomUUID().slice(0, 6);
    const mine = [];
    for (let i = 0; i < 3; i++) mine.push(await create('worker1', child({ name_last: `Keita${tag}`, location_current: i === 0 ? 'ML0901' : 'ML0904' })));
    await create('worker2', child({ name_last: `Keita${tag}` }));
    const res = await api.http().get('/api/v1/cases').query({ q: `Keita${tag}`, per: 2, sort: '-createdAt' }).set(as('worker1')).expect(200);
    expect(res.body.meta).toEqual({ total: 3, page: 1, per: 2 });
    expect(res.body.data.map((c: { id: string }) => c.id)).toEqual([mine[2].id, mine[1].id]);
    const byLocation = await api.http().get('/api/v1/cases').query({ q: `Keita${tag}`, location: 'ML0904' }).set(as('worker1')).expect(200);
    expect(byLocation.body.meta.total).toBe(2);
    const supervisor = await api.http().get('/api/v1/cases').query({ q: `Keita${tag}`, fields: 'name_last' }).set(as('supervisor')).expect(200);
    expect(supervisor.body.meta.total).toBe(4);
    expect(Object.keys(supervisor.body.data[0].data)).toEqual(['name_last']);

    const page1 = await api.http().get('/api/v1/cases').query({ state: 'registration', sort: '-updatedAt', per: 2, cursor: '' }).set(as('worker1')).expect(200);
    expect(page1.body.meta).toEqual({ next: expect.any(String), per: 2 });
    await api.http().get('/api/v1/cases').query({ colour: 'blue' }).set(as('worker1')).expect(400);
    await api.http().get('/api/v1/cases').query({ per: 501 }).set(as('worker1')).expect(400);
  });

  it('pages through a cursor without repeating or skipping cases', async () => {
    const tag = randomUUID().slice(0, 6);
    for (let i = 0; i < 5; i++) await create('worker2', child({ name_last: `Diarra${tag}` }));
    const seen: string[] = [];
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null) {
      const res: { body: { data: Array<{ id: string }>; meta: { next: string | null } } } = await api.http().get('/api/v1/cases').query({ q: `Diarra${tag}`, sort: '-createdAt', per: 2, cursor }).set(as('worker2')).expect(200);
      seen.push(...res.body.data.map((c) => c.id));
      cursor = res.body.meta.next;
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });

  it('searches identifiers and names, and with phonetic=true names spelled differently', async () => {
    const tag = `${Math.floor(Math.random() * 1e9)}`;
    const c = await create('worker1', child({ name_first: 'Fatoumata', name_last: 'Coulibaly', national_id_no: `ML-${tag}` }));
    const byId = await api.http().get('/api/v1/cases').query({ q: `ml${tag}` }).set(as('worker1')).expect(200);
    expect(byId.body.data.map((x: { id: string }) => x.id)).toContain(c.id);
    const byShort = await api.http().get('/api/v1/cases').query({ q: c.shortId }).set(as('worker1')).expect(200);
    expect(byShort.body.data[0].id).toBe(c.id);
    const byName = await api.http().get('/api/v1/cases').query({ q: 'fatoumata couli' }).set(as('worker1')).expect(200);
    expect(byName.body.data.map((x: { id: string }) => x.id)).toContain(c.id);
    const misspelled = await api.http().get('/api/v1/cases').query({ q: 'Fatoumatta Koulibali' }).set(as('worker1')).expect(200);
    expect(misspelled.body.data.map((x: { id: string }) => x.id)).not.toContain(c.id);
    const phonetic = await api.http().get('/api/v1/cases').query({ q: 'Fatoumatta Koulibali', phonetic: 'true' }).set(as('worker1')).expect(200);
    expect(phonetic.body.data.map((x: { id: string }) => x.id)).toContain(c.id);
  });

  it('refuses writes to fields the role may not write with 403 naming them, unknown fields with 422', async () => {
    const c = await create('worker1');
    const unknown = await api.http().patch(`/api/v1/cases/${c.id}`).set(as('worker1')).set('if-match', '"1"').send({ data: { not_a_field: 1 } }).expect(422);
    expect(unknown.body.error.details).toEqual([expect.objectContaining({ path: '/data/not_a_field', code: 'unknown_field' })]);
    // A read-only view of a case (here: a field the role reads but may not write) answers 403 naming the field.
    const { Database } = await import('@tutela/persistence');
    await api.app.get(Database).query(`UPDATE cases SET shared_agency_ids = ARRAY['ngo_partner'] WHERE id = $1`, [c.id]);
    await api.app.get(Database).query(
      `INSERT INTO case_transfers (id, case_id, kind, status, from_user_id, to_agency_id, forms) VALUES (gen_random_uuid(), $1, 'referral', 'accepted', $2, 'ngo_partner', '"*"')`,
      [c.id, users.worker1.id],
    );
    const res = await api.http().patch(`/api/v1/cases/${c.id}`).set(as('ngo_worker')).set('if-match', '"1"').send({ data: { name_nickname: 'x', follow_ups: [] } }).expect(403);
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: '/data/name_nickname', code: 'forbidden_field' })]);
  });

  it('keeps notes and flags with who and when, and unflags with a reason', async () => {
    const c = await create('worker1');
    const note = await api.http().post(`/api/v1/cases/${c.id}/notes`).set(as('worker1')).send({ subject: 'Visite', body: 'Visite à domicile' }).expect(201);
    expect(note.body.data).toMatchObject({ authorId: users.worker1.id, body: 'Visite à domicile' });
    const flag = await api.http().post(`/api/v1/cases/${c.id}/flags`).set(as('worker1')).send({ reason: 'Needs urgent visit' }).expect(201);
    await api.http().patch(`/api/v1/cases/${c.id}/flags/${flag.body.data.id}`).set(as('worker1')).send({ reason: 'Visited' }).expect(200);
    await api.http().patch(`/api/v1/cases/${c.id}/flags/${flag.body.data.id}`).set(as('worker1')).send({ reason: 'again' }).expect(404);
    const flags = (await api.http().get(`/api/v1/cases/${c.id}/flags`).set(as('worker1')).expect(200)).body.data;
    expect(flags[0]).toMatchObject({ reason: 'Needs urgent visit', unflagReason: 'Visited', unflaggedBy: users.worker1.id });
    await api.http().post(`/api/v1/cases/${c.id}/notes`).set(as('worker2')).send({ body: 'x' }).expect(404);
  });
});
