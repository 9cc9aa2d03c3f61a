import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { Database, SqlExecutor } from '@tutela/persistence';
import { QueueConnection } from './queue-connection';
import { JobKey, JobPayloads, QueueName } from './queue-contract';

interface OutboxRow {
  id: string;
  queue: string;
  job_name: string;
  job_id: string;
  payload: any;
  due_in_ms: number;
}

/** Most rows one dispatch pass moves; what is left goes in the next pass. */
const DISPATCH_BATCH = 500;

/**
 * Transactional outbox: `stage` writes the job in the caller's transaction; `dispatch` enqueues right after commit
 * (fast path) and `relayPending` re-enqueues whatever was committed but never enqueued (queue down, crash after
 * commit). Job ids are stable, so enqueuing twice is harmless.
 *
 * Dispatch is batched: ids handed over while a pass is running wait for the next pass, which reads them in one
 * query, enqueues them with one `addBulk` per queue and marks them in one update. Under load a write then costs a
 * fraction of a round trip instead of three; when idle a pass starts at once, so a job starts as soon as before.
 */
@Injectable()
export class OutboxService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxService.name);
  private waiting: Array<{ ids: string[]; done: () => void }> = [];
  private pass?: Promise<void>;

  constructor(
    private readonly db: Database,
    private readonly queues: QueueConnection,
  ) {}

  async stage<K extends JobKey>(tx: SqlExecutor, key: K, payload: JobPayloads[K], options: { jobId: string; delayMs?: number }): Promise<string> {
    const [queue, jobName] = key.split(':');
    const rows = await tx.query<{ id: string }>(
      `INSERT INTO outbox (queue, job_name, job_id, payload, delay_ms) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [queue, jobName, options.jobId, JSON.stringify(payload), Math.max(0, Math.round(options.delayMs ?? 0))],
    );
    return rows[0].id;
  }

  /**
   * Best effort after commit, resolved once these rows were handed to the queue (or left to the relay): failures are
   * logged for the relay to retry, never surfaced to the request.
   */
  dispatch(ids: string[]): Promise<void> {
    if (ids.length === 0) return Promise.resolve();
    const handed = new Promise<void>((done) => this.waiting.push({ ids, done }));
    this.pass ??= this.dispatchWaiting().finally(() => (this.pass = undefined));
    return handed;
  }

  /** Enqueues up to `limit` pending rows. Returns how many it moved. */
  async relayPending(limit = 200): Promise<number> {
    return this.enqueueAndMark(await this.db.query<OutboxRow>(`${SELECT_PENDING} ORDER BY id LIMIT $1`, [limit]));
  }

  /** Rows committed before shutdown are handed over (or left, safely, to the relay of the next start). */
  async beforeApplicationShutdown(): Promise<void> {
    await this.pass;
  }

  private async dispatchWaiting(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.takeBatch();
      try {
        await this.enqueueAndMark(await this.db.query<OutboxRow>(`${SELECT_PENDING} AND id = ANY($1::bigint[]) ORDER BY id`, [batch.flatMap((w) => w.ids)]));
      } catch (error) {
        this.logger.warn({ msg: 'outbox dispatch deferred to relay', error: (error as Error).message });
      } finally {
        for (const waiter of batch) waiter.done();
      }
    }
  }

  private takeBatch(): Array<{ ids: string[]; done: () => void }> {
    let size = 0;
    let count = 0;
    while (count < this.waiting.length && (count === 0 || size + this.waiting[count].ids.length <= DISPATCH_BATCH)) size += this.waiting[count++].ids.length;
    return this.waiting.splice(0, count);
  }

  /**
   * One `addBulk` per queue, then one update marking what went. No database transaction is held while the queue is
   * called: a slow or absent queue must never keep row locks or an old snapshot open (sync cursors wait for the
   * oldest open transaction). Two relays may pick the same row; enqueuing twice is harmless (stable job ids).
   */
  private async enqueueAndMark(rows: OutboxRow[]): Promise<number> {
    const moved: string[] = [];
    for (const [queue, queueRows] of groupByQueue(rows)) {
      try {
        await this.queues.addBulk(
          queue,
          queueRows.map((row) => ({ name: row.job_name, payload: row.payload, jobId: row.job_id, delay: Math.max(0, Number(row.due_in_ms)) })),
        );
        moved.push(...queueRows.map((row) => row.id));
      } catch (error) {
        // The queue is down: leave these rows for the next relay pass.
        await this.db.query(`UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = ANY($1::bigint[])`, [
          queueRows.map((row) => row.id),
          (error as Error).message.slice(0, 500),
        ]);
        this.logger.warn({ msg: 'outbox enqueue failed', queue, jobs: queueRows.length, error: (error as Error).message });
      }
    }
    if (moved.length > 0) {
      await this.db.query(`UPDATE outbox SET enqueued_at = now(), attempts = attempts + 1 WHERE id = ANY($1::bigint[]) AND enqueued_at IS NULL`, [moved]);
    }
    return moved.length;
  }
}

function groupByQueue(rows: OutboxRow[]): Map<QueueName, OutboxRow[]> {
  const byQueue = new Map<QueueName, OutboxRow[]>();
  for (const row of rows) {
    const queue = row.queue as QueueName;
    const list = byQueue.get(queue);
    if (list) list.push(row);
    else byQueue.set(queue, [row]);
  }
  return byQueue;
}

const SELECT_PENDING = `
  SELECT id, queue, job_name, job_id, payload,
         (extract(epoch FROM (created_at + delay_ms * interval '1 millisecond' - now())) * 1000)::bigint AS due_in_ms
    FROM outbox WHERE enqueued_at IS NULL`;
