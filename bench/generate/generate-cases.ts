import * as path from 'node:path';
import { CaseRow, Queryable, caseInsertSql, rowsOf } from './case-insert';
import { BenchOwner, CaseFactory, DuplicateTruth } from './case-factory';
import { LocationChoices, loadLocations } from './locations';
import { Random } from './random';
import { loadVocabulary } from './vocabulary';

export interface GenerateOptions {
  count: number;
  seed?: string | number;
  /** Share of cases that are near-duplicates of an earlier child (0-1); recorded in `bench_duplicate_truth`. */
  duplicateShare?: number;
  /** Case owners: ids (agencies assigned 4 ministry : 1 ngo_partner) or id/agency pairs. Default: defaultOwners(count). */
  owners?: ReadonlyArray<string | BenchOwner>;
  /** The country pack to read locations and option lists from (default `form-definitions/mli`). */
  packDir?: string;
  /** Rows per INSERT statement (default DEFAULT_BATCH_ROWS). */
  batchSize?: number;
  /** INSERT statements in flight at once (the connection pool must allow as many). */
  concurrency?: number;
  /** The end of the two years cases are spread over (default: the start of today, UTC). */
  anchor?: Date;
  /** First case index (short ids are derived from it); default: the number of cases already in the table. */
  startIndex?: number;
  /**
   * Drop the secondary indexes of an empty `cases` table during the load and build them after (the classic bulk
   * load: one sorted build per index instead of millions of insertions). Default: when the table is empty and at
   * least 10,000 cases are asked for. Constraint indexes (primary key, unique short id) stay.
   */
  deferIndexes?: boolean;
  /** Called every PROGRESS_ROWS rows or so, and once at the end. */
  onProgress?: (progress: GenerateProgress) => void;
}

export interface GenerateProgress {
  inserted: number;
  total: number;
  elapsedMs: number;
  rowsPerSecond: number;
}

export interface GenerateResult extends GenerateProgress {
  duplicates: number;
  startIndex: number;
  locationsSource: string;
}

export const TRUTH_TABLE = 'bench_duplicate_truth';

/**
 * Rows per INSERT. Measured on 30,000 cases: 500-row statements take a third less of the generator's CPU than
 * 5,000-row ones (6.1 s against 9.6 s, half of it garbage collection and copies of an 18 MB parameter string) and
 * PostgreSQL no more, while the per-statement cost stays negligible.
 */
export const DEFAULT_BATCH_ROWS = 500;
/** Progress is reported about this often (rows), not per batch: a log line per 500 rows would drown the output. */
const PROGRESS_ROWS = 10_000;

/**
 * Connection options for a loader's pool (pg `options`): a GIN pending list of 64 MB instead of 4 MB lets the
 * GIN indexes (data, names, phonetic codes) take a batch in far fewer, larger merges — a third faster on 2 cores —
 * when rows go into an indexed table; 256 MB of maintenance memory lets deferred index builds sort in memory.
 * Session-only: the service's own connections keep the defaults.
 */
export const LOADER_SESSION_OPTIONS = '-c gin_pending_list_limit=65536 -c maintenance_work_mem=262144';

const INSERT_CASES = caseInsertSql('cases');
// Both tables in one statement, so a batch's duplicates are recorded exactly when its cases are.
const INSERT_BATCH = `WITH inserted AS (${INSERT_CASES} RETURNING 1)
  INSERT INTO ${TRUTH_TABLE} (case_id, original_id, mutations)
  SELECT case_id, original_id, mutations FROM json_to_recordset($2::json) AS t(case_id uuid, original_id uuid, mutations text[])`;

/**
 * Loads `count` realistic cases straight into `cases` (every indexed column consistent with `data`) in batches of
 * multi-row inserts, and records injected near-duplicates in `bench_duplicate_truth` (created here when missing:
 * it belongs to benchmark databases, not to the schema). Deterministic: the same seed on the same table state gives
 * the same rows.
 */
