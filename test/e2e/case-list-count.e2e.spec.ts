import { Pool } from 'pg';
import { loginAll } from '../support/auth-helpers';
import { isolatedEnvironment } from '../support/isolated-database';
import { maliChild } from '../support/mali-child';
import { startTestApi } from '../support/test-app';
import { COUNT_CAP } from '../../libs/cases/src/cases/case-list.service';

describe('list totals', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let users: Awaited<ReturnType<typeof loginAll>>;
  let db: Pool;

  beforeAll(async () => {
    // A database of its own: the copies below must not reach other suites' lists.
    const env = await isolatedEnvironment('list_count');
    api = await startTestApi(env);
    users = await loginAll(api.http);
    db = new Pool({ connectionString: env.DATABASE_URL, max: 1 });
  });
  afterAll(async () => {
    await db.end();
    await api.app.close();
  });

  it('counts exactly up to the cap, then says the total is a lower bound', async () => {
    const auth = { authorization: `Bearer ${users.worker1.token}` };
    const created = await api.http().post('/api/v1/cases').set(auth).send({ data: maliChild() }).expect(201);
    const exact = await api.http().get('/api/v1/cases?per=5').set(auth).expect(200);
    expect(exact.body.meta).toEqual({ total: 1, page: 1, per: 5 });

    // Copies of the case (new ids and short ids) until the list holds one more than the cap.
    await db.query(
      `INSERT INTO cases (id, short_id, module, status, workflow_id, workflow_state, owner_id, agency_id, group_ids, location_code,
         location_path, risk_level, sex, age, protection_concerns, data, form_versions, search_names, search_phonetic, search_identifiers, created_by)
       SELECT gen_random_uuid(), 'c' || lpad(i::text, 6, '0'), module, status, workflow_id, workflow_state, owner_id, agency_id, group_ids,
         location_code, location_path, risk_level, sex, age, protection_concerns, data, form_versions, search_names, search_phonetic,
         search_identifiers, created_by
         FROM cases, generate_series(1, $2::int) AS i WHERE id = $1`,
      [created.body.data.id, COUNT_CAP],
    );
    const capped = await api.http().get('/api/v1/cases?per=5&page=2').set(auth).expect(200);
    expect(capped.body.meta).toEqual({ total: COUNT_CAP, page: 2, per: 5, totalIsLowerBound: true });
    expect(capped.body.data).toHaveLength(5);

    // The same answers by the other ways a total is found: an agency-wide list counts separately, a relevance search
    // (phonetic or not) counts with its page, and a short page is its own total.
    const supervisor = { authorization: `Bearer ${users.supervisor.token}` };
    const wide = await api.http().get('/api/v1/cases?per=5&page=2').set(supervisor).expect(200);
    expect(wide.body.meta).toEqual({ total: COUNT_CAP, page: 2, per: 5, totalIsLowerBound: true });
    const name = `${created.body.data.data.name_first} ${created.body.data.data.name_last}`;
    const other = await api.http().post('/api/v1/cases').set({ authorization: `Bearer ${users.worker1.token}` }).send({ data: maliChild() }).expect(201);
    for (const auth of [supervisor, { authorization: `Bearer ${users.worker1.token}` }]) {
      const phonetic = await api.http().get('/api/v1/cases').query({ q: name, phonetic: 'true', per: 5 }).set(auth).expect(200);
      expect(phonetic.body.meta).toEqual({ total: COUNT_CAP, page: 1, per: 5, totalIsLowerBound: true });
      const short = await api.http().get('/api/v1/cases').query({ q: other.body.data.id }).set(auth).expect(200);
      expect(short.body.meta).toEqual({ total: 1, page: 1, per: 20 });
      const beyond = await api.http().get('/api/v1/cases').query({ q: name, per: 500, page: 3 }).set(auth).expect(200);
      expect(beyond.body.meta).toEqual({ total: COUNT_CAP, page: 3, per: 500, totalIsLowerBound: true });
      expect(beyond.body.data).toHaveLength(1);
      const past = await api.http().get('/api/v1/cases').query({ per: 500, page: 4 }).set(auth).expect(200);
      expect(past.body.meta).toEqual({ total: COUNT_CAP, page: 4, per: 500, totalIsLowerBound: true });
      expect(past.body.data).toHaveLength(0);
    }
  });

  it('counts a case worker\'s own cases exactly and pages them in order', async () => {
    const auth = { authorization: `Bearer ${users.worker2.token}` };
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await api.http().post('/api/v1/cases').set(auth).send({ data: maliChild() }).expect(201)).body.data.id);
    const first = await api.http().get('/api/v1/cases?per=2&sort=-createdAt').set(auth).expect(200);
    expect(first.body.meta).toEqual({ total: 3, page: 1, per: 2 });
    expect(first.body.data.map((c: { id: string }) => c.id)).toEqual([ids[2], ids[1]]);
    const second = await api.http().get('/api/v1/cases?per=2&page=2&sort=-createdAt').set(auth).expect(200);
    expect(second.body.meta).toEqual({ total: 3, page: 2, per: 2 });
    expect(second.body.data.map((c: { id: string }) => c.id)).toEqual([ids[0]]);
  });
});
