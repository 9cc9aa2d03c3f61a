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
  });
});
