import { randomBytes } from 'node:crypto';
import * as os from 'node:os';
import type { Pool } from 'pg';
import type { BenchRow } from '../bench-row';
import type { BenchContext, Floors, LoadProfile } from './bench-context';
import { loadTest } from './load-test';
import type { QueueSettings } from './queue-settings';
import { RunningService, startApiInProcess, startHosted } from './services';
import type { HostRole } from './service-host';
import { round } from './stats';

export interface ContextParams {
  quick: boolean;
  databaseUrl: string;
  db: Pool;
  queue: QueueSettings;
  datasetSize: number;
  payloads: BenchContext['payloads'];
  load: LoadProfile;
  /** TUTELA_DATA_DIR of the services (export files…); the caller removes it. */
  dataDir: string;
  log(line: string): void;
}

const DEMO_PASSWORD = 'Tutela-demo-2026!';

export function createContext(p: ContextParams): BenchContext {
  const floors: Floors = {};
  // A secret per run: production mode refuses the development default.
  const jwtSecret = randomBytes(32).toString('hex');
  const shared = new Map<string, Promise<RunningService>>();
  /** A service process; in --quick, one per (role, env overrides) kept for the whole run (see BenchContext.startApi). */
  const hosted = (role: HostRole, overrides: Record<string, string> = {}): Promise<RunningService> => {
    if (!p.quick) return startHosted(role, ctx.serviceEnv(overrides));
    const key = `${role} ${JSON.stringify(Object.entries(overrides).sort())}`;
    let service = shared.get(key);
    if (!service) {
      service = startHosted(role, ctx.serviceEnv(overrides));
      shared.set(key, service);
      service.catch(() => shared.delete(key));
    }
    return service.then((s) => ({ ...s, stop: async () => undefined }));
  };
  const ctx: BenchContext = {
    quick: p.quick,
    databaseUrl: p.databaseUrl,
    db: p.db,
    queue: p.queue,
    datasetSize: p.datasetSize,
    dataset: `${p.datasetSize.toLocaleString('en')} cases`,
    poolSize: Number(process.env.DATABASE_POOL_SIZE ?? 10),
    workerConcurrency: Number(process.env.WORKER_CONCURRENCY ?? 4),
    load: p.load,
    payloads: p.payloads,
    floors,
    serviceEnv: (overrides = {}) => {
      const env: Record<string, string> = {};
      for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
      delete env.REDIS_URL;
      return {
        ...env,
        // Measured as deployed: production mode (strict checks, no dev conveniences), logs at warn.
        NODE_ENV: 'production',
        JWT_SECRET: jwtSecret,
        TUTELA_SEED_DEMO_USERS: 'true',
        LOG_LEVEL: 'warn',
        DATABASE_URL: p.databaseUrl,
        ...(p.queue.redisUrl && { REDIS_URL: p.queue.redisUrl }),
        TUTELA_QUEUE_PREFIX: p.queue.prefix,
        TUTELA_DATA_DIR: p.dataDir,
        // The import scenario posts its whole file (20,000 rows, ~55 MB base64) in one request; no other request
        // comes near the default, so one limit for every bench service lets --quick share them.
        BODY_LIMIT_BYTES: String(96 * 1_048_576),
        ...overrides,
      };
    },
    startApi: (options = {}) => (options.inProcess ? startApiInProcess(ctx.serviceEnv(options.env)) : hosted('api', options.env)),
    startWorker: (options = {}) => hosted('worker', options.env),
    startApiAndWorker: async (options = {}) => {
      const [api, worker] = await Promise.allSettled([hosted('api', options.env), hosted('worker', options.env)]);
      if (api.status === 'fulfilled' && worker.status === 'fulfilled') return { api: api.value, worker: worker.value };
      // One failed: stop the other rather than leave a process behind.
      await Promise.all([api, worker].map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)));
      throw [api, worker].find((s): s is PromiseRejectedResult => s.status === 'rejected')?.reason;
    },
    stopServices: async () => {
      const services = await Promise.allSettled(shared.values());
      shared.clear();
      await Promise.all(services.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)));
    },
    loadTest: (options) => loadTest({ ...p.load, ...options }),
    login: async (baseUrl, username) => {
      const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: DEMO_PASSWORD }),
      });
      const body = (await response.json().catch(() => ({}))) as { data?: { accessToken?: string } };
      if (!response.ok || !body.data?.accessToken) throw new Error(`login as ${username} answered ${response.status}`);
      return body.data.accessToken;
    },
    row: (input): BenchRow => {
      const reference = typeof input.floor === 'string' ? floorReference(floors, input.floor) : input.floor;
      return {
        scenario: input.scenario,
        figure: input.figure,
        unit: input.unit,
        floor: reference.figure,
        floorLabel: reference.label,
        ratio: reference.figure > 0 ? round(input.figure / reference.figure, 3) : 0,
        ...(input.note !== undefined && { note: input.note }),
        ...(input.p50 !== undefined && { p50: input.p50, p95: input.p95, p99: input.p99 }),
        ...(input.errors !== undefined && { errors: input.errors }),
        ...(input.peakRssMb !== undefined && { peakRssMb: input.peakRssMb }),
        dataset: ctx.dataset,
      };
    },
    httpScenario: async ({ scenario, service, floor = 'httpEcho', note, ...load }) => {
      await service.rss.reset();
      const result = await ctx.loadTest({ url: service.url as string, ...load });
      return ctx.row({
        scenario,
        figure: result.throughput,
        unit: 'req/s',
        floor,
        p50: result.p50,
        p95: result.p95,
        p99: result.p99,
        errors: result.errors,
        peakRssMb: await service.rss.peakMb(),
        note: [note, result.errors > 0 ? `statuses ${JSON.stringify(result.statuses)}` : undefined].filter(Boolean).join('; ') || undefined,
      });
    },
    log: p.log,
  };
  return ctx;
}

function floorReference(floors: Floors, name: keyof Floors): { figure: number; label: string } {
  const row = floors[name];
  // A floor that failed or was not measured leaves the ratio at 0 rather than inventing one.
  return row ? { figure: row.figure, label: row.scenario.replace(/^floor: /, '') } : { figure: 0, label: `${name} (not measured)` };
}

export interface MachineDescription {
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
}

/** What the figures were measured on, for the results file and BENCHMARKS.md. */
export function describeMachine(): MachineDescription {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
}
