import type { JobsOptions } from 'bullmq';

/**
 * The queue contract: queue names, job names, payload types and default job options. It is a stored contract:
 * jobs outlive deployments in Redis/PostgreSQL, so a name or payload field is never renamed, only added.
 */
export const QUEUES = {
  workflow: 'workflow',
  cases: 'cases',
  exports: 'exports',
  imports: 'imports',
  system: 'system',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface JobPayloads {
  /** A workflow timer (deadline, reminder) came due. */
  'workflow:fire-timer': { timerId: string; caseId: string };
  /** Apply a stored transition request (and any older queued one of the same case, in order). */
  'workflow:apply-transition': { requestId: string; caseId: string };
  /** Write the file of an export (exports row id; a password stays encrypted in the row, never in the payload). */
  'exports:generate': { exportId: string };
  /** Remove an export's file once it expires (also sweeps any other expired export). */
  'exports:expire': { exportId: string };
  /** Validate and store the rows of an uploaded import file. */
  'imports:run': { importId: string };
  /** Look for likely duplicates of a new or changed case and alert the cases involved. */
  'cases:scan-duplicates': { caseId: string };
  /** The same scan, for a case stored in bulk (an import's cases, released when the import ends): runs after interactive jobs. */
  'cases:scan-duplicates-bulk': { caseId: string };
  /** Round trip through queue and worker; operators and tests use it to prove the pipeline. */
  'system:diagnostic': { token: string; fail?: boolean; /** Simulated work, to observe draining on shutdown. */ workMs?: number };
}
export type JobKey = keyof JobPayloads;

/** Every job of the contract. The worker refuses to start unless each has exactly one handler. */
export const JOB_KEYS = ['system:diagnostic', 'workflow:fire-timer', 'workflow:apply-transition', 'exports:generate', 'exports:expire', 'imports:run', 'cases:scan-duplicates', 'cases:scan-duplicates-bulk'] as const satisfies readonly JobKey[];

export function splitJobKey(key: JobKey): { queue: QueueName; name: string } {
  const [queue, name] = key.split(':') as [QueueName, string];
  return { queue, name };
}

/** Retries with exponential backoff for transient failures; failed jobs are kept for administrators to inspect. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 6,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: false,
};

/** Per-job overrides of the defaults. */
export const JOB_OPTIONS: Partial<Record<JobKey, JobsOptions>> = {
  'exports:generate': { attempts: 3, backoff: { type: 'exponential', delay: 2000 } },
  'imports:run': { attempts: 3, backoff: { type: 'exponential', delay: 2000 } },
  'system:diagnostic': { attempts: 3, backoff: { type: 'exponential', delay: 200 } },
  'workflow:apply-transition': { attempts: 10, backoff: { type: 'exponential', delay: 250 } },
  // Any priority puts a job behind every job without one (BullMQ takes the wait list before the prioritized set):
  // thousands of imported cases' scans never delay a create's scan, a transition or an export.
  'cases:scan-duplicates-bulk': { priority: 10 },
};

export const jobOptionsFor = (key: JobKey): JobsOptions => ({ ...DEFAULT_JOB_OPTIONS, ...JOB_OPTIONS[key] });
