import { Injectable } from '@nestjs/common';
import { QueueConnection } from '../queue/queue-connection';
import { JobPayloads, QUEUES } from '../queue/queue-contract';

/** Proves the queue → worker pipeline end to end, and shows administrators what failed. */
@Injectable()
export class DiagnosticService {
  constructor(private readonly queues: QueueConnection) {}

  async enqueue(payload: JobPayloads['system:diagnostic']): Promise<{ jobId: string }> {
    const job = await this.queues.add('system:diagnostic', payload);
    return { jobId: String(job.id) };
  }

  /** Handler of `system:diagnostic`. A requested failure exercises retries and the failed set. */
  async run(payload: JobPayloads['system:diagnostic']): Promise<{ token: string; pid: number }> {
    if (payload.workMs) await new Promise((resolve) => setTimeout(resolve, Math.min(payload.workMs ?? 0, 60_000)));
    if (payload.fail) throw new Error('diagnostic failure requested');
    return { token: payload.token, pid: process.pid };
  }

  /** Counts per queue and the most recent failed jobs (no payloads: they may reference cases). */
  async overview(): Promise<unknown> {
    return Promise.all(
      Object.values(QUEUES).map(async (name) => {
        const queue = this.queues.queue(name);
        const [counts, failed] = await Promise.all([
          queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed'),
          queue.getFailed(0, 19),
        ]);
        return {
          queue: name,
          counts,
          failed: failed.map((job) => ({
            id: job.id,
            name: job.name,
            attemptsMade: job.attemptsMade,
            failedReason: job.failedReason,
            finishedOn: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
          })),
        };
      }),
    );
  }
}
