import { INestApplicationContext } from '@nestjs/common';
import { DiagnosticService, OutboxService, QueueConnection } from '@tutela/cases';
import { Database } from '@tutela/persistence';
import { randomUUID } from 'node:crypto';
import { waitForJobToSettle, waitUntil } from '../support/queue-drain';
import { isolatedEnvironment } from '../support/isolated-database';
import { startTestWorker } from '../support/test-worker';

// Runs on Redis when REDIS_URL is set and on BullMQ's PostgreSQL backend otherwise; CI runs both.
// A database and queue namespace of its own: workers and outbox relays of other suites must not take these jobs
// (the assertions name this worker and this outbox row).
let QUEUE_ENV: Record<string, string>;
beforeAll(async () => {
  QUEUE_ENV = await isolatedEnvironment('pipeline');
});

describe(`queue pipeline on ${process.env.REDIS_URL ? 'Redis' : 'PostgreSQL'}`, () => {
  let worker: INestApplicationContext;
  let queues: QueueConnection;

  beforeAll(async () => {
    worker = await startTestWorker(QUEUE_ENV);
    queues = worker.get(QueueConnection);
  });
  afterAll(async () => {
    await worker.close();
  });

  it('processes a job enqueued through the contract', async () => {
    const token = randomUUID();
    const { jobId } = await worker.get(DiagnosticService).enqueue({ token });
    const job = await waitForJobToSettle(queues, 'system', jobId);
    expect(await job.getState()).toBe('completed');
    expect(job.returnvalue).toEqual({ token, pid: process.pid });
  });

  it('retries a failing job with exponential backoff and keeps it in the failed set', async () => {
    const { jobId } = await worker.get(DiagnosticService).enqueue({ token: randomUUID(), fail: true });
    const job = await waitForJobToSettle(queues, 'system', jobId);
    expect(await job.getState()).toBe('failed');
    expect(job.attemptsMade).toBe(3);
    expect(job.opts.backoff).toEqual({ type: 'exponential', delay: 200 });
    // Exponential: 200 ms then 400 ms between the three attempts.
    expect((job.finishedOn ?? 0) - job.timestamp).toBeGreaterThanOrEqual(600);
    const failed = await queues.queue('system').getFailed();
    expect(failed.map((j) => j.id)).toContain(jobId);
  });

  it('relays a committed outbox row that was never enqueued', async () => {
    const db = worker.get(Database);
    const token = randomUUID();
    const jobId = `diag-${token}`;
    await db.transaction((tx) => worker.get(OutboxService).stage(tx, 'system:diagnostic', { token }, { jobId }));
    const job = await waitForJobToSettle(queues, 'system', jobId);
    expect(job.returnvalue.token).toBe(token);
    await waitUntil(async () => {
      const [row] = await db.query(`SELECT enqueued_at FROM outbox WHERE job_id = $1`, [jobId]);
      return row.enqueued_at !== null;
    }, 5000, 'outbox row to be marked');
  });

  it('hands over rows dispatched by concurrent requests, each marked once, in batches', async () => {
    const db = worker.get(Database);
    const outbox = worker.get(OutboxService);
    const tokens = Array.from({ length: 12 }, () => randomUUID());
    const ids = await Promise.all(tokens.map((token) => db.transaction((tx) => outbox.stage(tx, 'system:diagnostic', { token }, { jobId: `batch-${token}` }))));
    // As requests do after commit: several dispatches in flight at once; each resolves once its rows were handed over.
    await Promise.all([outbox.dispatch(ids.slice(0, 5)), outbox.dispatch(ids.slice(5, 6)), outbox.dispatch(ids.slice(6))]);
    const rows = await db.query<{ enqueued_at: Date | null; attempts: number }>(`SELECT enqueued_at, attempts FROM outbox WHERE id = ANY($1::bigint[])`, [ids]);
    expect(rows).toHaveLength(12);
    for (const row of rows) expect(row).toEqual({ enqueued_at: expect.any(Date), attempts: 1 });
    for (const token of tokens) expect((await waitForJobToSettle(queues, 'system', `batch-${token}`)).returnvalue.token).toBe(token);
  });
});

describe('graceful worker shutdown', () => {
  it('lets a running job finish before the worker closes', async () => {
    const worker = await startTestWorker(QUEUE_ENV);
    const queues = worker.get(QueueConnection);
    const { jobId } = await worker.get(DiagnosticService).enqueue({ token: randomUUID(), workMs: 700 });
    await waitUntil(async () => (await queues.queue('system').getJob(jobId))?.getState().then((s) => s === 'active') ?? false, 10_000, 'job to start');
    await worker.close();
    // A fresh connection: the worker's own was closed with it.
    const observer = await openQueueConnection();
    try {
      const job = await observer.queue('system').getJob(jobId);
      expect(await job?.getState()).toBe('completed');
    } finally {
      await observer.close();
    }
  });
});

async function openQueueConnection(): Promise<QueueConnection> {
  const { loadConfig } = await import('@tutela/common');
  const config = loadConfig({ ...process.env, ...QUEUE_ENV });
  return new QueueConnection({ redisUrl: config.redisUrl, databaseUrl: config.databaseUrl as string, prefix: config.queuePrefix });
}
