import { randomUUID } from 'node:crypto';
import { Database } from '@tutela/persistence';
import request from 'supertest';
import { DEMO_USERS, DemoUser, loginAll } from '../support/auth-helpers';
import { startTestApi } from '../support/test-app';

/**
 * Every route of the API × every demo role and case relation, with the exact status each cell must answer.
 *
 * Columns: an anonymous caller, then the demo users. Case targets (created fresh where the call changes the case):
 * - own: registered by worker1 (ministry, Bamako team): worker1 owns it, worker2 is a colleague of the same agency
 *   outside its own scope, the supervisor sees the agency, ngo_worker is in another agency;
 * - referred: the same, plus an accepted referral to the partner NGO (shared_agency_ids + a case_transfers row);
 * - partner: owned by ngo_worker in the partner agency, outside the ministry's scope.
 * Expected statuses are written in column order; adding a route is one line in ROWS, and a test fails when a route
 * of the OpenAPI document has no row.
 */
const COLUMNS = ['anonymous', ...DEMO_USERS] as const;
type Target = 'own' | 'referred' | 'partner' | 'none';
type Http = () => ReturnType<typeof request>;

interface Fixture {
  caseId: string;
}

interface Row {
  route: string;
  target: Target;
  /** The call mutates the case: every cell gets its own fresh case. */
  fresh?: boolean;
  call: (http: Http, f: Fixture) => request.Test;
  expect: string;
}

const CHILD = {
  registration_date: '2026-10-01', consent_for_services: true, consent_source: 'parent_caregiver', name_first: 'Mariam', name_last: 'Koné',
  sex: 'female', date_of_birth: '2015-03-02', location_current: 'ML0901', address_current: 'Rue 12, Hippodrome', has_disability: true, disability_type: 'physical',
};
const FOLLOW_UP = { data: { follow_ups: [{ followup_type: 'home_visit' }] } };
const uuid = randomUUID();
const get = (path: string) => (http: Http, f: Fixture) => http().get(`/api/v1${path.replace(':id', f.caseId)}`);
const send = (method: 'post' | 'patch' | 'put' | 'delete', path: string, body?: object, headers: Record<string, string> = {}) =>
  (http: Http, f: Fixture) => {
    const req = http()[method](`/api/v1${path.replace(':id', f.caseId)}`).set(headers);
    return body === undefined ? req : req.send(body);
  };
const role = { id: 'matrix_role', name: { en: 'Matrix', fr: 'Matrice' }, scope: 'own', permissions: { case: ['read'] }, forms: { '*': 'read' } };
const agency = { id: 'matrix_agency', name: { en: 'Matrix', fr: 'Matrice' } };
const group = { id: 'matrix_group', name: { en: 'Matrix', fr: 'Matrice' }, agencyIds: ['ministry'] };
const reason = { reason: 'Emergency: the child was reported missing tonight' };

