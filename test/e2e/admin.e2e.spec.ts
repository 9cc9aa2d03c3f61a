import { randomUUID } from 'node:crypto';
import { DEMO_PASSWORD } from '@tutela/cases';
import { loginAll } from '../support/auth-helpers';
import { startTestApi } from '../support/test-app';

const STRONG = 'Kalaban-Coura#2026';

describe('identity and access administration', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let users: Awaited<ReturnType<typeof loginAll>>;
  const as = (user: keyof typeof users) => ({ authorization: `Bearer ${users[user].token}` });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const unique = (prefix: string) => `${prefix}_${randomUUID().slice(0, 8)}`;
  // This suite signs in often: its own client address keeps it out of the per-IP login budget other suites share.
  const loginRequest = (username: string, password: string) =>
    api.http().post('/api/v1/auth/login').set('x-forwarded-for', '198.51.100.30').send({ username, password });
  async function signIn(username: string, password: string) {
    const res = await loginRequest(username, password).expect(200);
    return res.body.data as { accessToken: string; refreshToken: string };
  }

  beforeAll(async () => {
    api = await startTestApi();
    users = await loginAll(api.http);
  });
  afterAll(async () => {
    await api.app.close();
  });

  function newUser(overrides: Record<string, unknown> = {}) {
    return { username: unique('user').toLowerCase(), fullName: 'Awa Sangaré', roleId: 'caseworker', agencyId: 'ministry', groupIds: ['bamako_cp_team'], locationCode: 'ML0902', locale: 'fr', password: STRONG, ...overrides };
  }

  async function createUser(overrides: Record<string, unknown> = {}) {
    const res = await api.http().post('/api/v1/admin/users').set(as('admin')).send(newUser(overrides));
    if (res.status !== 201) throw new Error(`create user failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.data;
  }

  async function auditActions(targetId: string): Promise<string[]> {
    const res = await api.http().get('/api/v1/admin/audit-log').query({ per: '500' }).set(as('admin')).expect(200);
    return res.body.data.filter((e: { targetId: string }) => e.targetId === targetId).map((e: { action: string }) => e.action);
  }

  describe('users', () => {
    it('creates an account with a policy-checked password, never returns hashes, and the user can sign in', async () => {
      const body = newUser();
      const res = await api.http().post('/api/v1/admin/users').set(as('admin')).send(body).expect(201);
      expect(res.body.data).toMatchObject({ username: body.username, roleId: 'caseworker', agencyId: 'ministry', groupIds: ['bamako_cp_team'], disabled: false });
      expect(JSON.stringify(res.body)).not.toMatch(/password_?hash|argon2/i);
      const session = await signIn(body.username, STRONG);
      const me = await api.http().get('/api/v1/me').set(bearer(session.accessToken)).expect(200);
      expect(me.body.data).toMatchObject({ username: body.username, role: { id: 'caseworker' } });
      const listed = await api.http().get('/api/v1/admin/users').query({ q: body.username }).set(as('admin')).expect(200);
      expect(listed.body.meta).toMatchObject({ total: 1, page: 1 });
      expect(JSON.stringify(listed.body)).not.toMatch(/password_?hash|argon2/i);
      expect(await auditActions(res.body.data.id)).toContain('user_created');
    });

    it('rejects a weak password with one detail per rule, and bad references with the failing field', async () => {
      const weak = await api.http().post('/api/v1/admin/users').set(as('admin')).send(newUser({ username: 'weakling', password: 'weakling' })).expect(422);
      expect(weak.body.error.details.map((d: { code: string }) => d.code)).toEqual(expect.arrayContaining(['too_short', 'contains_username', 'too_few_character_classes']));
      expect(weak.body.error.details.every((d: { path: string }) => d.path === '/password')).toBe(true);
      const demo = await api.http().post('/api/v1/admin/users').set(as('admin')).send(newUser({ password: DEMO_PASSWORD })).expect(422);
      expect(demo.body.error.details).toEqual([expect.objectContaining({ path: '/password', code: 'too_common' })]);
      const refs = await api.http().post('/api/v1/admin/users').set(as('admin')).send(newUser({ roleId: 'no_such_role', agencyId: 'nowhere', groupIds: [], locationCode: 'XX99' })).expect(422);
      expect(refs.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['/agencyId', '/locationCode', '/roleId']);
      const foreignGroup = await api.http().post('/api/v1/admin/users').set(as('admin')).send(newUser({ agencyId: 'ngo_partner', groupIds: ['bamako_cp_team'] })).expect(422);
      expect(foreignGroup.body.error.details).toEqual([expect.objectContaining({ path: '/groupIds/0', code: 'unknown_reference' })]);
      const shape = await api.http().post('/api/v1/admin/users').set(as('admin')).send({ ...newUser(), username: 'Bad Name', extra: 1 }).expect(422);
      expect(shape.body.error.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['/username', '/extra']));
    });

    it('answers 409 for a username already taken (case-insensitive)', async () => {
      const res = await api.http().post('/api/v1/admin/users').set(as('admin')).send(newUser({ username: 'worker1' })).expect(409);
      expect(res.body.error.details).toEqual([expect.objectContaining({ path: '/username', code: 'taken' })]);
    });

    it('changes role and groups, audits the role change, and the new role applies to the next request', async () => {
      const user = await createUser();
      const session = await signIn(user.username, STRONG);
      await api.http().get('/api/v1/cases').set(bearer(session.accessToken)).expect(200);
      const res = await api.http().patch(`/api/v1/admin/users/${user.id}`).set(as('admin')).send({ roleId: 'analyst', groupIds: [] }).expect(200);
      expect(res.body.data).toMatchObject({ roleId: 'analyst', groupIds: [] });
      await api.http().get('/api/v1/cases').set(bearer(session.accessToken)).expect(403);
      expect(await auditActions(user.id)).toEqual(expect.arrayContaining(['user_updated', 'role_changed']));
      const bad = await api.http().patch(`/api/v1/admin/users/${user.id}`).set(as('admin')).send({ agencyId: 'ngo_partner', groupIds: ['bamako_cp_team'] }).expect(422);
      expect(bad.body.error.details).toEqual([expect.objectContaining({ path: '/groupIds/0' })]);
      await api.http().patch(`/api/v1/admin/users/${user.id}`).set(as('admin')).send({}).expect(422);
      await api.http().patch(`/api/v1/admin/users/${user.id}`).set(as('admin')).send({ username: 'renamed' }).expect(422);
    });

    it('disabling takes effect at once: the live token is refused, refresh and login fail', async () => {
      const user = await createUser();
      const session = await signIn(user.username, STRONG);
      await api.http().get('/api/v1/me').set(bearer(session.accessToken)).expect(200);
      await api.http().delete(`/api/v1/admin/users/${user.id}`).set(as('admin')).expect(204);
      await api.http().get('/api/v1/me').set(bearer(session.accessToken)).expect(401);
      await api.http().post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
      await loginRequest(user.username, STRONG).expect(401);
      const got = await api.http().get(`/api/v1/admin/users/${user.id}`).set(as('admin')).expect(200);
      expect(got.body.data.disabled).toBe(true);
      expect(await auditActions(user.id)).toContain('user_disabled');
      await api.http().patch(`/api/v1/admin/users/${user.id}`).set(as('admin')).send({ disabled: false }).expect(200);
      await signIn(user.username, STRONG);
    });

    it('resets a password: the new one works, the old one and the old sessions do not', async () => {
      const user = await createUser();
      const session = await signIn(user.username, STRONG);
      await api.http().post(`/api/v1/admin/users/${user.id}/password`).set(as('admin')).send({ password: 'short' }).expect(422);
      await api.http().post(`/api/v1/admin/users/${user.id}/password`).set(as('admin')).send({ password: 'Niger-River*Bamako9' }).expect(204);
      await loginRequest(user.username, STRONG).expect(401);
      await signIn(user.username, 'Niger-River*Bamako9');
      await api.http().post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
      expect(await auditActions(user.id)).toContain('password_reset');
    });

    it('refuses to let administrators disable themselves or change their own role; unknown ids are 404', async () => {
      await api.http().delete(`/api/v1/admin/users/${users.admin.id}`).set(as('admin')).expect(409);
      await api.http().patch(`/api/v1/admin/users/${users.admin.id}`).set(as('admin')).send({ roleId: 'analyst' }).expect(409);
      await api.http().get(`/api/v1/admin/users/${randomUUID()}`).set(as('admin')).expect(404);
      await api.http().get('/api/v1/admin/users/not-a-uuid').set(as('admin')).expect(404);
      await api.http().get('/api/v1/admin/users').query({ per: '9999' }).set(as('admin')).expect(422);
    });
  });

  it('lets a user manager handle only accounts whose role holds no administrative power it lacks', async () => {
    const roleId = unique('user_manager');
    await api.http().post('/api/v1/admin/roles').set(as('admin')).send({ id: roleId, name: { en: 'User manager', fr: 'Gestionnaire des comptes' }, scope: 'own', permissions: { user: ['manage_users'] }, forms: {} }).expect(201);
    const manager = await createUser({ roleId, groupIds: [] });
    const auth = bearer((await signIn(manager.username, STRONG)).accessToken);
    const created = await api.http().post('/api/v1/admin/users').set(auth).send(newUser()).expect(201);
    await api.http().patch(`/api/v1/admin/users/${created.body.data.id}`).set(auth).send({ locationCode: 'ML0904' }).expect(200);
    await api.http().post('/api/v1/admin/users').set(auth).send(newUser({ roleId: 'admin', groupIds: [] })).expect(403);
    await api.http().patch(`/api/v1/admin/users/${created.body.data.id}`).set(auth).send({ roleId: 'admin', groupIds: [] }).expect(403);
    await api.http().post(`/api/v1/admin/users/${users.admin.id}/password`).set(auth).send({ password: 'Takeover-Attempt#1' }).expect(403);
    await api.http().delete(`/api/v1/admin/users/${users.admin.id}`).set(auth).expect(403);
    await api.http().get('/api/v1/admin/roles').set(auth).expect(403);
    await api.http().get('/api/v1/admin/audit-log').set(auth).expect(403);
  });

  describe('roles', () => {
    const readerRole = (id: string, extra: Record<string, unknown> = {}) => ({
      id,
      name: { en: 'Reader', fr: 'Lecteur' },
      scope: 'agency',
      modules: ['cp'],
      permissions: { case: ['read'] },
      forms: { '*': 'read' },
      ...extra,
    });

    it('lists roles with their versions and answers 404 for an unknown one', async () => {
      const res = await api.http().get('/api/v1/admin/roles').set(as('admin')).expect(200);
      expect(res.body.data.map((r: { id: string }) => r.id)).toEqual(expect.arrayContaining(['admin', 'analyst', 'caseworker', 'partner_caseworker', 'supervisor']));
      expect(res.body.data.find((r: { id: string }) => r.id === 'supervisor').version).toBeGreaterThanOrEqual(1);
      await api.http().get('/api/v1/admin/roles/no_such_role').set(as('admin')).expect(404);
      await api.http().get('/api/v1/admin/roles/supervisor').set(as('supervisor')).expect(403);
    });

    it('rejects invalid roles with every problem', async () => {
      const res = await api.http().post('/api/v1/admin/roles').set(as('admin')).send(readerRole(unique('bad'), { scope: 'galaxy', permissions: { case: ['update'] }, forms: { no_such_form: 'read' } })).expect(422);
      const paths = res.body.error.details.map((d: { path: string }) => d.path);
      expect(paths).toEqual(expect.arrayContaining(['/scope']));
      const verbs = await api.http().post('/api/v1/admin/roles').set(as('admin')).send(readerRole(unique('bad'), { permissions: { case: ['update'] }, forms: { no_such_form: 'read' } })).expect(422);
      expect(verbs.body.error.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['/permissions/case', '/forms/no_such_form']));
      await api.http().post('/api/v1/admin/roles').set(as('admin')).send(readerRole('caseworker')).expect(409);
    });

    it('publishes versions that every request uses at once, and audits each as a permission change', async () => {
      const id = unique('reader');
      const created = await api.http().post('/api/v1/admin/roles').set(as('admin')).send(readerRole(id)).expect(201);
      expect(created.body.data).toMatchObject({ id, version: 1 });
      const user = await createUser({ roleId: id, groupIds: [] });
      const session = await signIn(user.username, STRONG);
      await api.http().get('/api/v1/cases').set(bearer(session.accessToken)).expect(200);

      await api.http().put(`/api/v1/admin/roles/${id}`).set(as('admin')).send(readerRole('other_id')).expect(422);
      const updated = await api.http().put(`/api/v1/admin/roles/${id}`).set(as('admin')).send(readerRole(id, { flags: { disabled: true } })).expect(200);
      expect(updated.body.data).toMatchObject({ id, version: 2, flags: { disabled: true } });
      await api.http().get('/api/v1/cases').set(bearer(session.accessToken)).expect(403);
      const fetched = await api.http().get(`/api/v1/admin/roles/${id}`).set(as('admin')).expect(200);
      expect(fetched.body.data.version).toBe(2);
      const audit = await api.http().get('/api/v1/admin/audit-log').query({ action: 'permission_changed' }).set(as('admin')).expect(200);
      const entries = audit.body.data.filter((e: { targetId: string }) => e.targetId === id);
      expect(entries.map((e: { details: { version: number } }) => e.details.version).sort()).toEqual([1, 2]);
      await api.http().put('/api/v1/admin/roles/no_such_role').set(as('admin')).send(readerRole('no_such_role')).expect(404);
    });

    it('never lets a configuration manager grant administrative permissions it does not hold', async () => {
      const id = unique('config_manager');
      const definition = { id, name: { en: 'Configuration', fr: 'Configuration' }, scope: 'own', permissions: { config: ['manage_config'] }, forms: {} };
      await api.http().post('/api/v1/admin/roles').set(as('admin')).send(definition).expect(201);
      const manager = await createUser({ roleId: id, groupIds: [] });
      const auth = bearer((await signIn(manager.username, STRONG)).accessToken);
      const own = await api.http().put(`/api/v1/admin/roles/${id}`).set(auth).send({ ...definition, permissions: { config: ['manage_config'], user: ['manage_users'] } }).expect(403);
      expect(own.body.error.details).toEqual([expect.objectContaining({ path: '/permissions/user', code: 'escalation' })]);
      await api.http().post('/api/v1/admin/roles').set(auth).send(readerRole(unique('auditor'), { permissions: { case: ['read'], audit_log: ['read_audit_log'] } })).expect(403);
      await api.http().post('/api/v1/admin/roles').set(auth).send(readerRole(unique('reader'))).expect(201);
      await api.http().get('/api/v1/admin/users').set(auth).expect(403);
    });

    it('refuses a change that would remove the administrator’s own right to manage roles', async () => {
      const current = (await api.http().get('/api/v1/admin/roles/admin').set(as('admin')).expect(200)).body.data;
      const { version: _version, ...role } = current;
      await api.http().put('/api/v1/admin/roles/admin').set(as('admin')).send({ ...role, permissions: { ...role.permissions, config: [] } }).expect(409);
    });
  });

  describe('agencies and user groups', () => {
    it('creates, updates and disables an agency with validation of services', async () => {
      const id = unique('agency');
      const body = { id, name: { en: 'Local NGO', fr: 'ONG locale' }, shortName: 'ONGL', services: ['health'] };
      const created = await api.http().post('/api/v1/admin/agencies').set(as('admin')).send(body).expect(201);
      expect(created.body.data).toMatchObject({ id, name: body.name, shortName: 'ONGL', services: ['health'], disabled: false });
      await api.http().post('/api/v1/admin/agencies').set(as('admin')).send(body).expect(409);
      const bad = await api.http().put(`/api/v1/admin/agencies/${id}`).set(as('admin')).send({ ...body, services: ['teleportation'] }).expect(422);
      expect(bad.body.error.details).toEqual([expect.objectContaining({ path: '/services/0' })]);
      await api.http().put(`/api/v1/admin/agencies/${id}`).set(as('admin')).send({ ...body, shortName: 'LOCAL' }).expect(200);
      await api.http().delete(`/api/v1/admin/agencies/${id}`).set(as('admin')).expect(204);
      const got = await api.http().get(`/api/v1/admin/agencies/${id}`).set(as('admin')).expect(200);
      expect(got.body.data).toMatchObject({ shortName: 'LOCAL', disabled: true });
      // A disabled agency takes no new users.
      const user = await api.http().post('/api/v1/admin/users').set(as('admin')).send(newUser({ agencyId: id, groupIds: [] })).expect(422);
      expect(user.body.error.details).toEqual([expect.objectContaining({ path: '/agencyId' })]);
      await api.http().get('/api/v1/admin/agencies/Not-An-Id').set(as('admin')).expect(404);
      expect(await auditActions(id)).toEqual(['agency_changed', 'agency_changed', 'agency_changed']);
    });

    it('creates and updates user groups whose agencies exist', async () => {
      const id = unique('team');
      const body = { id, name: { en: 'Kayes team', fr: 'Équipe de Kayes' }, agencyIds: ['ministry'] };
      await api.http().post('/api/v1/admin/user-groups').set(as('admin')).send(body).expect(201);
      await api.http().post('/api/v1/admin/user-groups').set(as('admin')).send(body).expect(409);
      const bad = await api.http().put(`/api/v1/admin/user-groups/${id}`).set(as('admin')).send({ ...body, agencyIds: ['ministry', 'nowhere'] }).expect(422);
      expect(bad.body.error.details).toEqual([expect.objectContaining({ path: '/agencyIds/1' })]);
      const updated = await api.http().put(`/api/v1/admin/user-groups/${id}`).set(as('admin')).send({ ...body, agencyIds: ['ministry', 'ngo_partner'] }).expect(200);
      expect(updated.body.data.agencyIds).toEqual(['ministry', 'ngo_partner']);
      const user = await createUser({ groupIds: [id] });
      expect(user.groupIds).toEqual([id]);
      const list = await api.http().get('/api/v1/admin/user-groups').set(as('admin')).expect(200);
      expect(list.body.data.map((g: { id: string }) => g.id)).toContain(id);
      await api.http().post('/api/v1/admin/user-groups').set(as('admin')).send({ id: unique('x'), name: { en: 'x' }, agencyIds: [] }).expect(422);
    });
  });

  it('documents the admin routes and their body schemas in OpenAPI', async () => {
    const openapi = (await api.http().get('/api/docs-json').expect(200)).body;
    for (const route of ['/api/v1/admin/users', '/api/v1/admin/users/{id}/password', '/api/v1/admin/roles/{roleId}', '/api/v1/admin/agencies', '/api/v1/admin/user-groups/{groupId}', '/api/v1/admin/audit-log', '/api/v1/cases/{id}/break-glass']) {
      expect(openapi.paths).toHaveProperty([route]);
    }
    const body = openapi.paths['/api/v1/admin/users'].post.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(expect.arrayContaining(['username', 'password']));
  });

  describe('audit log', () => {
    it('filters by actor, action and time, pages, and refuses malformed filters with 422', async () => {
      const since = new Date(Date.now() - 60 * 60_000).toISOString();
      const res = await api.http().get('/api/v1/admin/audit-log').query({ actor: 'admin', action: 'login', from: since, per: '2', page: '1' }).set(as('admin')).expect(200);
      expect(res.body.meta).toMatchObject({ page: 1, per: 2 });
      expect(res.body.meta.total).toBeGreaterThanOrEqual(1);
      expect(res.body.data.every((e: { action: string; actorUsername: string }) => e.action === 'login' && e.actorUsername === 'admin')).toBe(true);
      const none = await api.http().get('/api/v1/admin/audit-log').query({ to: '2000-01-01' }).set(as('admin')).expect(200);
      expect(none.body).toMatchObject({ data: [], meta: { total: 0 } });
      const bad = await api.http().get('/api/v1/admin/audit-log').query({ from: 'yesterday', page: '0', action: 'DROP TABLE' }).set(as('admin')).expect(422);
      expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['/action', '/from', '/page']);
      await api.http().get('/api/v1/admin/audit-log').set(as('supervisor')).expect(403);
    });
  });
});
