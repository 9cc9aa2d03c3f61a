import 'reflect-metadata';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Pool } from 'pg';
import type { BenchRow } from './bench-row';
import { measureFloors } from './floors';
import { GenerateResult, LOADER_SESSION_OPTIONS, defaultOwners, generateCases } from './generate/generate-cases';
import { casePayloads } from './generate/payloads';
import { SCENARIO_ROLES, SCENARIOS } from './scenarios';
import { publishBenchRole } from './support/bench-role';
import { numberArg, parseArgs, stringArg } from './support/args';
import type { BenchContext } from './support/bench-context';
import { openBenchDatabase } from './support/bench-database';
import { createContext, describeMachine } from './support/context-factory';
import { queueSettings, removeQueueNamespace } from './support/queue-settings';
import { formatTable, writeResults } from './support/report';
import { round } from './support/stats';

const USAGE = `npm run bench [-- --quick] [--cases N] [--only name,name] [--connections N] [--duration S] [--keep-database]
  [--reuse-database NAME]   an existing database on DATABASE_URL's server (e.g. one kept by --keep-database): migrated,
                            loaded only if it holds no case, never dropped; its cases are the dataset`;
const PACK_DIR = path.resolve('form-definitions', 'mli');
const RESULTS_DIR = path.resolve(__dirname, '..', '..', 'bench', 'results');

/**
 * `npm run bench`: a fresh database (DATABASE_URL's server, else an embedded PostgreSQL), migrated and loaded with
 * the generated dataset, then the floors and every registered scenario; prints the table and writes
 * bench/results/<date>.json. `--quick` (100,000 cases, short runs) aims at issue 7's 3 minutes on 2 cores (see BENCHMARKS.md).
 */
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), ['quick', 'cases', 'only', 'connections', 'duration', 'keep-database', 'reuse-database', 'help']);
  if (args.help) return void process.stdout.write(`${USAGE}\n`);
  const quick = args.quick === true;
  const startedAt = new Date();
  // The machine may be shared: what else was running is part of reading the figures.
  const loadAtStart = os.loadavg()[0];
  const log = (line: string) => process.stdout.write(`[bench ${((Date.now() - startedAt.getTime()) / 1000).toFixed(0).padStart(3)} s] ${line}\n`);
  const only = stringArg(args, 'only')?.split(',');
  const unknown = only?.filter((name) => !SCENARIOS.some(([n]) => n === name));
  if (unknown?.length) throw new Error(`Unknown scenario(s): ${unknown.join(', ')} (known: ${SCENARIOS.map(([n]) => n).join(', ')})`);
  const stamp = startedAt.toISOString().replace(/\D/g, '').slice(0, 14);
  const reuse = stringArg(args, 'reuse-database');
  if (reuse && !process.env.DATABASE_URL) throw new Error('--reuse-database needs DATABASE_URL (the server holding that database)');
  const keepDatabase = args['keep-database'] === true || reuse !== undefined;

  const database = await openBenchDatabase(reuse ?? `tutela_bench_${stamp}`, log);
  const existingCases = reuse ? await countCases(database.url) : 0;
  const datasetSize = existingCases || numberArg(args, 'cases', quick ? 100_000 : 1_000_000);
  const queue = queueSettings(`bench_${stamp}`);
  log(`database ${database.name} on ${database.server}; queues on ${queue.kind === 'redis' ? 'Redis' : 'PostgreSQL'}`);
  const db = new Pool({ connectionString: database.url, max: 3, application_name: 'tutela-bench' });
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tutela-bench-data-'));
  const ctx = createContext({
    quick,
    databaseUrl: database.url,
    db,
    queue,
    datasetSize,
    payloads: casePayloads(200, { packDir: PACK_DIR }),
    load: {
      connections: numberArg(args, 'connections', 10),
      durationSeconds: numberArg(args, 'duration', quick ? 2 : 20),
      warmupSeconds: quick ? 1 : 5,
    },
    dataDir,
    log,
  });
  const rows: BenchRow[] = [];
  let generation: GenerateResult | undefined;
  let postgres = '';
  try {
    for (const role of SCENARIO_ROLES) await publishBenchRole(ctx, role);
    if (existingCases) log(`reusing ${database.name}: ${existingCases.toLocaleString('en')} cases, no load`);
    else generation = await loadDataset(ctx, database.url, datasetSize);
    Object.assign(ctx.floors, await measureFloors(ctx, PACK_DIR));
    rows.push(...Object.values(ctx.floors).filter((r): r is BenchRow => r !== undefined));
    if (generation) {
      rows.push(
        ctx.row({
          scenario: 'dataset load (generator)',
          figure: Math.round(generation.rowsPerSecond),
          unit: 'rows/s',
          floor: 'bulkInsert',
          note: `${generation.duplicates.toLocaleString('en')} near-duplicates; loader GIN settings; timed to the end of VACUUM ANALYZE`,
        }),
      );
    }

    for (const [name, run] of SCENARIOS) {
      if (only && !only.includes(name)) continue;
      log(`scenario ${name}…`);
      try {
        rows.push(...(await run(ctx)));
      } catch (error) {
        log(`scenario ${name} failed: ${(error as Error).stack ?? error}`);
        rows.push({ scenario: name, figure: 0, unit: '', floor: 0, floorLabel: 'failed', ratio: 0, errors: 1, note: `failed: ${(error as Error).message}`, dataset: ctx.dataset });
      }
    }
    postgres = (await db.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
  } finally {
    await ctx.stopServices().catch((error) => log(`stopping the services: ${(error as Error).message}`));
    fs.rmSync(dataDir, { recursive: true, force: true });
    await db.end();
    await removeQueueNamespace(queue, database.url).catch(() => undefined);
    await database.close(keepDatabase);
    if (keepDatabase && database.server === 'DATABASE_URL') log(`kept ${database.url}`);
  }

  const machine = { ...describeMachine(), loadAverage: { atStart: round(loadAtStart, 1), atEnd: round(os.loadavg()[0], 1) } };
  process.stdout.write(
    `\nDataset: ${ctx.dataset} · ${database.server}, PostgreSQL ${postgres} · queues on ${queue.kind} · ` +
      `HTTP: ${ctx.load.connections} connections, ${ctx.load.durationSeconds} s after ${ctx.load.warmupSeconds} s warm-up · ` +
      `${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}, load average ${machine.loadAverage.atStart} → ${machine.loadAverage.atEnd}\n\n${formatTable(rows)}\n\n`,
  );
  const file = writeResults(RESULTS_DIR, startedAt, {
    startedAt: startedAt.toISOString(),
    durationSeconds: Math.round((Date.now() - startedAt.getTime()) / 1000),
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    quick,
    machine,
    database: `${database.server}, PostgreSQL ${postgres}`,
    queue: queue.kind,
    dataset: ctx.dataset,
    load: ctx.load,
    generation,
    rows,
  });
  log(`wrote ${path.relative(process.cwd(), file)}`);
}

