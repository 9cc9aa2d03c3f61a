import { INestApplicationContext } from '@nestjs/common';
import { Database } from '@tutela/persistence';
import { randomInt } from 'node:crypto';
import { DuplicateCandidateRepository } from '../../libs/cases/src/duplicates/duplicate-candidate.repository';
import { DEFAULT_MATCHING_CONFIG } from '../../libs/cases/src/duplicates/matching-config';
import { normalizeIdentifierValue } from '../../libs/cases/src/duplicates/match-profile';
import { NameTokenizer } from '../../libs/cases/src/duplicates/name-tokenizer';
import { loginAll } from '../support/auth-helpers';
import { isolatedEnvironment } from '../support/isolated-database';
import { waitUntil } from '../support/queue-drain';
import { startTestApi } from '../support/test-app';
import { startTestWorker } from '../support/test-worker';
import { maliChild } from '../support/mali-child';

/** A birth date no other scenario (nor another suite's fixture) uses, so each scenario's children stand apart. */
function uniqueBirthDate(): string {
  return `20${randomInt(10, 20)}-${String(randomInt(1, 13)).padStart(2, '0')}-${String(randomInt(1, 29)).padStart(2, '0')}`;
}

function child(overrides: Record<string, unknown> = {}) {
  return maliChild({ name_last: 'Traoré', caregiver_name: 'Mariam Traoré', ...overrides });
}

/** The fields a front end has while a worker is typing a registration. */
function draft(data: Record<string, unknown>) {
  const { registration_date: _r, consent_for_services: _c, consent_source: _s, ...rest } = data;
  return rest;
}