//                                                                                                         anon adm  sup  w1   w2   ngo  analyst
const ROWS: Row[] = [
  { route: 'GET /health/live', target: 'none', call: get('/health/live'), expect: '200 200 200 200 200 200 200' },
  { route: 'GET /health/ready', target: 'none', call: get('/health/ready'), expect: '200 200 200 200 200 200 200' },
  { route: 'GET /metrics', target: 'none', call: get('/metrics'), expect: '200 200 200 200 200 200 200' },
  // A separate client address and an unknown user keep these attempts out of the shared login budgets.
  { route: 'POST /auth/login (unknown user)', target: 'none', call: send('post', '/auth/login', { username: 'matrix_nobody', password: 'Wrong-Passw0rd!' }, { 'x-forwarded-for': '198.51.100.77' }), expect: '401 401 401 401 401 401 401' },
  { route: 'POST /auth/refresh (invalid token)', target: 'none', call: send('post', '/auth/refresh', { refreshToken: 'x' }), expect: '401 401 401 401 401 401 401' },
  { route: 'GET /me', target: 'none', call: get('/me'), expect: '401 200 200 200 200 200 200' },

  { route: 'POST /cases', target: 'none', call: send('post', '/cases', { data: CHILD }), expect: '401 403 201 201 201 403 403' },
  { route: 'GET /cases', target: 'none', call: get('/cases'), expect: '401 403 200 200 200 200 403' },
  { route: 'GET /cases/:id', target: 'own', call: get('/cases/:id'), expect: '401 404 200 200 404 404 404' },
  { route: 'GET /cases/:id', target: 'referred', call: get('/cases/:id'), expect: '401 404 200 200 404 200 404' },
  { route: 'GET /cases/:id', target: 'partner', call: get('/cases/:id'), expect: '401 404 404 404 404 200 404' },
  { route: 'GET /cases/:id (missing)', target: 'none', call: get(`/cases/${uuid}`), expect: '401 404 404 404 404 404 404' },
  { route: 'PATCH /cases/:id', target: 'own', fresh: true, call: send('patch', '/cases/:id', { data: { name_nickname: 'Mimi' } }, { 'if-match': '"1"' }), expect: '401 404 200 200 404 404 404' },
  { route: 'PATCH /cases/:id (follow-up)', target: 'referred', fresh: true, call: send('patch', '/cases/:id', FOLLOW_UP, { 'if-match': '"1"' }), expect: '401 404 200 200 404 200 404' },
  { route: 'PATCH /cases/:id (identity)', target: 'partner', fresh: true, call: send('patch', '/cases/:id', { data: { name_nickname: 'Mimi' } }, { 'if-match': '"1"' }), expect: '401 404 404 404 404 403 404' },
  { route: 'PATCH /cases/:id (follow-up)', target: 'partner', fresh: true, call: send('patch', '/cases/:id', FOLLOW_UP, { 'if-match': '"1"' }), expect: '401 404 404 404 404 200 404' },
  { route: 'DELETE /cases/:id', target: 'own', fresh: true, call: send('delete', '/cases/:id'), expect: '401 404 204 403 404 404 404' },
  { route: 'DELETE /cases/:id', target: 'referred', fresh: true, call: send('delete', '/cases/:id'), expect: '401 404 204 403 404 403 404' },
  { route: 'GET /cases/:id/history', target: 'own', call: get('/cases/:id/history'), expect: '401 404 200 200 404 404 404' },
  { route: 'GET /cases/:id/history', target: 'referred', call: get('/cases/:id/history'), expect: '401 404 200 200 404 200 404' },
  { route: 'POST /cases/:id/notes', target: 'own', call: send('post', '/cases/:id/notes', { body: 'Home visit done' }), expect: '401 404 201 201 404 404 404' },
  { route: 'POST /cases/:id/notes', target: 'referred', call: send('post', '/cases/:id/notes', { body: 'Home visit done' }), expect: '401 404 201 201 404 201 404' },
  { route: 'GET /cases/:id/notes', target: 'referred', call: get('/cases/:id/notes'), expect: '401 404 200 200 404 200 404' },
  { route: 'POST /cases/:id/flags', target: 'own', call: send('post', '/cases/:id/flags', { reason: 'Urgent' }), expect: '401 404 201 201 404 404 404' },
  { route: 'POST /cases/:id/flags', target: 'partner', call: send('post', '/cases/:id/flags', { reason: 'Urgent' }), expect: '401 404 404 404 404 201 404' },
  { route: 'GET /cases/:id/flags', target: 'own', call: get('/cases/:id/flags'), expect: '401 404 200 200 404 404 404' },
  { route: 'PATCH /cases/:id/flags/:missing', target: 'own', call: send('patch', `/cases/:id/flags/${uuid}`, { reason: 'Done' }), expect: '401 404 404 404 404 404 404' },
  { route: 'POST /cases/:id/break-glass', target: 'partner', fresh: true, call: send('post', '/cases/:id/break-glass', reason), expect: '401 403 201 403 403 403 403' },
  { route: 'POST /cases/:id/break-glass (missing)', target: 'none', call: send('post', `/cases/${uuid}/break-glass`, reason), expect: '401 403 404 403 403 403 403' },

  { route: 'GET /cases/:id/transitions', target: 'own', call: get('/cases/:id/transitions'), expect: '401 404 200 200 404 404 404' },
  { route: 'GET /cases/:id/transitions', target: 'referred', call: get('/cases/:id/transitions'), expect: '401 404 200 200 404 200 404' },
  { route: 'POST /cases/:id/transitions (wrong state)', target: 'own', call: send('post', '/cases/:id/transitions', { transition: 'complete_assessment' }), expect: '401 404 409 409 404 404 404' },
  { route: 'POST /cases/:id/transitions', target: 'referred', fresh: true, call: send('post', '/cases/:id/transitions', { transition: 'start_assessment' }), expect: '401 404 202 202 404 202 404' },
  { route: 'POST /cases/:id/approvals (not yet requestable)', target: 'referred', call: send('post', '/cases/:id/approvals', { type: 'case_plan' }), expect: '401 404 409 409 404 403 404' },
  { route: 'GET /cases/:id/transitions/:missing', target: 'own', call: get(`/cases/:id/transitions/${uuid}`), expect: '401 404 404 404 404 404 404' },
  { route: 'GET /cases/:id/approvals', target: 'own', call: get('/cases/:id/approvals'), expect: '401 404 200 200 404 404 404' },
  { route: 'GET /cases/:id/approvals', target: 'referred', call: get('/cases/:id/approvals'), expect: '401 404 200 200 404 200 404' },
  { route: 'PATCH /cases/:id/approvals/:missing', target: 'own', call: send('patch', `/cases/:id/approvals/${uuid}`, { decision: 'approved' }), expect: '401 404 404 404 404 404 404' },
  { route: 'GET /cases/:id/referrals', target: 'own', call: get('/cases/:id/referrals'), expect: '401 404 200 200 404 404 404' },
  { route: 'GET /cases/:id/referrals', target: 'referred', call: get('/cases/:id/referrals'), expect: '401 404 200 200 404 200 404' },
  { route: 'POST /cases/:id/referrals', target: 'own', fresh: true, call: send('post', '/cases/:id/referrals', { toAgencyId: 'ngo_partner', service: 'psychosocial_support' }), expect: '401 404 201 201 404 404 404' },
  { route: 'POST /cases/:id/referrals', target: 'partner', fresh: true, call: send('post', '/cases/:id/referrals', { toAgencyId: 'ministry', service: 'psychosocial_support' }), expect: '401 404 404 404 404 403 404' },
  { route: 'PATCH /cases/:id/referrals/:missing', target: 'referred', call: send('patch', `/cases/:id/referrals/${uuid}`, { status: 'accepted' }), expect: '401 404 404 404 404 404 404' },
  { route: 'DELETE /cases/:id/referrals/:missing', target: 'own', call: send('delete', `/cases/:id/referrals/${uuid}`), expect: '401 404 404 404 404 404 404' },
  { route: 'GET /cases/:id/transfers', target: 'own', call: get('/cases/:id/transfers'), expect: '401 404 200 200 404 404 404' },
  { route: 'POST /cases/:id/transfers (unknown recipient)', target: 'own', call: send('post', '/cases/:id/transfers', { toUserId: uuid }), expect: '401 404 422 422 404 404 404' },
  { route: 'PATCH /cases/:id/transfers/:missing', target: 'own', call: send('patch', `/cases/:id/transfers/${uuid}`, { status: 'accepted' }), expect: '401 404 404 404 404 404 404' },
  { route: 'DELETE /cases/:id/transfers/:missing', target: 'own', call: send('delete', `/cases/:id/transfers/${uuid}`), expect: '401 404 404 404 404 404 404' },
  { route: 'POST /cases/:id/assign (unknown user)', target: 'own', call: send('post', '/cases/:id/assign', { userId: uuid }), expect: '401 404 422 403 404 404 404' },
  { route: 'GET /tasks', target: 'none', call: get('/tasks'), expect: '401 200 200 200 200 200 200' },


  { route: 'POST /cases/duplicates/check', target: 'none', call: send('post', '/cases/duplicates/check', { data: CHILD }), expect: '401 403 200 200 200 200 403' },
  { route: 'GET /cases/:id/duplicates', target: 'own', call: get('/cases/:id/duplicates'), expect: '401 404 200 200 404 404 404' },
  { route: 'GET /cases/:id/duplicates', target: 'referred', call: get('/cases/:id/duplicates'), expect: '401 404 200 200 404 200 404' },
  { route: 'POST /cases/:id/duplicates/:missing/resolve', target: 'own', call: send('post', `/cases/:id/duplicates/${uuid}/resolve`, { resolution: 'not_duplicate' }), expect: '401 404 404 404 404 404 404' },
  { route: 'GET /sync/cases', target: 'none', call: get('/sync/cases'), expect: '401 403 200 200 200 200 403' },
  // Push answers per item (here: not_found), so a role without case access gets 200 with nothing applied.
  { route: 'POST /sync/cases', target: 'none', call: send('post', '/sync/cases', { changes: [{ id: uuid, baseVersion: 1, data: { name_nickname: 'X' } }] }), expect: '401 200 200 200 200 200 200' },
  { route: 'GET /dashboards', target: 'none', call: get('/dashboards'), expect: '401 403 200 200 200 200 200' },
  { route: 'GET /dashboards/:missing', target: 'none', call: get('/dashboards/no_such_dashboard'), expect: '401 403 404 404 404 404 404' },
  { route: 'GET /reports/cases/aggregate', target: 'none', call: get('/reports/cases/aggregate?groupBy=status'), expect: '401 403 200 200 200 200 200' },
  { route: 'POST /exports', target: 'none', call: send('post', '/exports', { format: 'csv' }), expect: '401 403 202 403 403 403 403' },
  { route: 'GET /exports/:missing', target: 'none', call: get(`/exports/${uuid}`), expect: '401 404 404 404 404 404 404' },
  { route: 'GET /exports/:missing/file', target: 'none', call: get(`/exports/${uuid}/file`), expect: '401 404 404 404 404 404 404' },
  // Bulk import needs the `import` capability (and `create`): in the Mali pack only the supervisor holds it.
  { route: 'POST /imports', target: 'none', call: send('post', '/imports', { format: 'ndjson', content: Buffer.from(JSON.stringify(CHILD)).toString('base64') }), expect: '401 403 202 403 403 403 403' },
  { route: 'GET /imports/:missing', target: 'none', call: get(`/imports/${uuid}`), expect: '401 404 404 404 404 404 404' },
  { route: 'GET /admin/users', target: 'none', call: get('/admin/users'), expect: '401 200 403 403 403 403 403' },
  { route: 'POST /admin/users (invalid)', target: 'none', call: send('post', '/admin/users', { username: 'matrix' }), expect: '401 422 422 422 422 422 422' },
  { route: 'POST /admin/users (valid, taken)', target: 'none', call: send('post', '/admin/users', { username: 'worker2', fullName: 'X', roleId: 'caseworker', agencyId: 'ministry', password: 'Matrix-Passw0rd!' }), expect: '401 409 403 403 403 403 403' },
  { route: 'GET /admin/users/:missing', target: 'none', call: get(`/admin/users/${uuid}`), expect: '401 404 403 403 403 403 403' },
  { route: 'PATCH /admin/users/:missing', target: 'none', call: send('patch', `/admin/users/${uuid}`, { fullName: 'X' }), expect: '401 404 403 403 403 403 403' },
  { route: 'POST /admin/users/:missing/password', target: 'none', call: send('post', `/admin/users/${uuid}/password`, { password: 'Matrix-Passw0rd!' }), expect: '401 404 403 403 403 403 403' },
  { route: 'DELETE /admin/users/:missing', target: 'none', call: send('delete', `/admin/users/${uuid}`), expect: '401 404 403 403 403 403 403' },
  { route: 'GET /admin/roles', target: 'none', call: get('/admin/roles'), expect: '401 200 403 403 403 403 403' },
  { route: 'GET /admin/roles/caseworker', target: 'none', call: get('/admin/roles/caseworker'), expect: '401 200 403 403 403 403 403' },
  { route: 'POST /admin/roles (existing)', target: 'none', call: send('post', '/admin/roles', { ...role, id: 'caseworker' }), expect: '401 409 403 403 403 403 403' },
  { route: 'PUT /admin/roles/:missing', target: 'none', call: send('put', '/admin/roles/matrix_missing', { ...role, id: 'matrix_missing' }), expect: '401 404 403 403 403 403 403' },
  { route: 'GET /admin/agencies', target: 'none', call: get('/admin/agencies'), expect: '401 200 403 403 403 403 403' },
  { route: 'GET /admin/agencies/ministry', target: 'none', call: get('/admin/agencies/ministry'), expect: '401 200 403 403 403 403 403' },
  { route: 'POST /admin/agencies (existing)', target: 'none', call: send('post', '/admin/agencies', { ...agency, id: 'ministry' }), expect: '401 409 403 403 403 403 403' },
  { route: 'PUT /admin/agencies/:missing', target: 'none', call: send('put', '/admin/agencies/matrix_agency', agency), expect: '401 404 403 403 403 403 403' },
  { route: 'DELETE /admin/agencies/:missing', target: 'none', call: send('delete', '/admin/agencies/matrix_agency'), expect: '401 404 403 403 403 403 403' },
  { route: 'GET /admin/user-groups', target: 'none', call: get('/admin/user-groups'), expect: '401 200 403 403 403 403 403' },
  { route: 'GET /admin/user-groups/:missing', target: 'none', call: get('/admin/user-groups/matrix_group'), expect: '401 404 403 403 403 403 403' },
  { route: 'POST /admin/user-groups (existing)', target: 'none', call: send('post', '/admin/user-groups', { ...group, id: 'bamako_cp_team' }), expect: '401 409 403 403 403 403 403' },
  { route: 'PUT /admin/user-groups/:missing', target: 'none', call: send('put', '/admin/user-groups/matrix_group', group), expect: '401 404 403 403 403 403 403' },
  { route: 'DELETE /admin/user-groups/:missing', target: 'none', call: send('delete', '/admin/user-groups/matrix_group'), expect: '401 404 403 403 403 403 403' },
  { route: 'GET /admin/audit-log', target: 'none', call: get('/admin/audit-log'), expect: '401 200 403 403 403 403 403' },
  { route: 'GET /admin/queues', target: 'none', call: get('/admin/queues'), expect: '401 200 403 403 403 403 403' },

  // Configuration: readable by every signed-in user (limited to their forms and fields), published by manage_config.
  { route: 'GET /forms', target: 'none', call: get('/forms'), expect: '401 200 200 200 200 200 200' },
  { route: 'GET /forms/basic_identity', target: 'none', call: get('/forms/basic_identity'), expect: '401 200 200 200 200 200 200' },
  { route: 'GET /forms/closure', target: 'none', call: get('/forms/closure'), expect: '401 200 200 200 200 404 200' },
  { route: 'GET /forms/basic_identity/versions/1', target: 'none', call: get('/forms/basic_identity/versions/1'), expect: '401 200 200 200 200 200 200' },
  { route: 'GET /lookups', target: 'none', call: get('/lookups'), expect: '401 200 200 200 200 200 200' },
  { route: 'GET /lookups/sex', target: 'none', call: get('/lookups/sex'), expect: '401 200 200 200 200 200 200' },
  { route: 'GET /locations', target: 'none', call: get('/locations?parent=ML'), expect: '401 200 200 200 200 200 200' },
  { route: 'GET /workflows/case_management', target: 'none', call: get('/workflows/case_management'), expect: '401 200 200 200 200 200 200' },
  { route: 'POST /admin/forms/notes/validate (invalid)', target: 'none', call: send('post', '/admin/forms/notes/validate', { id: 'notes' }), expect: '401 422 403 403 403 403 403' },
  { route: 'PUT /admin/forms/notes (invalid)', target: 'none', call: send('put', '/admin/forms/notes', { id: 'notes' }), expect: '401 422 403 403 403 403 403' },
  { route: 'PUT /admin/lookups/followup_type (invalid)', target: 'none', call: send('put', '/admin/lookups/followup_type', { id: 'followup_type' }), expect: '401 422 403 403 403 403 403' },
  { route: 'POST /admin/locations/import (unchanged)', target: 'none', call: send('post', '/admin/locations/import', { csv: 'code,parent_code,level,name_fr,name_en\nML,,0,Mali,Mali\n' }), expect: '401 200 403 403 403 403 403' },
  { route: 'GET /admin/config/export', target: 'none', call: get('/admin/config/export'), expect: '401 200 403 403 403 403 403' },
  { route: 'POST /admin/config/import (empty)', target: 'none', call: send('post', '/admin/config/import', { files: {} }), expect: '401 422 403 403 403 403 403' },
];

