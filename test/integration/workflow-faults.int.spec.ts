import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { Database } from '@tutela/persistence';
import { loginAll } from '../support/auth-helpers';
import { waitUntil } from '../support/queue-drain';
import { startTestApi } from '../support/test-app';

/**
 * Faults with real Redis and PostgreSQL: the worker runs as a child process (an swc build of apps/worker) and is
 * SIGKILLed several times while transitions apply; a private redis-server is stopped while requests arrive and
 * started again empty. Every request must end applied or rejected exactly once, and each case's history must be
 * an unbroken chain of the applied requests in request order.
 */
const ROOT = path.resolve(__dirname, '../..');
// Inside node_modules so the built files resolve the project's dependencies, and git ignores them.
const BUILD_DIR = path.join(ROOT, 'node_modules', '.cache', `tutela-workflow-faults-${process.pid}`);
const CASES = 6;
const STEPS = 7;

const ASSESSMENT = {
  protection_concerns: ['neglect'],
  risk_level: 'medium',
  assessment_date: '2026-10-03',
  assessment_score_safety: 2,
  assessment_score_health: 1,
  assessment_score_education: 2,
  assessment_score_psychosocial: 3,
  assessment_score_family: 2,
};
/** registration → assessment ⇄ case_plan: every step is valid from where the previous one left the case. */
const NEXT: Record<string, string> = { registration: 'start_assessment', assessment: 'complete_assessment', case_plan: 'back_to_assessment' };

jest.setTimeout(120_000);

describe('workflow under faults (worker SIGKILL, Redis restart)', () => {
  let redis: ChildProcess | undefined;
  let redisPort: number;
  let worker: ChildProcess | undefined;
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let users: Awaited<ReturnType<typeof loginAll>>;
  let db: Database;
  const workerExits: Array<number | null> = [];

  const redisUrl = () => `redis://127.0.0.1:${redisPort}`;

  beforeAll(async () => {
    execFileSync(process.execPath, [require.resolve('@swc/cli/bin/swc.js'), 'apps', 'libs', '-d', BUILD_DIR, '--config-file', '.swcrc', '--quiet'], { cwd: ROOT, stdio: 'pipe' });
    redisPort = await freePort();
    redis = await startRedis(redisPort);
    api = await startTestApi({ REDIS_URL: redisUrl() });
    users = await loginAll(api.http);
    db = api.app.get(Database);
  });

  afterAll(async () => {
    worker?.kill('SIGKILL');
    await api?.app.close();
    redis?.kill('SIGKILL');
    fs.rmSync(BUILD_DIR, { recursive: true, force: true });
  });

  function startWorker(): ChildProcess {
    const child = spawn(process.execPath, [path.join(BUILD_DIR, 'apps/worker/src/main.js')], {
      cwd: ROOT,
      env: { ...process.env, REDIS_URL: redisUrl(), LOG_LEVEL: 'error', NODE_ENV: 'test' },
      stdio: 'ignore',
    });
    child.on('exit', (code) => workerExits.push(code));
    return child;
  }

  it('decides every request exactly once, in request order, through worker kills and a Redis restart', async () => {
    const as = { authorization: `Bearer ${users.worker1.token}` };
    const caseIds: string[] = [];
    for (let i = 0; i < CASES; i += 1) {
      const created = await api.http().post('/api/v1/cases').set(as).send({ data: child() }).expect(201);
      await api.http().patch(`/api/v1/cases/${created.body.data.id}`).set(as).set('if-match', '"1"').send({ data: ASSESSMENT }).expect(200);
      caseIds.push(created.body.data.id);
    }
    worker = startWorker();

    /** One client per case: asks for the next step, waits for its outcome, and goes on. */
    async function drive(caseId: string): Promise<string[]> {
      const ids: string[] = [];
      let state = 'registration';
      for (let step = 0; step < STEPS; step += 1) {
        const res = await api.http().post(`/api/v1/cases/${caseId}/transitions`).set(as).send({ transition: NEXT[state] });
        if (res.status !== 202) throw new Error(`request refused: ${res.status} ${JSON.stringify(res.body)}`);
        ids.push(res.body.data.id);
        let decided: { status: string; state: string | null } | undefined;
        await waitUntil(async () => {
          const got = await api.http().get(`/api/v1/cases/${caseId}/transitions/${res.body.data.id}`).set(as).expect(200);
          if (got.body.data.status !== 'queued') decided = got.body.data;
          return Boolean(decided);
        }, 45_000, `request ${step} of a case`, 100);
        if (decided?.status !== 'applied') throw new Error(`request unexpectedly ${decided?.status}`);
        state = decided.state as string;
      }
      return ids;
    }

    /** Kills the worker mid-flight three times, then stops Redis while requests keep arriving. */
    async function chaos(): Promise<void> {
      for (let kill = 0; kill < 3; kill += 1) {
        await sleep(1200);
        worker?.kill('SIGKILL');
        await sleep(200);
        worker = startWorker();
      }
      await sleep(1000);
      redis?.kill('SIGKILL');
      await sleep(1500);
      redis = await startRedis(redisPort);
    }

    const [requestIds] = await Promise.all([Promise.all(caseIds.map(drive)), chaos()]);
    expect(workerExits.filter((code) => code === null).length).toBeGreaterThanOrEqual(3); // killed by signal

    const requests = await db.query<{ id: string; case_id: string; status: string }>(
      `SELECT id, case_id, status FROM transition_requests WHERE case_id = ANY($1::uuid[]) ORDER BY created_at, id`, [caseIds]);
    expect(requests).toHaveLength(CASES * STEPS);
    expect(requests.every((r) => r.status === 'applied')).toBe(true);

    for (const [index, caseId] of caseIds.entries()) {
      const events = await db.query<{ requestId: string; from: string; to: string }>(
        `SELECT meta->>'requestId' AS "requestId", meta->>'from' AS "from", meta->>'to' AS "to"
           FROM case_events WHERE case_id = $1 AND action = 'transition' ORDER BY id`, [caseId]);
      // Exactly one event per request, in the order the client asked.
      expect(events.map((e) => e.requestId)).toEqual(requestIds[index]);
      // No state skipped or doubled: each step starts where the previous one ended.
      expect(events[0].from).toBe('registration');
      events.slice(1).forEach((event, i) => expect(event.from).toBe(events[i].to));
      const [row] = await db.query<{ workflow_state: string }>(`SELECT workflow_state FROM cases WHERE id = $1`, [caseId]);
      expect(row.workflow_state).toBe(events[events.length - 1].to);
    }
  });
});

function child() {
  return {
    registration_date: '2026-10-01',
    consent_for_services: true,
    consent_source: 'parent_caregiver',
    name_first: 'Oumou',
    name_last: `Keïta-${randomUUID().slice(0, 6)}`,
    sex: 'female',
    date_of_birth: '2012-07-19',
    location_current: 'ML0901',
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A private redis-server: never the machine's, which other suites use. Fails loudly when it cannot start. */
async function startRedis(port: number): Promise<ChildProcess> {
  const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  const failed = new Promise<never>((_, reject) => server.once('error', (error) => reject(new Error(`redis-server could not start (is it on PATH?): ${error.message}`))));
  await Promise.race([failed, waitUntil(() => ping(port), 10_000, 'redis-server to accept connections')]);
  return server;
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('error', () => resolve(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
  });
}