describe('duplicates', () => {
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

  async function create(user: keyof typeof users, data: Record<string, unknown>, on = { api, users }) {
    const res = await on.api.http().post('/api/v1/cases').set({ authorization: `Bearer ${on.users[user].token}` }).send({ data });
    if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.data as { id: string; shortId: string };
  }

  async function check(user: keyof typeof users, data: Record<string, unknown>) {
    const res = await api.http().post('/api/v1/cases/duplicates/check').set(as(user)).send({ data: draft(data) });
    if (res.status !== 200) throw new Error(`check failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as {
      data: Array<{ caseId: string; score: number; likelihood: string; matched: Array<{ field: string; how: string; swapped?: boolean }>; case: { data: Record<string, unknown> } }>;
      meta: { outsideScope: { count: number; agencies: string[] } | null; thresholds: { likely: number; possible: number } };
    };
  }

  const ids = (result: Awaited<ReturnType<typeof check>>, among: string[]) => result.data.map((c) => c.caseId).filter((id) => among.includes(id));
  const names = (result: Awaited<ReturnType<typeof check>>, id: string) => result.data.find((c) => c.caseId === id)?.matched.find((m) => m.field === 'names');

  it('keeps Traoré = Traore (accents) ahead of the phonetically close Touré, which other fields do not support', async () => {
    const dob = uniqueBirthDate();
    const traore = await create('worker1', child({ date_of_birth: dob }));
    const toure = await create('worker1', child({ date_of_birth: dob, name_last: 'Touré', caregiver_name: 'Oumou Touré', location_current: 'ML0904' }));
    const result = await check('worker1', child({ date_of_birth: dob, name_last: 'Traore', caregiver_name: 'Mariam Traore' }));
    expect(ids(result, [traore.id, toure.id])[0]).toBe(traore.id);
    const first = result.data.find((c) => c.caseId === traore.id)!;
    expect(first).toMatchObject({ likelihood: 'likely', score: 1 });
    expect(names(result, traore.id)?.how).toBe('exact');
    expect(result.data.find((c) => c.caseId === toure.id)?.likelihood).not.toBe('likely');
    expect(first.case.data).toMatchObject({ name_first: 'Aminata', name_last: 'Traoré', date_of_birth: dob });
    expect(first.case.data.consent_source).toBeUndefined();
  });

  it('finds the same child through swapped names, doubled letters, y/i, ou/w and a nickname field, ranked below an exact spelling', async () => {
    const dob = uniqueBirthDate();
    const stored = await create('worker1', child({ name_first: 'Kadiatou', name_last: 'Ouattara', name_nickname: 'Kadi', date_of_birth: dob, caregiver_name: 'Awa Ouattara' }));
    const base = { name_first: 'Kadiatou', name_last: 'Ouattara', date_of_birth: dob, caregiver_name: 'Awa Ouattara' };
    const variants: Array<[string, Record<string, unknown>, string]> = [
      ['swapped', { name_first: 'Ouattara', name_last: 'Kadiatou' }, 'exact'],
      ['y/i', { name_first: 'Kadyatou' }, 'phonetic'],
      ['ou/w', { name_last: 'Wattara' }, 'phonetic'],
      ['doubled letters', { name_last: 'Ouatara' }, 'phonetic'],
      ['nickname', { name_first: 'Kadi' }, 'nickname'],
    ];
    const exact = await check('worker1', child(base));
    const exactScore = exact.data.find((c) => c.caseId === stored.id)!.score;
    for (const [what, change, how] of variants) {
      const result = await check('worker1', child({ ...base, ...change }));
      const found = result.data.find((c) => c.caseId === stored.id);
      expect({ what, likelihood: found?.likelihood, how: names(result, stored.id)?.how }).toEqual({ what, likelihood: 'likely', how });
      if (how !== 'exact') expect(found!.score).toBeLessThan(exactScore);
    }
    expect(names(await check('worker1', child({ ...base, name_first: 'Ouattara', name_last: 'Kadiatou' })), stored.id)?.swapped).toBe(true);
  });

  it('keeps the rows a common name alone brings only under the parent of the place; birthday, caregiver and identifier paths stay country-wide', async () => {
    // Frequencies make a name common only at scale (pg_stats): the retrieval is called as the matcher calls it then.
    const family = `Sangare${Array.from({ length: 6 }, () => String.fromCharCode(97 + randomInt(0, 26))).join('')}`;
    const year = randomInt(2010, 2020);
    const namesake = (overrides: Record<string, unknown>) => create('worker1', maliChild({ name_first: 'Kadidia', name_last: family, ...overrides }));
    const near = await namesake({ date_of_birth: `${year}-01-15`, caregiver_name: 'Awa Diakite', location_current: 'ML0904' });
    const far = await namesake({ date_of_birth: `${year}-02-20`, caregiver_name: 'Oumou Diakite', location_current: 'ML050101' });
    const farSameId = await namesake({ date_of_birth: `${year}-03-10`, caregiver_name: 'Hawa Diakite', location_current: 'ML050102', national_id_no: `ML-${family}` });
    const farSameBirthday = await namesake({ date_of_birth: `${year}-06-30`, caregiver_name: 'Sira Diakite', location_current: 'ML050103' });
    const db = api.app.get(Database);
    const [tokens] = await api.app.get(NameTokenizer).tokenize(db, [{ name_first: 'Kadidia', name_last: family }], ['name_first', 'name_last']);
    const query = {
      tokenCodes: [...tokens.name_first, ...tokens.name_last].map((t) => t.c),
      sex: 'female',
      birthYear: year,
      dateOfBirth: `${year}-06-30`,
      locationPath: 'ML.ML09.ML0901',
      caregiver: 'Fanta Diakite',
      identifiers: [normalizeIdentifierValue(`ML-${family}`)],
    };
    const found = async (commonName: boolean) =>
      (await api.app.get(DuplicateCandidateRepository).candidates(db, { ...query, commonName }, DEFAULT_MATCHING_CONFIG, () => ({ sql: 'TRUE', params: [] }))).map((c) => c.id);
    const all = [near.id, far.id, farSameId.id, farSameBirthday.id];
    expect((await found(false)).filter((id) => all.includes(id)).sort()).toEqual([...all].sort());
    expect((await found(true)).filter((id) => all.includes(id)).sort()).toEqual([near.id, farSameId.id, farSameBirthday.id].sort());
  });

  it('lists the potential duplicates of a stored case (never itself), and answers 404 to whoever may not see the case', async () => {
    const dob = uniqueBirthDate();
    const first = await create('worker1', child({ date_of_birth: dob, name_first: 'Fatoumata', name_last: 'Coulibaly', caregiver_name: 'Hawa Coulibaly' }));
    const second = await create('worker1', child({ date_of_birth: dob, name_first: 'Fatoumata', name_last: 'Koulibali', caregiver_name: 'Hawa Coulibaly' }));
    const res = await api.http().get(`/api/v1/cases/${first.id}/duplicates`).set(as('worker1')).expect(200);
    expect(res.body.data.map((c: { caseId: string }) => c.caseId)).toContain(second.id);
    expect(res.body.data.map((c: { caseId: string }) => c.caseId)).not.toContain(first.id);
    await api.http().get(`/api/v1/cases/${first.id}/duplicates`).set(as('worker2')).expect(404);
    await api.http().get(`/api/v1/cases/${first.id}/duplicates`).set(as('ngo_worker')).expect(404);
    await api.http().get(`/api/v1/cases/00000000-0000-4000-8000-000000000000/duplicates`).set(as('supervisor')).expect(404);
    await api.http().get(`/api/v1/cases/not-a-uuid/duplicates`).set(as('supervisor')).expect(404);
  });

  it('shows only cases the actor may see; others are a count per agency, without any personal field', async () => {
    const dob = uniqueBirthDate();
    const data = child({ date_of_birth: dob, name_first: 'Oumou', name_last: 'Sangaré', caregiver_name: 'Sétou Sangaré' });
    // Partner case workers may not register cases in the demo pack: a case of worker2 handed to the partner stands
    // for one the partner registered.
    const theirs = await create('worker2', data);
    await api.app.get(Database).query(`UPDATE cases SET agency_id = 'ngo_partner', owner_id = $2 WHERE id = $1`, [theirs.id, users.ngo_worker.id]);
    const result = await check('worker1', data);
    expect(result.data.map((c) => c.caseId)).not.toContain(theirs.id);
    expect(result.meta.outsideScope).toMatchObject({ agencies: expect.arrayContaining(['ngo_partner']) });
    expect(result.meta.outsideScope!.count).toBeGreaterThanOrEqual(1);
    expect(JSON.stringify(result)).not.toContain(theirs.id);
    expect(JSON.stringify(result)).not.toContain(theirs.shortId);
    // The partner's own worker sees it in full.
    const own = await check('ngo_worker', data);
    expect(own.data.map((c) => c.caseId)).toContain(theirs.id);
  });

  it('refuses bad input with the failing field, and roles that may not read cases', async () => {
    const post = (user: keyof typeof users, body: unknown) => api.http().post('/api/v1/cases/duplicates/check').set(as(user)).send(body as object);
    const badDate = await post('worker1', { data: { name_first: 'Awa', date_of_birth: '04/05/2014', age: -1, location_current: 'NOWHERE' } }).expect(422);
    expect(badDate.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['/data/age', '/data/date_of_birth', '/data/location_current']);
    const noName = await post('worker1', { data: { sex: 'female' } }).expect(422);
    expect(noName.body.error.details[0]).toMatchObject({ path: '/data/name_first', code: 'required' });
    const wrongType = await post('worker1', { data: { name_first: 12 } }).expect(422);
    expect(wrongType.body.error.details[0]).toMatchObject({ path: '/data/name_first', code: 'type' });
    await post('worker1', { data: { name_first: 'Awa' }, extra: true }).expect(422);
    await post('worker1', { name_first: 'Awa' }).expect(422);
    await post('analyst', { data: { name_first: 'Awa' } }).expect(403);
    await api.http().post('/api/v1/cases/duplicates/check').send({ data: { name_first: 'Awa' } }).expect(401);
  });

  it('remembers "not a duplicate": the pair is never suggested again, and both histories record it', async () => {
    const dob = uniqueBirthDate();
    const a = await create('worker1', child({ date_of_birth: dob, name_first: 'Mariam', name_last: 'Diarra', caregiver_name: 'Awa Diarra' }));
    const b = await create('worker1', child({ date_of_birth: dob, name_first: 'Mariam', name_last: 'Diara', caregiver_name: 'Awa Diarra' }));
    const before = await api.http().get(`/api/v1/cases/${a.id}/duplicates`).set(as('worker1')).expect(200);
    expect(before.body.data.map((c: { caseId: string }) => c.caseId)).toContain(b.id);

    const res = await api.http().post(`/api/v1/cases/${a.id}/duplicates/${b.id}/resolve`).set(as('worker1')).send({ resolution: 'not_duplicate' }).expect(200);
    expect(res.body.data).toMatchObject({ caseId: a.id, otherId: b.id, resolution: 'not_duplicate', decidedBy: users.worker1.id });
    for (const [self, other] of [[a, b], [b, a]]) {
      const after = await api.http().get(`/api/v1/cases/${self.id}/duplicates`).set(as('worker1')).expect(200);
      expect(after.body.data.map((c: { caseId: string }) => c.caseId)).not.toContain(other.id);
      const history = await api.http().get(`/api/v1/cases/${self.id}/history`).set(as('worker1')).expect(200);
      expect(history.body.data.map((e: { action: string }) => e.action)).toContain('duplicate_dismissed');
    }
    await api.http().post(`/api/v1/cases/${b.id}/duplicates/${a.id}/resolve`).set(as('worker1')).send({ resolution: 'not_duplicate' }).expect(409);
    await api.http().post(`/api/v1/cases/${a.id}/duplicates/${a.id}/resolve`).set(as('worker1')).send({ resolution: 'not_duplicate' }).expect(422);
    await api.http().post(`/api/v1/cases/${a.id}/duplicates/${b.id}/resolve`).set(as('worker1')).send({ resolution: 'maybe' }).expect(422);
    await api.http().post(`/api/v1/cases/${a.id}/duplicates/${b.id}/resolve`).set(as('worker2')).send({ resolution: 'not_duplicate' }).expect(404);
  });

  it('merges only with supervisor approval: the survivor keeps both histories, the other is disabled and points to it', async () => {
    const dob = uniqueBirthDate();
    const survivor = await create('worker1', child({ date_of_birth: dob, name_first: 'Seydou', name_last: 'Keïta', sex: 'male', caregiver_name: 'Nana Keïta' }));
    const other = await create('worker1', child({ date_of_birth: dob, name_first: 'Seydou', name_last: 'Keita', sex: 'male', caregiver_name: 'Nana Keita' }));
    const url = `/api/v1/cases/${survivor.id}/duplicates/${other.id}/resolve`;
    await api.http().post(url).set(as('worker1')).send({ resolution: 'merge' }).expect(403);
    await api.http().post(url).set(as('ngo_worker')).send({ resolution: 'merge' }).expect(404);

    const res = await api.http().post(url).set(as('supervisor')).send({ resolution: 'merge' }).expect(200);
    expect(res.body.data).toMatchObject({ resolution: 'merged', survivorId: survivor.id, decidedBy: users.supervisor.id, copiedEvents: 1 });

    const merged = await api.http().get(`/api/v1/cases/${other.id}`).set(as('supervisor')).expect(200);
    expect(merged.body.data.disabled).toBe(true);
    const db = api.app.get(Database);
    const [row] = await db.query(`SELECT merged_into FROM cases WHERE id = $1`, [other.id]);
    expect(row.merged_into).toBe(survivor.id);
    const [approval] = await db.query(`SELECT type, status, decided_by FROM approvals WHERE case_id = $1 AND type = 'merge'`, [survivor.id]);
    expect(approval).toMatchObject({ status: 'approved', decided_by: users.supervisor.id });

    const history = (await api.http().get(`/api/v1/cases/${survivor.id}/history`).set(as('supervisor')).expect(200)).body.data;
    expect(history.map((e: { action: string }) => e.action)).toEqual(['create', 'create', 'merged_from']);
    expect(history[1].meta).toMatchObject({ mergedFrom: other.id });
    expect(history[2].meta).toMatchObject({ mergedCaseId: other.id, approvedBy: users.supervisor.id });
    const otherHistory = (await api.http().get(`/api/v1/cases/${other.id}/history`).set(as('supervisor')).expect(200)).body.data;
    expect(otherHistory.map((e: { action: string }) => e.action)).toEqual(['create', 'merged_into']);

    const after = await api.http().get(`/api/v1/cases/${survivor.id}/duplicates`).set(as('supervisor')).expect(200);
    expect(after.body.data.map((c: { caseId: string }) => c.caseId)).not.toContain(other.id);
    await api.http().post(url).set(as('supervisor')).send({ resolution: 'merge' }).expect(409);
  });

  describe('background scan', () => {
    // A database and queue namespace of its own: the scan jobs must reach this suite's worker, not the worker of
    // another suite that shares the run's queues (and may be stopping).
    let on: { api: typeof api; users: typeof users };
    let worker: INestApplicationContext;
    beforeAll(async () => {
      const env = await isolatedEnvironment('dup_scan');
      const [scanApi, scanWorker] = await Promise.all([startTestApi(env), startTestWorker(env)]);
      worker = scanWorker;
      on = { api: scanApi, users: await loginAll(scanApi.http) };
    });
    afterAll(async () => {
      await Promise.all([worker?.close(), on?.api.app.close()]);
    });

    it('alerts both cases when a likely duplicate is registered, once per pair, and clears the alerts when the pair is resolved', async () => {
      const db = on.api.app.get(Database);
      const asUser = (user: keyof typeof users) => ({ authorization: `Bearer ${on.users[user].token}` });
      const dob = uniqueBirthDate();
      const first = await create('worker1', child({ date_of_birth: dob, name_first: 'Bintou', name_last: 'Sissoko', caregiver_name: 'Rokia Sissoko' }), on);
      const second = await create('worker2', child({ date_of_birth: dob, name_first: 'Bintou', name_last: 'Sisoko', caregiver_name: 'Rokia Sissoko' }), on);
      const alertsOf = (caseId: string) => db.query<{ user_id: string; agency_id: string; message: { otherCaseId: string; likelihood: string } }>(
        `SELECT user_id, agency_id, message FROM alerts WHERE kind = 'duplicate' AND case_id = $1`, [caseId],
      );
      await waitUntil(async () => (await alertsOf(first.id)).length > 0 && (await alertsOf(second.id)).length > 0, 20_000, 'duplicate alerts');
      const [onFirst] = await alertsOf(first.id);
      expect(onFirst).toMatchObject({ user_id: on.users.worker1.id, agency_id: 'ministry', message: { otherCaseId: second.id, likelihood: 'likely' } });
      expect(JSON.stringify(onFirst.message)).not.toMatch(/Bintou|Sissoko|Sisoko/);
      const [onSecond] = await alertsOf(second.id);
      expect(onSecond).toMatchObject({ user_id: on.users.worker2.id, message: { otherCaseId: first.id } });

      // An edit rescans (a new job per version) without repeating the alert.
      await on.api.http().patch(`/api/v1/cases/${second.id}`).set(asUser('worker2')).set('if-match', '"1"').send({ data: { name_nickname: 'Bibi' } }).expect(200);
      await waitUntil(async () => {
        const [job] = await db.query(`SELECT enqueued_at FROM outbox WHERE job_id = $1`, [`scan-duplicates-${second.id}-2`]);
        return Boolean(job?.enqueued_at);
      }, 20_000, 'rescan to be enqueued');
      expect(await alertsOf(second.id)).toHaveLength(1);

      await on.api.http().post(`/api/v1/cases/${first.id}/duplicates/${second.id}/resolve`).set(asUser('supervisor')).send({ resolution: 'not_duplicate' }).expect(200);
      const dismissed = await db.query<{ dismissed_at: Date | null }>(`SELECT dismissed_at FROM alerts WHERE kind = 'duplicate' AND case_id = ANY($1::uuid[])`, [[first.id, second.id]]);
      expect(dismissed).toHaveLength(2);
      expect(dismissed.every((r) => r.dismissed_at !== null)).toBe(true);
    });
  });
});
