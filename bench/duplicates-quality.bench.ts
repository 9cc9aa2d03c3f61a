// Quality and speed of duplicate detection on generated data with known injected near-duplicates
// (bench_duplicate_truth). Run from the repository root:
//   npm run build && node dist/bench/duplicates-quality.bench.js --count 20000            (fresh database, every case checked)
//   node dist/bench/duplicates-quality.bench.js --count 300000 --sample 2000 --explain    (scale: sampled checks, plan)
//   node dist/bench/duplicates-quality.bench.js --reuse <url> --sample 1000               (an existing database with
//     bench_duplicate_truth, e.g. npm run bench's 1,000,000 cases: nothing is written to it)
// With DATABASE_URL the bench database is created on that server, otherwise on an embedded PostgreSQL.
import { Pool } from 'pg';
import { performance } from 'node:perf_hooks';
import * as path from 'node:path';
import { DuplicateMatcher } from '../libs/cases/src/duplicates/duplicate-matcher.service';
import { MatchingConfig, validateMatchingConfig } from '../libs/cases/src/duplicates/matching-config';
import { DuplicateCandidateRepository } from '../libs/cases/src/duplicates/duplicate-candidate.repository';
import { NameFrequencyCache } from '../libs/cases/src/duplicates/name-frequency-cache';
import { NameTokenizer } from '../libs/cases/src/duplicates/name-tokenizer';
import { readFileSync } from 'node:fs';
import { generateCases, LOADER_SESSION_OPTIONS } from './generate/generate-cases';
import { numberArg, parseArgs, stringArg } from './support/args';
import { openBenchDatabase } from './support/bench-database';
import { latencies, round } from './support/stats';

interface CaseRow {
  id: string;
  data: Record<string, unknown>;
  location_path: string | null;
}

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), ['count', 'seed', 'duplicate-share', 'sample', 'reuse', 'keep', 'explain', 'pack', 'show-false']);
  const count = numberArg(args, 'count', 20_000);
  const sample = numberArg(args, 'sample', 0);
  const packDir = stringArg(args, 'pack') ?? 'form-definitions/mli';
  const config = readMatching(packDir);
  const reuse = stringArg(args, 'reuse');
  const database = reuse ? null : await openBenchDatabase(`tutela_bench_dup_${Date.now().toString(36)}`, log);
  const url = reuse ?? database!.url;
  const pool = new Pool({ connectionString: url, max: 3, options: LOADER_SESSION_OPTIONS });
  try {
    if (!reuse) {
      log(`generating ${count} cases…`);
      const generated = await generateCases(pool, { count, seed: stringArg(args, 'seed') ?? 1, duplicateShare: numberArg(args, 'duplicate-share', 0.05), packDir: path.resolve(packDir) });
      log(`generated ${generated.inserted} cases with ${generated.duplicates} near-duplicates in ${round(generated.elapsedMs / 1000, 1)} s`);
    }
    const executor = { query: async <T>(sql: string, params?: unknown[]) => (await pool.query(sql, params as unknown[])).rows as T[] };
    const matcher = matcherFor(executor, config);

    const truth = await pool.query<{ case_id: string; original_id: string }>('SELECT case_id, original_id FROM bench_duplicate_truth');
    const cluster = new Map<string, string>();
    for (const t of truth.rows) cluster.set(t.case_id, t.original_id);
    const clusterOf = (id: string) => cluster.get(id) ?? id;
    const members = new Map<string, string[]>();
    for (const t of truth.rows) members.set(t.original_id, [...(members.get(t.original_id) ?? [t.original_id]), t.case_id]);

    const total = Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM cases')).rows[0].n);
    const checked = sample > 0
      ? (await pool.query<CaseRow>(`SELECT id, data, location_path::text FROM cases TABLESAMPLE BERNOULLI ($1) REPEATABLE (7) ORDER BY id LIMIT $2`, [Math.min(100, (sample / total) * 150), sample])).rows
      : (await pool.query<CaseRow>('SELECT id, data, location_path::text FROM cases ORDER BY id')).rows;
    log(`checking ${checked.length} of ${total} cases…`);

    const found = { possible: new Set<string>(), likely: new Set<string>() };
    const scores = new Map<string, number>();
    const falseFlags: Array<{ score: number; fields: string }> = [];
    const durations: number[] = [];
    for (const row of checked) {
      const started = performance.now();
      const candidates = await matcher.find({ data: row.data, locationPath: row.location_path, selfId: row.id }, () => ({ sql: 'TRUE', params: [] }), executor as never);
      durations.push(performance.now() - started);
      for (const c of candidates) {
        const key = pairKey(row.id, c.row.id);
        found.possible.add(key);
        scores.set(key, Math.max(scores.get(key) ?? 0, c.match.score));
        if (clusterOf(row.id) !== clusterOf(c.row.id)) falseFlags.push({ score: c.match.score, fields: c.match.fields.map((f) => `${f.field}:${f.how}:${f.score}`).join(' ') });
        if (c.match.likelihood === 'likely') found.likely.add(key);
      }
    }
    // Truth pairs among what was checked: every pair of records of the same child with at least one checked side.
    const checkedIds = new Set(checked.map((r) => r.id));
    const expected = new Set<string>();
    for (const group of members.values()) {
      for (let i = 0; i < group.length; i++) for (let j = i + 1; j < group.length; j++) {
        if (checkedIds.has(group[i]) || checkedIds.has(group[j])) expected.add(pairKey(group[i], group[j]));
      }
    }
    const quality = (predicted: Set<string>) => {
      let hits = 0;
      for (const key of predicted) {
        const [a, b] = key.split('|');
        if (clusterOf(a) === clusterOf(b)) hits += 1;
      }
      let recalled = 0;
      for (const key of expected) if (predicted.has(key)) recalled += 1;
      return { predicted: predicted.size, truePositives: hits, precision: round(predicted.size ? hits / predicted.size : 1, 4), recall: round(expected.size ? recalled / expected.size : 1, 4) };
    };
    const report = {
      cases: total,
      checked: checked.length,
      truthPairs: expected.size,
      thresholds: config.thresholds,
      flagged: quality(found.possible),
      likelyOnly: quality(found.likely),
      checkLatencyMs: latencies(durations),
      // Flagged pairs by score band: how well the thresholds separate true duplicates from look-alikes.
      scoreBands: scoreBands(scores, (key) => {
        const [a, b] = key.split('|');
        return clusterOf(a) === clusterOf(b);
      }),
    };
    log(JSON.stringify(report, null, 2));
    const showFalse = numberArg(args, 'show-false', 0);
    for (const flag of falseFlags.sort((a, b) => b.score - a.score).slice(0, showFalse)) log(`false ${flag.score} ${flag.fields}`);
    if (args.explain) await explain(pool, checked[0], config);
  } finally {
    await pool.end();
    await database?.close(Boolean(args.keep));
  }
}