/** Routes checked by a dedicated test of this file rather than a row (logout ends the sessions the rows use). */
const COVERED_OUTSIDE_ROWS = ['POST /api/v1/auth/logout'];

describe('authorization matrix', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let users: Awaited<ReturnType<typeof loginAll>>;
  let db: Database;
  const shared: Partial<Record<Target, Fixture>> = {};

  beforeAll(async () => {
    api = await startTestApi();
    users = await loginAll(api.http);
    db = api.app.get(Database);
  });
  afterAll(async () => {
    await api.app.close();
  });

  async function fixture(target: Target): Promise<Fixture> {
    if (target === 'none') return { caseId: uuid };
    const res = await api.http().post('/api/v1/cases').set({ authorization: `Bearer ${users.worker1.token}` }).send({ data: CHILD });
    if (res.status !== 201) throw new Error(`fixture: ${res.status} ${JSON.stringify(res.body)}`);
    const caseId = res.body.data.id as string;
    if (target === 'referred') {
      await db.query(`UPDATE cases SET shared_agency_ids = ARRAY['ngo_partner'] WHERE id = $1`, [caseId]);
      await db.query(
        `INSERT INTO case_transfers (id, case_id, kind, status, from_user_id, to_agency_id, forms) VALUES (gen_random_uuid(), $1, 'referral', 'accepted', $2, 'ngo_partner', '"*"')`,
        [caseId, users.worker1.id],
      );
    }
    if (target === 'partner') {
      await db.query(`UPDATE cases SET owner_id = $2, agency_id = 'ngo_partner', group_ids = '{ngo_bamako_team}' WHERE id = $1`, [caseId, users.ngo_worker.id]);
    }
    return { caseId };
  }

  it.each(ROWS.map((row) => [`${row.route} [${row.target}]`, row] as const))('%s', async (_name, row) => {
    const expected = row.expect.split(/\s+/).map(Number);
    expect(expected).toHaveLength(COLUMNS.length);
    const observed: number[] = [];
    for (const caller of COLUMNS) {
      const f = row.fresh ? await fixture(row.target) : (shared[row.target] ??= await fixture(row.target));
      const req = row.call(api.http, f);
      const res = await (caller === 'anonymous' ? req : req.set('authorization', `Bearer ${users[caller as DemoUser].token}`));
      observed.push(res.status);
    }
    // One readable line per row on failure: which callers got what.
    const show = (codes: number[]) => COLUMNS.map((c, i) => `${c}=${codes[i]}`).join(' ');
    expect(show(observed)).toBe(show(expected));
  });

  it('has a row for every documented route (a new route must be added to ROWS)', async () => {
    const doc = (await api.http().get('/api/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    const rows = ROWS.map((row) => {
      const [method, path] = row.route.split(' ');
      return { method, path: `/api/v1${path}` };
    });
    const missing: string[] = [];
    for (const [template, operations] of Object.entries(doc.paths)) {
      const pattern = new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`);
      for (const method of Object.keys(operations).map((m) => m.toUpperCase())) {
        const route = `${method} ${template}`;
        if (!COVERED_OUTSIDE_ROWS.includes(route) && !rows.some((row) => row.method === method && pattern.test(row.path))) missing.push(route);
      }
    }
    expect(missing).toEqual([]);
  });

  describe('field rules', () => {
    it('strips sensitive fields for a role without read_sensitive and keeps them for those with it', async () => {
      const { caseId } = await fixture('referred');
      const read = async (user: DemoUser) =>
        (await api.http().get(`/api/v1/cases/${caseId}`).set('authorization', `Bearer ${users[user].token}`).expect(200)).body.data.data;
      for (const user of ['worker1', 'supervisor'] as const) {
        expect(await read(user)).toMatchObject({ address_current: 'Rue 12, Hippodrome', disability_type: 'physical', name_first: 'Mariam' });
      }
      const partner = await read('ngo_worker');
      expect(partner.name_first).toBe('Mariam');
      expect(partner).not.toHaveProperty('address_current');
      expect(partner).not.toHaveProperty('disability_type');
      const history = await api.http().get(`/api/v1/cases/${caseId}/history`).set('authorization', `Bearer ${users.ngo_worker.token}`).expect(200);
      expect(JSON.stringify(history.body)).not.toContain('Hippodrome');
    });

    it('refuses a partner caseworker writing basic identity fields of a referred case, naming the field', async () => {
      const { caseId } = await fixture('referred');
      const auth = { authorization: `Bearer ${users.ngo_worker.token}` };
      const res = await api.http().patch(`/api/v1/cases/${caseId}`).set(auth).set('if-match', '"1"').send({ data: { name_first: 'Awa', follow_ups: [{ followup_type: 'home_visit' }] } }).expect(403);
      expect(res.body.error.details).toEqual([expect.objectContaining({ path: '/data/name_first', code: 'forbidden_field' })]);
      const sensitive = await api.http().patch(`/api/v1/cases/${caseId}`).set(auth).set('if-match', '"1"').send({ data: { address_current: 'elsewhere' } }).expect(403);
      expect(sensitive.body.error.details).toEqual([expect.objectContaining({ path: '/data/address_current' })]);
      const ok = await api.http().patch(`/api/v1/cases/${caseId}`).set(auth).set('if-match', '"1"').send({ data: { follow_ups: [{ followup_type: 'home_visit' }] } }).expect(200);
      expect(ok.body.data.version).toBe(2);
    });
  });

  it('logs out every demo user (last: it ends the sessions the rows above used)', async () => {
    await api.http().post('/api/v1/auth/logout').expect(401);
    for (const user of DEMO_USERS) {
      await api.http().post('/api/v1/auth/logout').set('authorization', `Bearer ${users[user].token}`).expect(204);
      await api.http().get('/api/v1/me').set('authorization', `Bearer ${users[user].token}`).expect(401);
    }
  });
});