async function countCases(url: string): Promise<number> {
  const pool = new Pool({ connectionString: url, max: 1 });
  try {
    return Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM cases')).rows[0].n);
  } finally {
    await pool.end();
  }
}

/** Generates the dataset into the bench database, with progress, on a loader pool (see LOADER_SESSION_OPTIONS). */
async function loadDataset(ctx: BenchContext, url: string, count: number): Promise<GenerateResult> {
  const owners = [...defaultOwners(count), ...(await demoCaseWorkers(ctx))];
  ctx.log(`loading ${count.toLocaleString('en')} cases (${owners.length} owners)…`);
  const loader = new Pool({ connectionString: url, max: 3, application_name: 'tutela-bench-generate', options: LOADER_SESSION_OPTIONS });
  try {
    const result = await generateCases(loader, {
      count,
      seed: 1,
      duplicateShare: 0.05,
      owners,
      packDir: PACK_DIR,
      onProgress: (p) => progress(`  ${p.inserted.toLocaleString('en')} / ${p.total.toLocaleString('en')} cases, ${Math.round(p.rowsPerSecond).toLocaleString('en')} rows/s`),
    });
    progress('', true);
    ctx.log(`loaded ${result.inserted.toLocaleString('en')} cases in ${(result.elapsedMs / 1000).toFixed(1)} s (${Math.round(result.rowsPerSecond).toLocaleString('en')} rows/s, with VACUUM ANALYZE)`);
    return result;
  } finally {
    await loader.end();
  }
}

/**
 * The demo case workers own a share of the cases, so scenarios acting as them see a realistic caseload. The API
 * seeds them at its first start: start it once, read them, stop it. Without a working API the dataset still loads.
 */
async function demoCaseWorkers(ctx: BenchContext): Promise<Array<{ id: string; agencyId: string }>> {
  try {
    const api = await ctx.startApi();
    await api.stop();
  } catch (error) {
    ctx.log(`the API did not start (${(error as Error).message.split('\n')[0]}); cases get the default owners only`);
  }
  // The demo pack's case-working roles (form-definitions/mli/roles).
  const { rows } = await ctx.db.query<{ id: string; agency_id: string }>(
    `SELECT id, agency_id FROM users WHERE role_id IN ('caseworker', 'partner_caseworker') AND NOT disabled ORDER BY username`,
  );
  return rows.map((r) => ({ id: r.id, agencyId: r.agency_id }));
}

/** One overwritten line on a terminal; one line per update otherwise (logs, CI). */
function progress(line: string, done = false): void {
  if (!process.stdout.isTTY) return void (line && process.stdout.write(`${line}\n`));
  process.stdout.write(`\r${line.padEnd(70)}${done ? '\r' : ''}`);
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