export async function generateCases(db: Queryable, options: GenerateOptions): Promise<GenerateResult> {
  const count = Math.max(0, Math.floor(options.count));
  const share = Math.min(1, Math.max(0, options.duplicateShare ?? 0.05));
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_ROWS);
  const concurrency = Math.max(1, options.concurrency ?? 2);
  await db.query(`CREATE TABLE IF NOT EXISTS ${TRUTH_TABLE} (
    case_id uuid PRIMARY KEY, original_id uuid NOT NULL, mutations text[] NOT NULL DEFAULT '{}')`);
  const startIndex = options.startIndex ?? Number(rowsOf<{ n: string }>(await db.query('SELECT count(*) AS n FROM cases'))[0].n);

  const { factory, locations } = factoryFor(options, startIndex, count);
  const deferred = (options.deferIndexes ?? count >= 10_000) && startIndex === 0 ? await dropSecondaryIndexes(db) : [];

  const started = Date.now();
  let inserted = 0;
  let duplicates = 0;
  let reported = 0;
  const progress = (): GenerateProgress => {
    const elapsedMs = Date.now() - started;
    return { inserted, total: count, elapsedMs, rowsPerSecond: elapsedMs > 0 ? (inserted * 1000) / elapsedMs : 0 };
  };
  const inFlight = new Set<Promise<void>>();
  try {
    for (let from = 0; from < count; from += batchSize) {
      const rows: CaseRow[] = [];
      const truth: DuplicateTruth[] = [];
      for (let i = from; i < Math.min(count, from + batchSize); i++) {
        // Evenly spread, exactly floor(count × share) duplicates, never the first case (it has no original).
        const duplicate = Math.floor((i + 1) * share) > Math.floor(i * share);
        const next = factory.next(startIndex + i, duplicate);
        rows.push(next.row);
        if (next.truth) truth.push(next.truth);
      }
      const insert = db.query(INSERT_BATCH, [JSON.stringify(rows), JSON.stringify(truth)]).then(() => {
        inserted += rows.length;
        duplicates += truth.length;
        if (inserted - reported >= PROGRESS_ROWS || inserted === count) {
          reported = inserted;
          options.onProgress?.(progress());
        }
      });
      const tracked = insert.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
      if (inFlight.size >= concurrency) await Promise.race(inFlight);
    }
  } catch (error) {
    // Let the other batches settle so no rejection goes unhandled after we report the first one.
    await Promise.allSettled(inFlight);
    throw error;
  }
  await Promise.all(inFlight);
  await buildIndexes(db, deferred, concurrency);
  // Merges GIN pending lists (see LOADER_SESSION_OPTIONS), sets the visibility map and refreshes statistics: the
  // table then looks like one autovacuum has kept, which is what the benchmarks should query.
  await db.query('VACUUM (ANALYZE) cases');
  return { ...progress(), duplicates, startIndex, locationsSource: locations.source };
}

/** The definitions of the indexes of `cases` that back no constraint, dropped; to be built again by `buildIndexes`. */
async function dropSecondaryIndexes(db: Queryable): Promise<string[]> {
  const indexes = rowsOf<{ name: string; definition: string }>(
    await db.query(`SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
                      FROM pg_index i
                     WHERE i.indrelid = 'cases'::regclass
                       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)`),
  );
  for (const index of indexes) await db.query(`DROP INDEX ${index.name}`);
  return indexes.map((index) => index.definition);
}

/**
 * Builds the dropped indexes, `concurrency` at a time (the loader's sessions give each build a generous
 * maintenance_work_mem: see LOADER_SESSION_OPTIONS). A failed build surfaces: a bench database without its indexes
 * must not be measured.
 */
async function buildIndexes(db: Queryable, definitions: string[], concurrency: number): Promise<void> {
  const queue = [...definitions];
  const builders = Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
    for (let definition = queue.shift(); definition; definition = queue.shift()) {
      await db.query(definition);
    }
  });
  await Promise.all(builders);
}

/** `count` rows exactly as generateCases would insert them, without a database (the insert floors send these). */
export function buildCaseRows(count: number, options: Omit<GenerateOptions, 'count'> = {}): CaseRow[] {
  const { factory } = factoryFor(options, options.startIndex ?? 0, count);
  return Array.from({ length: count }, (_, i) => factory.next((options.startIndex ?? 0) + i, false).row);
}

function factoryFor(options: Omit<GenerateOptions, 'count'>, startIndex: number, count: number): { factory: CaseFactory; locations: LocationChoices } {
  const packDir = options.packDir ?? path.resolve('form-definitions', 'mli');
  const locations = loadLocations(packDir);
  const factory = new CaseFactory(
    new Random(`${options.seed ?? 1}:${startIndex}`),
    loadVocabulary(packDir),
    locations,
    ownersOf(options.owners, count),
    options.anchor ?? startOfTodayUtc(),
  );
  return { factory, locations };
}

/** Cases per generated case worker: about what one holds over the two years the cases span (open and closed). */
export const CASES_PER_OWNER = 200;

/**
 * Case workers for `count` cases: one per CASES_PER_OWNER cases (at least 50), always the same ids for the same
 * number (drawn from a fixed seed), four in five in the ministry and one in five in the partner NGO. A realistic
 * caseload matters: own-scope lists and dashboards of a worker holding 20,000 cases would measure a caseload no
 * social worker has.
 */
export function defaultOwners(count = 0): BenchOwner[] {
  const rng = new Random('tutela-bench-owners');
  return Array.from({ length: Math.max(50, Math.ceil(count / CASES_PER_OWNER)) }, (_, i) => ({ id: rng.uuid(), agencyId: i % 5 === 4 ? 'ngo_partner' : 'ministry' }));
}

function ownersOf(owners: GenerateOptions['owners'], count: number): BenchOwner[] {
  if (!owners || owners.length === 0) return defaultOwners(count);
  return owners.map((o, i) => (typeof o === 'string' ? { id: o, agencyId: i % 5 === 4 ? 'ngo_partner' : 'ministry' } : o));
}

function startOfTodayUtc(): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}
