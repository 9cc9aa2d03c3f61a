import { QueueConnection } from '@tutela/cases';
import type { BenchRow } from '../bench-row';
import type { BenchContext } from '../support/bench-context';
import { BenchRole, addBenchUser, publishBenchRole } from '../support/bench-role';

export const IMPORTER_ROLE: BenchRole = {
  id: 'bench_importer',
  name: { en: 'Benchmark: importer', fr: 'Banc d’essai : import' },
  scope: 'own',
  permissions: { case: ['read', 'create', 'import', 'read_sensitive'] },
  forms: { '*': 'write' },
};

/**
 * Issue 9: an NDJSON import of generated ~2 KB cases (2,000 quick, 20,000 full) through the API and the worker (every
 * row validated like POST /cases, stored in chunks), in cases per second against the COPY floor. Target: at least
 * 30%.
 * The bench services take bodies up to 96 MB (serviceEnv) so one file holds enough rows to measure.
 *
 * The clock stops when the import job is done: its rows are validated and stored with their history, and the
 * duplicate scans of its cases staged (they are held until the import ends, then queued behind interactive jobs;
 * docs/reports-exports.md). The scans themselves are the duplicates feature's background job (a create does not wait
 * for its scan either). Scans left queued by earlier scenarios still run alongside the import: the row says how many
 * there were when it started.
 */
export async function run(ctx: BenchContext): Promise<BenchRow[]> {
  await publishBenchRole(ctx, IMPORTER_ROLE);
  const { api, worker } = await ctx.startApiAndWorker();
  try {
    const base = api.url as string;
    await addBenchUser(ctx, IMPORTER_ROLE);
    const token = await ctx.login(base, IMPORTER_ROLE.id);
    const count = ctx.quick ? 2000 : 20_000;
    // A file of its own per run: on a reused database (--reuse-database) the same file would be answered as already
    // imported (same hash, same case ids) and nothing measured.
    const run = Date.now().toString(36);
    const lines = Array.from({ length: count }, (_, i) => JSON.stringify({ data: { ...ctx.payloads[i % ctx.payloads.length].data, name_nickname: `bench-import-${run}-${i}` } }));
    const scansQueuedBefore = await queuedScans(ctx);
    await worker.rss.reset();
    const started = Date.now();
    const res = await fetch(`${base}/api/v1/imports`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ format: 'ndjson', content: Buffer.from(lines.join('\n')).toString('base64') }),
    });
    if (res.status !== 202) throw new Error(`import request failed: ${res.status} ${await res.text()}`);
    const id = ((await res.json()) as { data: { id: string } }).data.id;
    let status: { status: string; rowsCreated: number; rowsFailed: number; error: string | null };
    for (;;) {
      const poll = await fetch(`${base}/api/v1/imports/${id}`, { headers: { authorization: `Bearer ${token}` } });
      status = ((await poll.json()) as { data: typeof status }).data;
      if (status.status === 'done' || status.status === 'failed') break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    if (status.status === 'failed') throw new Error(`import failed: ${status.error}`);
    if (status.rowsCreated + status.rowsFailed !== count) throw new Error(`import stored ${status.rowsCreated} of ${count} rows: not a measurement`);
    const seconds = (Date.now() - started) / 1000;
    const [{ staged }] = (await ctx.db.query<{ staged: number }>(`SELECT count(*)::int AS staged FROM outbox WHERE job_name = 'scan-duplicates-bulk' AND created_at >= $1`, [new Date(started)])).rows;
    return [
      ctx.row({
        scenario: `import ${count.toLocaleString('en')} cases (NDJSON, ~2 KB each)`,
        figure: Math.round(status.rowsCreated / seconds),
        unit: 'cases/s',
        // The target is against COPY itself (pg-copy-streams), now that the floors measure it.
        floor: 'copy',
        errors: status.rowsFailed,
        peakRssMb: await worker.rss.peakMb(),
        note: `target ≥ 30% of the COPY floor; duplicate scans staged at the end: ${staged.toLocaleString('en')}; queued by earlier work at the start (ran alongside): ${scansQueuedBefore.toLocaleString('en')}`,
      }),
    ];
  } finally {
    await worker.stop();
    await api.stop();
  }
}

/** Jobs of the `cases` queue not yet finished (in a full run, the scans left by earlier scenarios). */
async function queuedScans(ctx: BenchContext): Promise<number> {
  const queues = new QueueConnection({ redisUrl: ctx.queue.redisUrl, databaseUrl: ctx.databaseUrl, prefix: ctx.queue.prefix });
  try {
    const counts = await queues.queue('cases').getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    return Object.values(counts).reduce((sum, n) => sum + n, 0);
  } finally {
    await queues.close();
  }
}
