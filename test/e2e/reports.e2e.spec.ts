import { CaseStatsRefreshService } from '@tutela/cases';
import { Database } from '@tutela/persistence';
import { randomUUID } from 'node:crypto';
import { loginAll } from '../support/auth-helpers';
import { startTestApi } from '../support/test-app';

/** Every case of this suite lives in one cercle no other suite uses, so counts can be checked against SQL. */
const LOCATION = 'ML0102';
const LOCATION_PATH = 'ML.ML01.ML0102';

function child(overrides: Record<string, unknown> = {}) {
  return {
    registration_date: '2026-10-01',
    consent_for_services: true,
    consent_source: 'parent_caregiver',
    name_first: 'Awa',
    name_last: `Diarra-${randomUUID().slice(0, 6)}`,
    sex: 'female',
    date_of_birth: '2013-02-01',
    location_current: LOCATION,
    ...overrides,
  };
}

describe('dashboards and aggregates', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let users: Awaited<ReturnType<typeof loginAll>>;
  let db: Database;
  const as = (user: keyof typeof users) => ({ authorization: `Bearer ${users[user].token}` });
  const aggregate = (user: keyof typeof users, query: Record<string, string>) =>
    api.http().get('/api/v1/reports/cases/aggregate').query({ location: LOCATION, ...query }).set(as(user));
  const ids: string[] = [];

  beforeAll(async () => {
    api = await startTestApi();
    users = await loginAll(api.http);
    db = api.app.get(Database);
    // Age groups: 12-17 ×6 (worker1 ×4, worker2 ×2), 6-11 ×5 (worker1), 0-5 ×2 (worker1, male).
    const plan: Array<[keyof typeof users, Record<string, unknown>]> = [
      ...Array.from({ length: 4 }, () => ['worker1', {}] as [keyof typeof users, Record<string, unknown>]),
      ...Array.from({ length: 2 }, () => ['worker2', { sex: 'male' }] as [keyof typeof users, Record<string, unknown>]),
      ...Array.from({ length: 5 }, () => ['worker1', { date_of_birth: '2018-03-01' }] as [keyof typeof users, Record<string, unknown>]),
      ...Array.from({ length: 2 }, () => ['worker1', { date_of_birth: '2023-01-01', sex: 'male' }] as [keyof typeof users, Record<string, unknown>]),
    ];
    for (const [user, overrides] of plan) {
      const res = await api.http().post('/api/v1/cases').set(as(user)).send({ data: child(overrides) });
      if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
      ids.push(res.body.data.id);
    }
    // Scope-wide roles (analyst, supervisor) are answered from the precomputed cells: bring them up to date.
    await api.app.get(CaseStatsRefreshService).refresh();
  });
  afterAll(async () => {
    await api.app.close();
  });

  async function direct(sql: string, params: unknown[] = []): Promise<Record<string, number>> {
    const rows = await db.query<{ k: string | null; n: number }>(sql, params);
    return Object.fromEntries(rows.map((r) => [String(r.k), Number(r.n)]));
  }
  const asMap = (rows: Array<Record<string, unknown>>, dim: string) => Object.fromEntries(rows.map((r) => [String(r[dim]), r.count]));

  it('gives a supervisor exact counts within the agency, equal to a direct count', async () => {
    const res = await aggregate('supervisor', { groupBy: 'ageGroup' }).expect(200);
    const expected = await direct(
      `SELECT CASE WHEN age < 6 THEN '0-5' WHEN age < 12 THEN '6-11' WHEN age < 18 THEN '12-17' ELSE '18+' END AS k, count(*)::int AS n
         FROM cases WHERE location_path <@ $1::ltree AND agency_id = 'ministry' AND NOT disabled GROUP BY 1`,
      [LOCATION_PATH],
    );
    expect(asMap(res.body.data.rows, 'ageGroup')).toEqual(expected);
    expect(expected).toEqual({ '12-17': 6, '6-11': 5, '0-5': 2 });
    expect(res.body.data).toMatchObject({ total: 13, suppressionThreshold: null, asOf: expect.any(String) });
  });

  it('limits a case worker to their own cases', async () => {
    const res = await aggregate('worker2', { groupBy: 'sex' }).expect(200);
    expect(asMap(res.body.data.rows, 'sex')).toEqual({ male: 2 });
    // Own scope: a few cases, counted live (always current).
    expect(res.body.data.asOf).toBeNull();
  });

  it('suppresses small cells for the statistics-only analyst, with a complementary cell so totals cannot reveal them', async () => {
    const res = await aggregate('analyst', { groupBy: 'ageGroup' }).expect(200);
    expect(res.body.data.suppressionThreshold).toBe(5);
    const rows = Object.fromEntries(res.body.data.rows.map((r: Record<string, unknown>) => [r.ageGroup, r]));
    expect(rows['12-17']).toEqual({ ageGroup: '12-17', count: 6 });
    expect(rows['0-5']).toEqual({ ageGroup: '0-5', count: null, suppressed: true });
    expect(rows['6-11']).toEqual({ ageGroup: '6-11', count: null, suppressed: true });
    expect(res.body.data.total).toBe(13);
    const tiny = await aggregate('analyst', { groupBy: '', sex: 'male', ownerId: users.worker2.id }).expect(200);
    expect(tiny.body.data.total).toBeNull();
  });

  it('never shows worker ids or names to the analyst; a supervisor sees them', async () => {
    const analyst = await aggregate('analyst', { groupBy: 'worker' }).expect(200);
    const text = JSON.stringify(analyst.body);
    expect(text).not.toContain(users.worker1.id);
    expect(text).not.toContain(users.worker2.id);
    expect(analyst.body.data.rows.map((r: Record<string, unknown>) => r.worker).sort()).toEqual(['worker 1', 'worker 2']);
    // 11 and 2: the small cell is hidden, and so is its complement (else 13 - 11 would reveal it).
    expect(analyst.body.data.rows).toEqual([
      { worker: 'worker 1', count: null, suppressed: true },
      { worker: 'worker 2', count: null, suppressed: true },
    ]);
    expect(analyst.body.data.total).toBe(13);
    const supervisor = await aggregate('supervisor', { groupBy: 'worker' }).expect(200);
    const byId = Object.fromEntries(supervisor.body.data.rows.map((r: Record<string, unknown>) => [r.worker, r]));
    expect(byId[users.worker1.id]).toMatchObject({ count: 11, workerName: expect.any(String) });
    expect(byId[users.worker2.id]).toMatchObject({ count: 2 });
  });

  it('groups by location at a chosen admin level and by month', async () => {
    const region = await aggregate('supervisor', { groupBy: 'location', level: '1' }).expect(200);
    expect(region.body.data.rows).toEqual([{ location: 'ML01', count: 13 }]);
    const cercle = await aggregate('supervisor', { groupBy: 'location,sex', level: '2' }).expect(200);
    expect(cercle.body.data.rows).toEqual(expect.arrayContaining([{ location: LOCATION, sex: 'female', count: 9 }, { location: LOCATION, sex: 'male', count: 4 }]));
    const month = await aggregate('supervisor', { groupBy: 'createdMonth' }).expect(200);
    const expected = await direct(
      `SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM') AS k, count(*)::int AS n FROM cases WHERE location_path <@ $1::ltree AND NOT disabled GROUP BY 1`,
      [LOCATION_PATH],
    );
    expect(asMap(month.body.data.rows, 'createdMonth')).toEqual(expected);
  });

  it('counts overdue tasks and pending approvals of visible cases', async () => {
    for (const id of ids.slice(0, 3)) {
      await db.query(`INSERT INTO workflow_timers (id, case_id, timer, state, due_at) VALUES ($1, $2, 'assessment_due', 'registration', now() - interval '2 days')`, [randomUUID(), id]);
    }
    await db.query(`INSERT INTO workflow_timers (id, case_id, timer, state, due_at) VALUES ($1, $2, 'assessment_due', 'registration', now() + interval '2 days')`, [randomUUID(), ids[3]]);
    await db.query(`INSERT INTO approvals (id, case_id, type, status, requested_by) VALUES ($1, $2, 'case_plan', 'pending', $3)`, [randomUUID(), ids[4], users.worker2.id]);
    // The supervisor's agency part is answered from the workflow cells, as of the last refresh: bring them up to date.
    await api.app.get(CaseStatsRefreshService).refresh();
    const overdue = await aggregate('supervisor', { metric: 'overdueTasks', groupBy: 'timer' }).expect(200);
    expect(overdue.body.data.rows).toEqual([{ timer: 'assessment_due', count: 3 }]);
    expect(overdue.body.data.asOf).toEqual(expect.any(String));
    const mine = await aggregate('worker2', { metric: 'overdueTasks', groupBy: 'timer' }).expect(200);
    expect(mine.body.data.rows).toEqual([]);
    const approvals = await aggregate('supervisor', { metric: 'pendingApprovals', groupBy: 'approvalType' }).expect(200);
    expect(approvals.body.data.rows).toEqual([{ approvalType: 'case_plan', count: 1 }]);
  });

  it('refuses roles without view_stats, unknown dimensions and search parameters', async () => {
    await aggregate('admin', { groupBy: 'sex' }).expect(403);
    const bad = await aggregate('supervisor', { groupBy: 'shoeSize' }).expect(400);
    expect(bad.body.error.details[0].path).toBe('/query/groupBy');
    const search = await aggregate('analyst', { groupBy: 'sex', q: 'Awa' }).expect(400);
    expect(search.body.error.details[0].path).toBe('/query/q');
    const level = await aggregate('analyst', { groupBy: 'location', level: '99' }).expect(400);
    expect(level.body.error.details[0].path).toBe('/query/level');
    const wrongMetric = await aggregate('supervisor', { metric: 'cases', groupBy: 'timer' }).expect(400);
    expect(wrongMetric.body.error.details[0].path).toBe('/query/groupBy');
  });

  it('lists the dashboards a role may see and computes them within its scope', async () => {
    const analystList = await api.http().get('/api/v1/dashboards').set(as('analyst')).expect(200);
    expect(analystList.body.data.map((d: { id: string }) => d.id)).toEqual(['case_overview', 'action_needed']);
    await api.http().get('/api/v1/dashboards/team_workload').set(as('analyst')).expect(404);
    await api.http().get('/api/v1/dashboards/nope').set(as('supervisor')).expect(404);
    await api.http().get('/api/v1/dashboards').set(as('admin')).expect(403);
    const team = await api.http().get('/api/v1/dashboards/team_workload').set(as('supervisor')).expect(200);
    expect(team.body.data.widgets.map((w: { id: string }) => w.id)).toEqual(['open_by_worker', 'overdue_by_worker', 'approvals_by_worker']);
    const overview = await api.http().get('/api/v1/dashboards/case_overview').set(as('analyst')).expect(200);
    const bySex = overview.body.data.widgets.find((w: { id: string }) => w.id === 'by_sex_age');
    expect(bySex).toMatchObject({ metric: 'cases', groupBy: ['sex', 'ageGroup'], suppressionThreshold: 5 });
    for (const row of bySex.rows) expect(row.count === null || row.count >= 5).toBe(true);
  });

  describe('precomputed statistics', () => {
    // Locations no other suite uses, so suites running in parallel cannot change these counts.
    const CERCLE = 'ML0103';
    const CERCLE_PATH = 'ML.ML01.ML0103';
    const OUTSIDE_REGION = 'ML0403';
    const UNTOUCHED = 'ML0204';
    const coordinatorPassword = 'Kayes-Region-2026!x';
    let coordinator: { token: string; id: string };
    let statistics: CaseStatsRefreshService;
    const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
    const count = (token: string, query: Record<string, string>) =>
      api.http().get('/api/v1/reports/cases/aggregate').query({ location: CERCLE, ...query }).set(bearer(token)).expect(200);

    /** The scope of each role written out by hand, independently of the access translator. */
    const scopes = {
      analyst: () => ({ sql: 'TRUE', params: [] as unknown[] }),
      supervisor: () => ({ sql: `module = 'cp' AND (owner_id = $1 OR assigned_user_ids @> ARRAY[$1]::uuid[] OR agency_id = 'ministry')`, params: [users.supervisor.id] }),
      coordinator: () => ({ sql: `module = 'cp' AND (owner_id = $1 OR assigned_user_ids @> ARRAY[$1]::uuid[] OR location_path <@ 'ML.ML01')`, params: [coordinator.id] }),
    };
    const KEYS: Record<string, string> = {
      workflowState: 'workflow_state',
      sexAge: `coalesce(sex, '∅') || '|' || CASE WHEN age IS NULL THEN '∅' WHEN age < 6 THEN '0-5' WHEN age < 12 THEN '6-11' WHEN age < 18 THEN '12-17' ELSE '18+' END`,
      cercle: `ltree2text(subpath(location_path, least(nlevel(location_path), 3) - 1, 1))`,
      createdMonth: `to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM')`,
    };
    async function directCount(scope: keyof typeof scopes, key: string): Promise<Record<string, number>> {
      const { sql, params } = scopes[scope]();
      const from = key === 'concern' ? 'cases CROSS JOIN LATERAL unnest(protection_concerns) AS pc(k)' : 'cases';
      const expression = key === 'concern' ? 'pc.k' : KEYS[key];
      const inCercle = `location_path <@ $${params.length + 1}::ltree`;
      return direct(`SELECT ${expression} AS k, count(*)::int AS n FROM ${from} WHERE NOT disabled AND ${inCercle} AND ${sql} GROUP BY 1`, [...params, CERCLE_PATH]);
    }
    const tokenOf = (scope: keyof typeof scopes) => (scope === 'coordinator' ? coordinator.token : users[scope].token);
    const keyed = (rows: Array<Record<string, unknown>>, key: (row: Record<string, unknown>) => string) => Object.fromEntries(rows.map((r) => [key(r), r.count]));

    beforeAll(async () => {
      statistics = api.app.get(CaseStatsRefreshService);
      const account = { username: `coordinator_${randomUUID().slice(0, 6)}`, fullName: 'Coordinatrice Kayes', roleId: 'regional_coordinator', agencyId: 'ministry', groupIds: [], locationCode: 'ML01', locale: 'fr', password: coordinatorPassword };
      const created = await api.http().post('/api/v1/admin/users').set(as('admin')).send(account).expect(201);
      const session = await api.http().post('/api/v1/auth/login').send({ username: account.username, password: coordinatorPassword }).expect(200);
      coordinator = { token: session.body.data.accessToken, id: created.body.data.id };
      // A partner agency's cases in the coordinator's region, one of them assigned to the supervisor (outside the
      // supervisor's agency: the part counted live), and ministry cases elsewhere with protection concerns.
      const plan: Array<[keyof typeof users, Record<string, unknown>]> = [
        ['worker1', { location_current: CERCLE, protection_concerns: ['separated', 'orphan'], risk_level: 'low' }],
        ['worker1', { location_current: CERCLE, sex: 'male' }],
        ['worker1', { location_current: CERCLE, protection_concerns: ['separated'], risk_level: 'low' }],
        ['worker2', { location_current: CERCLE, date_of_birth: '2010-05-05' }],
        ['worker1', { location_current: OUTSIDE_REGION }],
      ];
      const added: string[] = [];
      for (const [user, overrides] of plan) {
        const res = await api.http().post('/api/v1/cases').set(as(user)).send({ data: child(overrides) });
        if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.body)}`);
        added.push(res.body.data.id);
      }
      // Partner case workers do not register cases: the first two become the partner agency's (as after a transfer).
      await db.query(`UPDATE cases SET agency_id = 'ngo_partner', owner_id = $2, group_ids = '{}' WHERE id = ANY($1::uuid[])`, [added.slice(0, 2), users.ngo_worker.id]);
      await db.query(`UPDATE cases SET assigned_user_ids = array_append(assigned_user_ids, $2::uuid) WHERE id = $1`, [added[0], users.supervisor.id]);
      await statistics.refresh();
    });

    it.each(['supervisor', 'coordinator', 'analyst'] as const)('answers the %s from the cells, equal to a direct count of the scope', async (scope) => {
      const token = tokenOf(scope);
      const exact = scope !== 'analyst';
      const check = (rows: Array<Record<string, unknown>>, expected: Record<string, number>, key: (row: Record<string, unknown>) => string) => {
        const got = keyed(rows, key);
        expect(Object.keys(got).sort()).toEqual(Object.keys(expected).sort());
        // The analyst's small cells are hidden (with their complements); every count shown is exact.
        for (const [k, n] of Object.entries(got)) expect(n === null ? !exact : n === expected[k]).toBe(true);
      };
      const state = await count(token, { groupBy: 'workflowState' });
      expect(state.body.data.asOf).toEqual(expect.any(String));
      check(state.body.data.rows, await directCount(scope, 'workflowState'), (r) => String(r.workflowState));
      const sexAge = await count(token, { groupBy: 'sex,ageGroup' });
      check(sexAge.body.data.rows, await directCount(scope, 'sexAge'), (r) => `${r.sex ?? '∅'}|${r.ageGroup ?? '∅'}`);
      const cercle = await count(token, { groupBy: 'location', level: '2' });
      check(cercle.body.data.rows, await directCount(scope, 'cercle'), (r) => String(r.location));
      const month = await count(token, { groupBy: 'createdMonth' });
      check(month.body.data.rows, await directCount(scope, 'createdMonth'), (r) => String(r.createdMonth));
      const concern = await count(token, { groupBy: 'protectionConcern' });
      check(concern.body.data.rows, await directCount(scope, 'concern'), (r) => String(r.protectionConcern));
      const { sql, params } = scopes[scope]();
      const [{ n: total }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases WHERE NOT disabled AND location_path <@ $${params.length + 1}::ltree AND ${sql}`, [...params, CERCLE_PATH]);
      expect(concern.body.data.total).toBe(exact || total >= 5 ? total : null);
    });

    it('counts the case assigned to the supervisor in another agency once, live, and nothing outside each scope', async () => {
      const supervisor = await count(users.supervisor.token, { groupBy: 'agency' });
      expect(asMap(supervisor.body.data.rows, 'agency')).toEqual({ ministry: 2, ngo_partner: 1 });
      const coordinatorView = await count(coordinator.token, { groupBy: 'agency' });
      expect(asMap(coordinatorView.body.data.rows, 'agency')).toEqual({ ministry: 2, ngo_partner: 2 });
      const outside = await count(coordinator.token, { groupBy: 'sex', location: OUTSIDE_REGION });
      expect(outside.body.data).toMatchObject({ rows: [], total: 0 });
      const outsideForSupervisor = await count(users.supervisor.token, { groupBy: 'sex', location: OUTSIDE_REGION });
      expect(outsideForSupervisor.body.data.total).toBe(1);
    });

    it('applies the workload filter (open cases per worker) from the cells', async () => {
      const res = await count(users.supervisor.token, { groupBy: 'worker', status: 'open' });
      expect(res.body.data.asOf).toEqual(expect.any(String));
      const expected = await direct(
        `SELECT owner_id::text AS k, count(*)::int AS n FROM cases WHERE NOT disabled AND status = 'open' AND location_path <@ $2::ltree AND ${scopes.supervisor().sql} GROUP BY 1`,
        [users.supervisor.id, CERCLE_PATH],
      );
      expect(asMap(res.body.data.rows, 'worker')).toEqual(expected);
    });

    it('counts open cases per worker agency-wide (no location named) from the cells with locations merged', async () => {
      // A case owned by a user only this suite has: suites running alongside cannot move its worker's count.
      const [outside] = await db.query<{ id: string }>(`SELECT id FROM cases WHERE location_path <@ 'ML.ML04.ML0403' AND agency_id = 'ministry'`);
      await db.query(`UPDATE cases SET owner_id = $2 WHERE id = $1`, [outside.id, coordinator.id]);
      await statistics.refresh();
      const workload = await api.http().get('/api/v1/reports/cases/aggregate').query({ groupBy: 'worker', status: 'open' }).set(as('supervisor')).expect(200);
      expect(workload.body.data.asOf).toEqual(expect.any(String));
      expect(workload.body.data.rows.filter((row: Record<string, unknown>) => row.worker === coordinator.id)).toEqual([
        { worker: coordinator.id, count: 1, workerName: 'Coordinatrice Kayes' },
      ]);
    });

    it('shows writes after the next refresh: creations, changes and disabled cases', async () => {
      const before = await count(users.supervisor.token, { groupBy: 'sex', location: UNTOUCHED });
      expect(before.body.data.total).toBe(0);
      const res = await api.http().post('/api/v1/cases').set(as('worker1')).send({ data: child({ location_current: UNTOUCHED }) }).expect(201);
      await statistics.refresh();
      const created = await count(users.supervisor.token, { groupBy: 'sex', location: UNTOUCHED });
      expect(created.body.data.rows).toEqual([{ sex: 'female', count: 1 }]);
      await db.query(`UPDATE cases SET sex = 'male' WHERE id = $1`, [res.body.data.id]);
      await statistics.refresh();
      const changed = await count(users.supervisor.token, { groupBy: 'sex', location: UNTOUCHED });
      expect(changed.body.data.rows).toEqual([{ sex: 'male', count: 1 }]);
      await db.query(`UPDATE cases SET disabled = true WHERE id = $1`, [res.body.data.id]);
      await statistics.refresh();
      const disabled = await count(users.supervisor.token, { groupBy: 'sex', location: UNTOUCHED });
      expect(disabled.body.data).toMatchObject({ rows: [], total: 0 });
    });

    it('still suppresses small cells for the analyst when answering from the cells', async () => {
      const res = await count(users.analyst.token, { groupBy: 'sex', location: OUTSIDE_REGION });
      expect(res.body.data).toMatchObject({ suppressionThreshold: 5, asOf: expect.any(String), total: null });
      for (const row of res.body.data.rows) expect(row).toMatchObject({ count: null, suppressed: true });
      const dashboard = await api.http().get('/api/v1/dashboards/case_overview').set(as('analyst')).expect(200);
      for (const widget of dashboard.body.data.widgets) {
        expect(widget.asOf).toEqual(expect.any(String));
        for (const row of widget.rows) expect(row.count === null || row.count >= 5).toBe(true);
      }
    });
  });
});
