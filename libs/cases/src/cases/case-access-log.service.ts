import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Actor } from '@tutela/common';
import { Database } from '@tutela/persistence';

const FLUSH_INTERVAL_MS = 1000;
const MAX_BUFFER = 500;

interface Entry {
  caseId: string;
  actorId: string;
  at: Date;
  action: string;
}

/**
 * Who opened which case, kept cheap: reads are buffered in memory and written in one multi-row insert per second
 * (or per 500 reads), off the request path; the buffer is flushed on shutdown.
 */
@Injectable()
export class CaseAccessLog implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(CaseAccessLog.name);
  private buffer: Entry[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly db: Database) {
    this.timer = setInterval(() => void this.flush(), FLUSH_INTERVAL_MS);
    this.timer.unref();
  }

  record(actor: Actor, caseId: string, action: string): void {
    this.buffer.push({ caseId, actorId: actor.userId, at: new Date(), action });
    if (this.buffer.length >= MAX_BUFFER) void this.flush();
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    try {
      await this.db.query(
        `INSERT INTO case_access_log (case_id, actor_id, at, action)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::text[])`,
        [batch.map((e) => e.caseId), batch.map((e) => e.actorId), batch.map((e) => e.at), batch.map((e) => e.action)],
      );
    } catch (error) {
      // Keep the entries for the next attempt rather than lose who saw what.
      this.buffer = batch.concat(this.buffer).slice(-10 * MAX_BUFFER);
      this.logger.warn({ msg: 'access log flush failed', entries: batch.length, error: (error as Error).message });
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.flush();
  }

  /** Reads served while HTTP drained; the pool may already be closing, so this is best effort. */
  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    if (this.db.dataSource.isInitialized) await this.flush();
  }
}
