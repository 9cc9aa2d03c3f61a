import { Pool } from 'pg';
import { numberArg, parseArgs, stringArg } from '../support/args';
import { DEFAULT_BATCH_ROWS, LOADER_SESSION_OPTIONS, generateCases } from './generate-cases';

const USAGE = `node dist/bench/generate/main.js --count N [--database-url URL] [--seed S] [--duplicate-share 0.05]
  [--batch-size 500] [--concurrency 2] [--pack form-definitions/mli] [--owners id,id,…]`;

/** `npm run build && node dist/bench/generate/main.js --count 100000`: loads generated cases into DATABASE_URL. */
async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), ['count', 'database-url', 'seed', 'duplicate-share', 'batch-size', 'concurrency', 'pack', 'owners', 'help']);
  if (args.help) return void process.stdout.write(`${USAGE}\n`);
  const url = stringArg(args, 'database-url') ?? process.env.DATABASE_URL;
  if (!url) throw new Error(`DATABASE_URL or --database-url is required\n${USAGE}`);
  const concurrency = numberArg(args, 'concurrency', 2);
  const pool = new Pool({ connectionString: url, max: concurrency + 1, application_name: 'tutela-bench-generate', options: LOADER_SESSION_OPTIONS });
  try {
    const result = await generateCases(pool, {
      count: numberArg(args, 'count', 100_000),
      seed: stringArg(args, 'seed') ?? 1,
      duplicateShare: numberArg(args, 'duplicate-share', 0.05),
      batchSize: numberArg(args, 'batch-size', DEFAULT_BATCH_ROWS),
      concurrency,
      packDir: stringArg(args, 'pack'),
      owners: stringArg(args, 'owners')?.split(',').filter(Boolean),
      onProgress: (p) => process.stdout.write(`  ${p.inserted.toLocaleString('en')} / ${p.total.toLocaleString('en')} cases, ${Math.round(p.rowsPerSecond).toLocaleString('en')} rows/s\n`),
    });
    process.stdout.write(
      `Loaded ${result.inserted.toLocaleString('en')} cases (${result.duplicates} near-duplicates) in ${(result.elapsedMs / 1000).toFixed(1)} s ` +
        `= ${Math.round(result.rowsPerSecond).toLocaleString('en')} rows/s; locations from ${result.locationsSource}\n`,
    );
  } finally {
    await pool.end();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
