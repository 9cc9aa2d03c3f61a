import { DEFAULT_JOB_OPTIONS, QueueConnection } from '@tutela/cases';
import type { BenchRow } from '../bench-row';
import type { BenchContext } from '../support/bench-context';
import { removeQueueNamespace } from '../support/queue-settings';
import { round } from '../support/stats';

const CHUNK = 200;
const SETTLE_TIMEOUT_MS = 120_000;

/**
 * BullMQ no-op jobs per second through a real queue and worker, on the run's backend (Redis, or BullMQ's
 * PostgreSQL backend in a scratch schema), built by the service's own QueueConnection with the contract's default
 * job options and the service's worker concurrency: the ceiling for anything the workflow runs through jobs.
 */
export async function bullmqFloor(ctx: BenchContext): Promise<BenchRow> {
  const prefix = `${ctx.queue.prefix}_floor`;
  const queues = new QueueConnection({ redisUrl: ctx.queue.redisUrl, databaseUrl: ctx.databaseUrl, prefix });
  // Redis runs jobs ~10x faster than the PostgreSQL backend: size the run so each lasts a few seconds.
  const jobs = (ctx.queue.kind === 'redis' ? 5 : 1) * (ctx.quick ? 1000 : 5000);
  let completed = 0;
  let failed = 0;
  let onProgress = () => undefined as void;
  const worker = queues.worker('system', async () => undefined, { concurrency: ctx.workerConcurrency });
  worker.on('completed', () => {
    completed += 1;
    onProgress();
  });
  worker.on('failed', () => {
    failed += 1;
    onProgress();
  });
  const queue = queues.queue('system');
  const enqueue = async (from: number, count: number) => {
    for (let i = from; i < from + count; i += CHUNK) {
      const size = Math.min(CHUNK, from + count - i);
      await queue.addBulk(Array.from({ length: size }, (_, k) => ({ name: 'bench-noop', data: { i: i + k }, opts: DEFAULT_JOB_OPTIONS })));
    }
  };
  const settled = (target: number) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${completed + failed} of ${target} jobs settled in ${SETTLE_TIMEOUT_MS / 1000} s`)), SETTLE_TIMEOUT_MS);
      timer.unref();
      onProgress = () => {
        if (completed + failed >= target) {
          clearTimeout(timer);
          resolve();
        }
      };
      onProgress();
    });
  try {
    // Warm-up: the backend's first jobs pay for connections, schema checks and script loading.
    const warmup = Math.min(200, jobs / 10);
    await Promise.all([enqueue(0, warmup), settled(warmup)]);
    completed = 0;
    failed = 0;
    const started = performance.now();
    let note = `${jobs.toLocaleString('en')} jobs added in bulk (${CHUNK} per call) while one worker of concurrency ${ctx.workerConcurrency} ran them; ${ctx.queue.kind}`;
    try {
      await Promise.all([enqueue(warmup, jobs), settled(jobs)]);
    } catch (error) {
      note += `; ${(error as Error).message}`;
    }
    const figure = round((completed * 1000) / (performance.now() - started), 1);
    return ctx.row({ scenario: 'floor: BullMQ no-op jobs', figure, unit: 'jobs/s', floor: { figure, label: '(floor)' }, errors: jobs - completed, note });
  } finally {
    await queues.close();
    await removeQueueNamespace(ctx.queue, ctx.databaseUrl, prefix);
  }
}
