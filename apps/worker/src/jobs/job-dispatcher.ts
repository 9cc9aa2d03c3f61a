import { Inject, Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { TutelaConfig } from '@tutela/common';
import { JOB_KEYS, JobKey, MetricsService, QUEUES, QueueConnection, TUTELA_CONFIG, splitJobKey } from '@tutela/cases';
import type { Job } from 'bullmq';
import { JOB_HANDLER } from './job-handler.decorator';

type Handler = (payload: any, job: Job) => Promise<unknown>;

/**
 * Finds every @JobHandler, refuses to start unless each job of the contract has exactly one, then runs one BullMQ
 * worker per queue that routes jobs by name. On shutdown, workers stop taking jobs and let running ones finish.
 */
@Injectable()
export class JobDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(JobDispatcher.name);
  private handlers = new Map<JobKey, Handler>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly queues: QueueConnection,
    private readonly metrics: MetricsService,
    @Inject(TUTELA_CONFIG) private readonly config: TutelaConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.handlers = collectHandlers(this.discovery, this.scanner, this.reflector);
    for (const queue of Object.values(QUEUES)) {
      const keys = JOB_KEYS.filter((key) => splitJobKey(key).queue === queue);
      if (keys.length === 0) continue;
      const worker = this.queues.worker(queue, (job) => this.run(queue, job), { concurrency: this.config.workerConcurrency });
      worker.on('error', (error) => this.logger.error({ msg: 'worker error', queue, error: error.message }));
    }
    this.logger.log({ msg: 'worker started', jobs: [...this.handlers.keys()], backend: this.queues.kind });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.queues.close();
  }

  private async run(queue: string, job: Job): Promise<unknown> {
    const key = `${queue}:${job.name}` as JobKey;
    const handler = this.handlers.get(key);
    if (!handler) throw new Error(`No handler for job ${key}`);
    try {
      const result = await handler(job.data, job);
      this.metrics.jobsProcessed.inc({ queue, job: job.name, outcome: 'completed' });
      return result;
    } catch (error) {
      this.metrics.jobsProcessed.inc({ queue, job: job.name, outcome: 'failed' });
      this.logger.warn({ msg: 'job failed', queue, job: job.name, jobId: job.id, attempt: job.attemptsMade + 1, error: (error as Error).message });
      throw error;
    }
  }
}

/** Exported for the unit test of the "exactly one handler per job" rule. */
export function collectHandlers(discovery: DiscoveryService, scanner: MetadataScanner, reflector: Reflector): Map<JobKey, Handler> {
  const found = new Map<JobKey, Handler[]>();
  for (const wrapper of discovery.getProviders()) {
    const instance = wrapper.instance as Record<string, unknown> | undefined;
    if (!instance || typeof instance !== 'object') continue;
    for (const method of scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
      const key = reflector.get<JobKey | undefined>(JOB_HANDLER, instance[method] as Handler);
      if (!key) continue;
      found.set(key, [...(found.get(key) ?? []), (instance[method] as Handler).bind(instance)]);
    }
  }
  return assertOneHandlerPerJob(found);
}

export function assertOneHandlerPerJob(found: Map<JobKey, Handler[]>): Map<JobKey, Handler> {
  const problems: string[] = [];
  for (const key of JOB_KEYS) {
    const count = found.get(key)?.length ?? 0;
    if (count !== 1) problems.push(`${key}: ${count} handlers`);
  }
  for (const key of found.keys()) {
    if (!(JOB_KEYS as readonly string[]).includes(key)) problems.push(`${key}: not in the queue contract`);
  }
  if (problems.length) throw new Error(`Every job needs exactly one handler:\n  - ${problems.join('\n  - ')}`);
  return new Map([...found].map(([key, handlers]) => [key, handlers[0]]));
}
