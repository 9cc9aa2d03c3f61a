import type { BenchRow } from '../bench-row';
import type { BenchContext } from '../support/bench-context';
import { BenchRole, addBenchUser, publishBenchRole } from '../support/bench-role';
import { exportAndWait } from '../support/export-client';

export const EXPORTER_ROLE: BenchRole = {
  id: 'bench_exporter',
  name: { en: 'Benchmark: exporter', fr: 'Banc d’essai : export' },
  scope: 'all',
  permissions: { case: ['read', 'export', 'read_sensitive'] },
  forms: { '*': 'read' },
};

/**
 * The worker's V8 old space is capped for this scenario. Uncapped, V8 grows its heap lazily (it collects less often
 * while memory is free), so peak RSS rose with the export's length even though nothing was retained (264 → 383 MiB
 * from 10,000 to 100,000 rows): GC headroom, not a leak. Under a cap the headroom is fixed, so the peak RSS of the two
 * sizes compares what the export really holds, and an export whose memory grew with its size would fail outright.
 */
const WORKER_HEAP_CAP_MB = 160;

/**
 * Issue 9: exports of 10,000 cases (and 100,000 in the full run) to CSV and XLSX through the API and the worker
 * (keyset pages → streaming writer → file), in rows per second against a plain keyset read of the same rows, and the
 * worker's peak RSS under a fixed heap cap: memory must not grow with the export size.
 */
export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  await publishBenchRole(ctx, EXPORTER_ROLE);
  const api = await ctx.startApi();
  const nodeOptions = [ctx.serviceEnv().NODE_OPTIONS, `--max-old-space-size=${WORKER_HEAP_CAP_MB}`].filter(Boolean).join(' ');
  // --quick exports one size (nothing to compare memory with) on its shared worker; the full run caps the heap.
  const worker = await ctx.startWorker(ctx.quick ? {} : { env: { NODE_OPTIONS: nodeOptions } });
  const rows: BenchRow[] = [];
  try {
    const url = api.url as string;
    await addBenchUser(ctx, EXPORTER_ROLE);
    const token = await ctx.login(url, EXPORTER_ROLE.id);
    // Quick mode stays within issue 7's 3-minute budget with one size; the full run compares two sizes for memory.
    const sizes = [...new Set((ctx.quick ? [5_000] : [10_000, 100_000]).map((size) => Math.min(size, ctx.datasetSize)))];
    for (const format of ['csv', 'xlsx'] as const) {
      for (const size of sizes) {
        const createdTo = await cutoff(ctx, size);
        const floor = await plainRead(ctx, createdTo);
        await worker.rss.reset();
        const started = Date.now();
        const done = await exportAndWait(url, token, { format, filters: { createdTo } });
        const seconds = (Date.now() - started) / 1000;
        rows.push(
          ctx.row({
            scenario: `export ${done.toLocaleString('en')} cases to ${format.toUpperCase()}`,
            figure: Math.round(done / seconds),
            unit: 'rows/s',
            floor: { figure: floor, label: 'keyset SELECT of the same rows' },
            peakRssMb: await worker.rss.peakMb(),
            note: `peak RSS = worker, heap capped at ${WORKER_HEAP_CAP_MB} MiB; compare the two sizes`,
          }),
        );
      }
    }
  } finally {
    await worker.stop();
    await api.stop();
  }
  return rows;
}

/** The created_at below which exactly `size` cases lie (so a createdTo filter selects them). */
async function cutoff(ctx: BenchContext, size: number): Promise<string> {
  const { rows } = await ctx.db.query<{ at: Date }>(`SELECT created_at AS at FROM cases WHERE NOT disabled ORDER BY created_at LIMIT 1 OFFSET $1`, [size - 1]);
  return new Date(rows[0].at).toISOString();
}

/** Rows per second of reading the same rows in 1,000-row keyset pages, without access rules or writing. */
async function plainRead(ctx: BenchContext, createdTo: string): Promise<number> {
  const started = Date.now();
  let after = '00000000-0000-0000-0000-000000000000';
  let total = 0;
  for (;;) {
    const { rows } = await ctx.db.query<{ id: string }>(
      `SELECT id, data FROM cases WHERE NOT disabled AND created_at <= $1 AND id > $2 ORDER BY id LIMIT 1000`,
      [createdTo, after],
    );
    total += rows.length;
    if (rows.length < 1000) break;
    after = rows[rows.length - 1].id;
  }
  return Math.round(total / ((Date.now() - started) / 1000));
}
