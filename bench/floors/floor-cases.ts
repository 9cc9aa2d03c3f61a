import { REFRESH_LOCK_KEY } from '@tutela/cases';
import { Client } from 'pg';
import { CaseRow } from '../generate/case-insert';
import { buildCaseRows } from '../generate/generate-cases';

/**
 * Short ids of floor rows start with this character, which neither the service nor the generator ever uses (their
 * alphabet has no 0 or 1): the floor's rows are found by a range scan of the unique short-id index, even those an
 * interrupted run left behind.
 */
const FLOOR_SHORT_ID_PREFIX = '0';
const FLOOR_SHORT_ID_END = '1';
/** A delete can meet a duplicate scan raising an alert about a floor row at that moment (a foreign key): retried. */
const REMOVE_ATTEMPTS = 3;

/**
 * Runs `measure` while floor rows may be in the dataset's own `cases`, then takes them out. The insert floors write
 * into the very table the creates and imports they are compared with write into (its size, its indexes' sizes, its
 * GIN pending lists, dead rows and autovacuum state): an empty copy of it measured a different table. While the rows
 * are in, this session holds the statistics refresh lock (a worker's refresh skips its turn, so no count includes
 * them); afterwards the rows go, with any duplicate alert a scan raised about them meanwhile. Their dead tuples stay
 * for autovacuum, like those of any deleted row.
 */
export async function withFloorRowsInCases<T>(databaseUrl: string, measure: () => Promise<T>): Promise<T> {
  const guard = new Client({ connectionString: databaseUrl, application_name: 'tutela-bench-floor-guard' });
  await guard.connect();
  try {
    await guard.query('SELECT pg_advisory_lock($1)', [REFRESH_LOCK_KEY]);
    await removeFloorRows(guard);
    return await measure();
  } finally {
    // Ending the session releases the lock, also when the delete fails.
    await removeFloorRows(guard).finally(() => guard.end());
  }
}

/**
 * `VACUUM cases`, for after a series of floor runs: each leaves its rows as dead tuples (tens of thousands per run
 * at a million cases) whose index entries the list scans would wade through until autovacuum comes, and on a
 * database reused run after run they pile up (after three runs, the list p95 went from 8 to 30 ms). Vacuumed, the
 * table is in the state autovacuum keeps it in, as after the dataset's load.
 */
export async function vacuumCases(databaseUrl: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrl, application_name: 'tutela-bench-floor-vacuum' });
  await client.connect();
  try {
    await client.query('VACUUM cases');
  } finally {
    await client.end();
  }
}

/** Deletes every floor row of `cases` and the alerts naming one; returns how many rows went. */
async function removeFloorRows(db: Client): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    await db.query('BEGIN');
    try {
      const { rows } = await db.query<{ id: string }>(
        `SELECT id FROM cases WHERE short_id >= $1 AND short_id < $2 AND starts_with(short_id, $1)`,
        [FLOOR_SHORT_ID_PREFIX, FLOOR_SHORT_ID_END],
      );
      const ids = rows.map((r) => r.id);
      if (ids.length > 0) {
        await db.query(`DELETE FROM alerts WHERE case_id = ANY($1::uuid[]) OR message->>'otherCaseId' = ANY($1::uuid[]::text[])`, [ids]);
        await db.query(`DELETE FROM cases WHERE id = ANY($1::uuid[])`, [ids]);
      }
      await db.query('COMMIT');
      return ids.length;
    } catch (error) {
      await db.query('ROLLBACK');
      if ((error as { code?: string }).code !== '23503' || attempt === REMOVE_ATTEMPTS) throw error;
    }
  }
}

/**
 * An endless supply of generated case rows: a few thousand distinct ones, reused with fresh ids and short ids so
 * every insert is a new row (building a row costs the client ~0.1 ms, which is not what a floor should measure).
 * Short ids carry the floor prefix (see withFloorRowsInCases), in the row and in its identifier search column.
 */
export class RowSupply {
  private readonly rows: CaseRow[];
  private next = 0;

  constructor(distinct = 2000, seed = 'floors') {
    this.rows = buildCaseRows(distinct, { seed, startIndex: 100_000_000 });
  }

  take(): CaseRow {
    const index = this.next++;
    const row = this.rows[index % this.rows.length];
    const shortId = `${FLOOR_SHORT_ID_PREFIX}${index.toString(36).padStart(6, '0')}`;
    return {
      ...row,
      id: `${row.id.slice(0, -12)}${index.toString(16).padStart(12, '0')}`,
      short_id: shortId,
      search_identifiers: row.search_identifiers.map((identifier) => (identifier === row.short_id ? shortId : identifier)),
    };
  }

  /** The distinct rows every `take` is derived from (ids aside). */
  distinct(): readonly CaseRow[] {
    return this.rows;
  }

  batch(size: number): CaseRow[] {
    return Array.from({ length: size }, () => this.take());
  }
}

/**
 * The floors' load loop: one unmeasured warm-up batch, then `total` rows in batches of `batch` on `streams`
 * concurrent senders. `send` returns the rows it stored (0 on error). Returns rows/s of the measured part.
 */
export async function timedBatches(total: number, batch: number, streams: number, send: (rows: number) => Promise<number>): Promise<number> {
  await send(batch);
  const started = performance.now();
  let queued = 0;
  const senders = Array.from({ length: streams }, async () => {
    let done = 0;
    while (queued < total) {
      const rows = Math.min(batch, total - queued);
      queued += rows;
      done += await send(rows);
    }
    return done;
  });
  const stored = (await Promise.all(senders)).reduce((a, b) => a + b, 0);
  return (stored * 1000) / (performance.now() - started);
}
