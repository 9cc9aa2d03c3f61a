import { Pool } from 'pg';
import { CaseRow } from '../generate/case-insert';
import { shortIdOf } from '../generate/case-factory';
import { buildCaseRows } from '../generate/generate-cases';

/**
 * A throw-away table shaped like `cases` (same columns, defaults, generated columns, indexes and row triggers, logged
 * like it), so the insert floors pay what a case insert pays without adding rows to the dataset the scenarios query.
 * Dropped by `drop()`.
 */
export async function createScratchCases(db: Pool, name: string): Promise<{ table: string; drop(): Promise<void> }> {
  if (!/^bench_[a-z0-9_]+$/.test(name)) throw new Error(`Invalid scratch table name: ${name}`);
  await db.query(`DROP TABLE IF EXISTS ${name}`);
  await db.query(`CREATE TABLE ${name} (LIKE cases INCLUDING DEFAULTS INCLUDING GENERATED INCLUDING CONSTRAINTS INCLUDING INDEXES)`);
  // LIKE copies no trigger; the sync change stamp (and any later row trigger) is part of every case insert.
  const { rows: triggers } = await db.query<{ definition: string }>(
    `SELECT pg_get_triggerdef(oid) AS definition FROM pg_trigger WHERE tgrelid = 'cases'::regclass AND NOT tgisinternal`,
  );
  for (const { definition } of triggers) await db.query(definition.replace(/ ON public\.cases /, ` ON ${name} `));
  return { table: name, drop: async () => void (await db.query(`DROP TABLE IF EXISTS ${name}`)) };
}

/**
 * An endless supply of generated case rows: a few thousand distinct ones, reused with fresh ids and short ids so
 * every insert is a new row (building a row costs the client ~0.1 ms, which is not what a floor should measure).
 */
export class RowSupply {
  private readonly rows: CaseRow[];
  private next = 0;

  constructor(distinct = 2000, seed = 'floors') {
    // Indices far above any dataset's, so short ids never meet the generated cases' (they share a generator).
    this.rows = buildCaseRows(distinct, { seed, startIndex: 100_000_000 });
  }

  take(): CaseRow {
    const index = this.next++;
    const row = this.rows[index % this.rows.length];
    const shortId = shortIdOf(150_000_000 + index);
    return { ...row, id: `${row.id.slice(0, -12)}${index.toString(16).padStart(12, '0')}`, short_id: shortId };
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
