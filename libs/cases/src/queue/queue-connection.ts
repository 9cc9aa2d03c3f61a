import { Job, Processor, Queue, QueueOptions, Worker, WorkerOptions, createPostgresBackend, withBackend } from 'bullmq';
import IORedis from 'ioredis';
import { JobKey, JobPayloads, QueueName, jobOptionsFor, splitJobKey } from './queue-contract';

export type QueueBackendKind = 'redis' | 'postgres';

/**
 * Builds BullMQ queues and workers on Redis (REDIS_URL set) or on BullMQ's PostgreSQL backend (embedded default).
 * Everything above this class is backend-agnostic.
 */
export class QueueConnection {
  readonly kind: QueueBackendKind;
  private readonly queues = new Map<QueueName, Queue>();
  private readonly workers: Worker[] = [];
  private redis?: IORedis;
  private producerRedis?: IORedis;

  constructor(
    private readonly options: { redisUrl?: string; databaseUrl: string; prefix: string },
  ) {
    this.kind = options.redisUrl ? 'redis' : 'postgres';
  }

  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = this.kind === 'redis' ? new Queue(name, this.producerOptions()) : this.postgresClasses().Queue(name);
      queue.on('error', () => undefined); // surfaced through readiness; avoid unhandled 'error' crashes
      this.queues.set(name, queue);
    }
    return queue;
  }

  async add<K extends JobKey>(key: K, payload: JobPayloads[K], options: { jobId?: string; delay?: number } = {}): Promise<Job> {
    const { queue, name } = splitJobKey(key);
    return this.queue(queue).add(name, payload, { ...jobOptionsFor(key), ...options });
  }

  /** Many jobs of one queue in one round trip (the outbox hands over its rows this way). */
  async addBulk(queue: QueueName, jobs: ReadonlyArray<{ name: string; payload: unknown; jobId: string; delay: number }>): Promise<void> {
    await this.queue(queue).addBulk(
      jobs.map((job) => ({ name: job.name, data: job.payload, opts: { ...jobOptionsFor(`${queue}:${job.name}` as JobKey), jobId: job.jobId, delay: job.delay } })),
    );
  }

  worker(name: QueueName, processor: Processor, options: { concurrency: number }): Worker {
    const worker =
      this.kind === 'redis'
        ? new Worker(name, processor, { ...this.redisOptions(), concurrency: options.concurrency } as WorkerOptions)
        : this.postgresClasses().Worker(name, processor, options.concurrency);
    this.workers.push(worker);
    return worker;
  }

  /** Cheap liveness probe of the queue backend for /health/ready. */
  async ping(): Promise<void> {
    await this.queue('system').getJobCounts('waiting');
  }

  /** Workers first (they finish running jobs), then queues and the shared Redis connection. */
  async close(): Promise<void> {
    await Promise.all(this.workers.splice(0).map((w) => w.close()));
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
    for (const connection of [this.redis, this.producerRedis]) await connection?.quit().catch(() => undefined);
  }

  /**
   * Producers fail fast while Redis is unreachable (BullMQ's advice for Queue instances): the caller has already
   * stored the job in the outbox, and the relay enqueues it once Redis is back. Workers keep waiting instead.
   */
  private producerOptions(): QueueOptions {
    if (!this.producerRedis) {
      // Commands wait through one reconnection attempt at most (and 5 s in all), then fail.
      this.producerRedis = new IORedis(this.options.redisUrl as string, { maxRetriesPerRequest: 1, commandTimeout: 5000 });
      this.producerRedis.on('error', () => undefined);
    }
    return { connection: this.producerRedis, prefix: this.options.prefix };
  }

  private redisOptions(): QueueOptions {
    this.redis ??= new IORedis(this.options.redisUrl as string, { maxRetriesPerRequest: null, enableOfflineQueue: true });
    return { connection: this.redis, prefix: this.options.prefix };
  }

  private postgresClasses() {
    const { Queue: PgQueue, Worker: PgWorker } = withBackend(createPostgresBackend);
    // A config object (not a bare string) is the only form that selects a schema: one schema per instance/test run.
    const connection = { connectionString: this.options.databaseUrl, schema: this.options.prefix, migrate: true, max: 5 };
    return {
      Queue: (name: string) => new PgQueue(name, { connection }) as unknown as Queue,
      Worker: (name: string, processor: Processor, concurrency: number) =>
        new PgWorker(name, processor, { connection, concurrency }) as unknown as Worker,
    };
  }
}