/** The plan of the retrieval query of one check, to show every path uses an index. */
async function explain(pool: Pool, row: CaseRow, config: MatchingConfig): Promise<void> {
  const original = pool.query.bind(pool);
  let captured: { sql: string; params: unknown[] } | undefined;
  const executor = {
    query: async <T>(sql: string, params?: unknown[]) => {
      if (sql.includes('WITH found AS')) captured = { sql, params: params ?? [] };
      return (await original(sql, params as unknown[])).rows as T[];
    },
  };
  const matcher = matcherFor(executor, config);
  await matcher.find({ data: row.data, locationPath: row.location_path, selfId: row.id }, () => ({ sql: 'TRUE', params: [] }), executor as never);
  if (!captured) return;
  const plan = await original(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${captured.sql}`, captured.params as unknown[]);
  log(plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n'));
}

/** The service's matcher on a plain pool: the same retrieval, name frequencies and scoring as a check. */
function matcherFor(executor: { query<T>(sql: string, params?: unknown[]): Promise<T[]> }, config: MatchingConfig): DuplicateMatcher {
  const configuration = { snapshot: () => ({ matching: config }) };
  return new DuplicateMatcher(executor as never, configuration as never, new DuplicateCandidateRepository(), new NameTokenizer(), new NameFrequencyCache());
}

function readMatching(packDir: string): MatchingConfig {
  const body = JSON.parse(readFileSync(path.resolve(packDir, 'matching.json'), 'utf8'));
  const problems = validateMatchingConfig(body);
  if (problems.length) throw new Error(`matching.json: ${problems.join('; ')}`);
  return body as MatchingConfig;
}

function scoreBands(scores: Map<string, number>, isTrue: (key: string) => boolean): Record<string, { true: number; false: number }> {
  const bands: Record<string, { true: number; false: number }> = {};
  for (const [key, score] of scores) {
    const band = (Math.floor(score * 20) / 20).toFixed(2);
    bands[band] ??= { true: 0, false: 0 };
    bands[band][isTrue(key) ? 'true' : 'false'] += 1;
  }
  return Object.fromEntries(Object.entries(bands).sort(([a], [b]) => a.localeCompare(b)));
}

const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
