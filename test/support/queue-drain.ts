import { QUEUES, QueueConnection } from '@tutela/cases';
import type { Job } from 'bullmq';

/** Resolves once no queue has waiting, active or delayed jobs (and the outbox is empty when `db` is given). */
export async function waitForQueuesToDrain(queues: QueueConnection, timeoutMs = 20_000): Promise<void> {
  await waitUntil(async () => {
    for (const name of Object.values(QUEUES)) {
      const counts = await queues.queue(name).getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      if (Object.values(counts).some((n) => Number(n) > 0)) return false;
    }
    return true;
  }, timeoutMs, 'queues to drain');
}

/** Resolves with the job once it has completed or failed for good. */
export async function waitForJobToSettle(queues: QueueConnection, queue: keyof typeof QUEUES, jobId: string, timeoutMs = 20_000): Promise<Job> {
  await waitUntil(async () => {
    const state = await queues.queue(QUEUES[queue]).getJobState(jobId);
    return state === 'completed' || state === 'failed';
  }, timeoutMs, `job ${jobId} to settle`);
  // Read the job only once it has settled: a copy read earlier would lack its result.
  return (await queues.queue(QUEUES[queue]).getJob(jobId)) as Job;
}

export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string, intervalMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
}
