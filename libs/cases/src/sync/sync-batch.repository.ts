import { Injectable } from '@nestjs/common';
import { Database } from '@tutela/persistence';
import { createHash } from 'node:crypto';
import { canonicalJson } from '../configuration/canonical-json';

/** How long per-item results are kept for replay: longer than any tablet waits before retrying a batch. */
export const BATCH_RETENTION_DAYS = 30;

/**
 * Per-item results of pushed batches, keyed by (actor, batchId, item key): a batch retried after a lost response
 * gets the stored results back instead of being applied again, item by item, even if the first attempt stopped
 * half-way. The item's hash tells a genuine retry from a different item sent under a reused batch id.
 */
@Injectable()
export class SyncBatchRepository {
  constructor(private readonly db: Database) {}

  async stored(actorId: string, batchId: string): Promise<Map<string, { hash: string; result: unknown }>> {
    const rows = await this.db.query<{ key: string; hash: string; result: unknown }>(
      `SELECT item_key AS key, item_hash AS hash, result FROM sync_batch_items WHERE actor_id = $1 AND batch_id = $2`,
      [actorId, batchId],
    );
    return new Map(rows.map((r) => [r.key, { hash: r.hash, result: r.result }]));
  }

  async store(actorId: string, batchId: string, key: string, hash: string, result: unknown): Promise<void> {
    await this.db.query(
      `INSERT INTO sync_batch_items (actor_id, batch_id, item_key, item_hash, result) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING`,
      [actorId, batchId, key, hash, JSON.stringify(result)],
    );
  }

  async forgetOld(actorId: string): Promise<void> {
    await this.db.query(`DELETE FROM sync_batch_items WHERE actor_id = $1 AND created_at < now() - make_interval(days => $2)`, [actorId, BATCH_RETENTION_DAYS]);
  }

  hash(item: unknown): string {
    return createHash('sha256').update(canonicalJson(item)).digest('base64url');
  }
}
