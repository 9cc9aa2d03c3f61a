import { DEMO_PASSWORD, SessionCache, TokenService } from '@tutela/cases';
import { Database } from '@tutela/persistence';
import jwt from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
import { login } from '../support/auth-helpers';
import { startTestApi } from '../support/test-app';

describe('authentication', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let db: Database;

  beforeAll(async () => {
    api = await startTestApi();
    db = api.app.get(Database);
  });
  afterAll(async () => {
    await api.app.close();
  });

  /** A fresh user per test, so lockouts and disables never leak between tests. */
  async function createUser(role = 'caseworker'): Promise<string> {
    const username = `u_${randomUUID().slice(0, 8)}`;
    const [{ password_hash }] = await db.query(`SELECT password_hash FROM users WHERE username = 'worker1'`);
    await db.query(
      `INSERT INTO users (username, full_name, password_hash, role_id, agency_id) VALUES ($1, 'Test User', $2, $3, 'ministry')`,
      [username, password_hash, role],
    );
    return username;
  }

  it('logs in a demo user and shows their profile with effective permissions', async () => {
    const session = await login(api.http, 'worker1');
    expect(session.expiresIn).toBe(900);
    const me = await api.http().get('/api/v1/me').set('authorization', `Bearer ${session.accessToken}`).expect(200);
    expect(me.body.data).toMatchObject({ username: 'worker1', agency: { id: 'ministry' }, role: { id: 'caseworker' } });
    expect(me.body.data.permissions.scope).toBe('own');
    expect(me.body.data).not.toHaveProperty('passwordHash');
  });

  it('refuses bad credentials and unknown users alike with 401', async () => {
    const wrong = await api.http().post('/api/v1/auth/login').send({ username: 'worker2', password: 'nope' }).expect(401);
    const unknown = await api.http().post('/api/v1/auth/login').send({ username: 'nobody', password: 'nope' }).expect(401);
    expect(wrong.body.error.code).toBe('INVALID_CREDENTIALS');
    expect(unknown.body.error.message).toBe(wrong.body.error.message);
  });

  it('validates the login body with 422 per field', async () => {
    const res = await api.http().post('/api/v1/auth/login').send({ username: 'x' }).expect(422);
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: '/password', code: 'required' })]);
  });

  it('requires a token everywhere except public routes, and rejects tampered or expired ones', async () => {
    await api.http().get('/api/v1/me').expect(401);
    const { accessToken } = await login(api.http, 'worker2');
    const [header, payload, signature] = accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: randomUUID() })).toString('base64url');
    await api.http().get('/api/v1/me').set('authorization', `Bearer ${header}.${forged}.${signature}`).expect(401);
    const expired = jwt.sign({ sid: claims.sid }, api.config.jwtSecret, { algorithm: 'HS256', subject: claims.sub, issuer: 'tutela', expiresIn: -10 });
    const res = await api.http().get('/api/v1/me').set('authorization', `Bearer ${expired}`).expect(401);
    expect(res.body.error.message).toMatch(/expired/);
    const noneAlg = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`;
    await api.http().get('/api/v1/me').set('authorization', `Bearer ${noneAlg}`).expect(401);
  });

  it('rotates refresh tokens and revokes the whole session when an old one is reused', async () => {
    const first = await login(api.http, 'supervisor');
    const second = (await api.http().post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200)).body.data;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    await api.http().get('/api/v1/me').set('authorization', `Bearer ${second.accessToken}`).expect(200);
    // Reuse of the rotated token: the family is revoked, including the newest pair.
    await api.http().post('/api/v1/auth/refresh').send({ refreshToken: first.refreshToken }).expect(401);
    await api.http().post('/api/v1/auth/refresh').send({ refreshToken: second.refreshToken }).expect(401);
    await api.http().get('/api/v1/me').set('authorization', `Bearer ${second.accessToken}`).expect(401);
    const [audit] = await db.query(`SELECT action FROM audit_log WHERE action = 'refresh_reuse' ORDER BY id DESC LIMIT 1`);
    expect(audit.action).toBe('refresh_reuse');
  });

  it('logout ends the session: access and refresh tokens stop working', async () => {
    const session = await login(api.http, 'worker1');
    await api.http().post('/api/v1/auth/logout').set('authorization', `Bearer ${session.accessToken}`).expect(204);
    await api.http().get('/api/v1/me').set('authorization', `Bearer ${session.accessToken}`).expect(401);
    await api.http().post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
  });

  it('locks an account after five failures, even for the right password, and audits it', async () => {
    const username = await createUser();
    for (let i = 0; i < 5; i++) await api.http().post('/api/v1/auth/login').send({ username, password: 'wrong-password' }).expect(401);
    await api.http().post('/api/v1/auth/login').send({ username, password: DEMO_PASSWORD }).expect(401);
    const events = await db.query(`SELECT a.action FROM audit_log a JOIN users u ON u.id::text = a.target_id WHERE u.username = $1 ORDER BY a.id`, [username]);
    expect(events.map((e) => e.action)).toEqual([...Array(5).fill('login_failed'), 'lockout', 'login_failed']);
  });

  describe('with the production login limits', () => {
    let limited: Awaited<ReturnType<typeof startTestApi>>;
    beforeAll(async () => {
      limited = await startTestApi({ LOGIN_ATTEMPTS_PER_USERNAME_PER_MINUTE: '10', LOGIN_ATTEMPTS_PER_IP_PER_MINUTE: '30' });
    });
    afterAll(async () => {
      await limited.app.close();
    });

    it('rate-limits login attempts per username with 429 and Retry-After', async () => {
      const username = await createUser();
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) statuses.push((await limited.http().post('/api/v1/auth/login').send({ username, password: 'x' })).status);
      // Other suites share 127.0.0.1: the per-IP limit may strike first, but never after the per-username one.
      expect(statuses.slice(0, 10).every((s) => s === 401 || s === 429)).toBe(true);
      const res = await limited.http().post('/api/v1/auth/login').send({ username, password: 'x' }).expect(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(res.body.error.code).toBe('RATE_LIMITED');
    });

    it('rate-limits per IP, and a forged X-Forwarded-For does not reset the count', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 31; i++) {
        const res = await limited.http().post('/api/v1/auth/login').set('x-forwarded-for', `10.0.0.${i}`).send({ username: `nobody_${i}_${randomUUID()}`, password: 'x' });
        statuses.push(res.status);
      }
      expect(statuses).toContain(429);
      expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
    });
  });

  /** A new user's session whose token check this API has cached (the cache listens for session changes once used). */
  async function cachedSession() {
    const sessions = api.app.get(SessionCache);
    const username = await createUser();
    const session = await login(api.http, username);
    const me = () => api.http().get('/api/v1/me').set('authorization', `Bearer ${session.accessToken}`);
    await until(async () => {
      await me().expect(200);
      return sessions.get(session.accessToken) !== undefined;
    });
    return { username, session, me };
  }

  it('refuses a disabled user as soon as the database says so, even with a valid and cached token', async () => {
    const sessions = api.app.get(SessionCache);
    const { username, session, me } = await cachedSession();
    // Changed outside this process's services (another API replica, an operator's SQL): the database notifies.
    await db.query(`UPDATE users SET disabled = true WHERE username = $1`, [username]);
    await until(async () => sessions.get(session.accessToken) === undefined);
    await me().expect(401);
    await api.http().post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken }).expect(401);
  });

  it('refuses a cached token once it expires, even within the cache period', async () => {
    const sessions = api.app.get(SessionCache);
    const { session } = await cachedSession();
    const claims = JSON.parse(Buffer.from(session.accessToken.split('.')[1], 'base64url').toString());
    const shortLived = jwt.sign({ sid: claims.sid }, api.config.jwtSecret, { algorithm: 'HS256', subject: claims.sub, issuer: 'tutela', expiresIn: 2 });
    const { exp } = jwt.decode(shortLived) as { exp: number };
    const me = () => api.http().get('/api/v1/me').set('authorization', `Bearer ${shortLived}`);
    await until(async () => {
      await me().expect(200);
      return sessions.get(shortLived) !== undefined;
    });
    await until(async () => Date.now() >= exp * 1000);
    const res = await me().expect(401);
    expect(res.body.error.message).toMatch(/expired/);
  });

  it('forgets a cached token check at once when this process ends the session or changes the user', async () => {
    const admin = await login(api.http, 'admin');
    for (const end of ['logout', 'disable'] as const) {
      const { username, session, me } = await cachedSession();
      if (end === 'logout') await api.http().post('/api/v1/auth/logout').set('authorization', `Bearer ${session.accessToken}`).expect(204);
      else {
        const [{ id }] = await db.query(`SELECT id FROM users WHERE username = $1`, [username]);
        await api.http().delete(`/api/v1/admin/users/${id}`).set('authorization', `Bearer ${admin.accessToken}`).expect(204);
      }
      // No waiting for the notification: the service that made the change dropped the entry before answering.
      await me().expect(401);
    }
  });

  it('stores only hashes: argon2id passwords and SHA-256 refresh tokens', async () => {
    const session = await login(api.http, 'worker2');
    const [user] = await db.query(`SELECT password_hash FROM users WHERE username = 'worker2'`);
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    const { id, hash } = api.app.get(TokenService).parseRefreshToken(session.refreshToken);
    const [row] = await db.query(`SELECT token_hash FROM refresh_tokens WHERE id = $1`, [id]);
    expect(row.token_hash).toBe(hash);
    expect(row.token_hash).not.toContain(session.refreshToken.split('.')[1]);
  });
});

/** Polls `check` (every 20 ms, at most 10 s) until it holds: for what happens when a notification arrives. */
async function until(check: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('condition not reached');
}
