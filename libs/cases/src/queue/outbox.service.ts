import { Injectable, Logger } from '@nestjs/common';
import { Database, SqlExecutor } from '@tutela/persistence';
import { QueueConnection } from './queue-connection';
import { JobKey, JobPayloads } from './queue-contract';

interface OutboxRow {
  id: string;
  queue: string;
  job_name: string;
  job_id: string;
  payload: any;
  due_in_ms: number;
}

/**
 * Transactional outbox: `stage` writes the job in the caller's transaction; `dispatch` enqueues right after commit
 * (fast path) and `relayPending` re-enqueues whatever was committed but never enqueued (queue down, crash after
 * commit). Job ids are stable, so enqueuing twice is harmless.
 */
@Injectable()
export class OutboxService {
  private readonly logger = new Logger(OutboxService.name);

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

  /** Best effort after commit: failures are left for the relay, never surfaced to the request. */
  async dispatch(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    try {
      await this.enqueueAndMark(await this.db.query<OutboxRow>(`${SELECT_PENDING} AND id = ANY($1::bigint[]) ORDER BY id`, [ids]));
    } catch (error) {
      this.logger.warn({ msg: 'outbox dispatch deferred to relay', error: (error as Error).message });
    }
  }

  /** Enqueues up to `limit` pending rows. Returns how many it moved. */
  async relayPending(limit = 200): Promise<number> {
    return this.enqueueAndMark(await this.db.query<OutboxRow>(`${SELECT_PENDING} ORDER BY id LIMIT $1`, [limit]));
  }

  /**
   * No database transaction is held while the queue is called: a slow or absent queue must never keep row locks or
   * an old snapshot open (sync cursors wait for the oldest open transaction). Two relays may pick the same row;
   * enqueuing twice is harmless because job ids are stable.
   */
  private async enqueueAndMark(rows: OutboxRow[]): Promise<number> {
    let moved = 0;
    for (const row of rows) {
      const key = `${row.queue}:${row.job_name}` as JobKey;
      try {
        await this.queues.add(key, row.payload, { jobId: row.job_id, delay: Math.max(0, Number(row.due_in_ms)) });
      } catch (error) {
        // The queue is down: leave this row and the rest for the next relay pass.
        await this.db.query(`UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = $1`, [row.id, (error as Error).message.slice(0, 500)]);
        this.logger.warn({ msg: 'outbox enqueue failed', queue: row.queue, job: row.job_name, error: (error as Error).message });
        return moved;
      }
      await this.db.query(`UPDATE outbox SET enqueued_at = now(), attempts = attempts + 1 WHERE id = $1 AND enqueued_at IS NULL`, [row.id]);
      moved++;
    }
    return moved;
  }
}

const SELECT_PENDING = `
  SELECT id, queue, job_name, job_id, payload,
         (extract(epoch FROM (created_at + delay_ms * interval '1 millisecond' - now())) * 1000)::bigint AS due_in_ms
    FROM outbox WHERE enqueued_at IS NULL`;
