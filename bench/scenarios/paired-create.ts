import type autocannon from 'autocannon';
import type { BenchRow } from '../bench-row';
import { RowSupply, vacuumCases } from '../floors/floor-cases';
import { pgInsertLoad } from '../floors/pg-insert.floor';
import type { BenchContext } from '../support/bench-context';
import type { LoadResult } from '../support/load-test';
import type { RunningService } from '../support/services';
import { latencies, median, round } from '../support/stats';

const PAIRS_FULL = 4;
const PAIRS_QUICK = 2;

const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
const percent = (ratio: number): string => `${Math.round(ratio * 100)} %`;

/**
 * The create against the pg single-row floor in alternating segments on the same table: floor, create, create,
 * floor, floor, create… (each pair in the order opposite to the previous one, so a steady drift of the table's state
 * — GIN pending lists filling and flushing, autovacuum, the table and its indexes growing — weighs on both sides
 * alike). Each segment lasts half the run's duration. Returns the floor row and the create row; the create's ratio
 * is to the mean of the floor segments, and its note gives the median of the per-pair ratios (each between
 * neighbouring segments) and the ratio to the floor measured at the start of the run. Ends with `VACUUM cases`.
 */
export async function pairedCreate(ctx: BenchContext, api: RunningService, scenario: string, requests: autocannon.Request[]): Promise<[BenchRow, BenchRow]> {
  const pairs = ctx.quick ? PAIRS_QUICK : PAIRS_FULL;
  const segmentMs = Math.max(1000, (ctx.load.durationSeconds * 1000) / 2);
  const floor = pgInsertLoad(ctx.databaseUrl, ctx.poolSize, new RowSupply());
  const create = (warmupSeconds: number) => ctx.loadTest({ url: api.url as string, requests, expectStatus: [201], warmupSeconds, durationSeconds: segmentMs / 1000 });
  const floorRuns: Awaited<ReturnType<typeof floor.run>>[] = [];
  const createRuns: LoadResult[] = [];
  try {
    await api.rss.reset();
    for (let pair = 0; pair < pairs; pair++) {
      // Only the first pair warms up (JIT, pools, prepared statements): later segments follow without a pause.
      const warmupSeconds = pair === 0 ? ctx.load.warmupSeconds : 0;
      const floorSegment = async () => floorRuns.push(await floor.run(warmupSeconds * 1000, segmentMs));
      const createSegment = async () => createRuns.push(await create(warmupSeconds));
      if (pair % 2 === 0) {
        await floorSegment();
        await createSegment();
      } else {
        await createSegment();
        await floorSegment();
      }
      ctx.log(`create pair ${pair + 1}/${pairs}: floor ${floorRuns[pair].rowsPerSecond} rows/s, create ${createRuns[pair].throughput} req/s`);
    }
  } finally {
    await floor.end();
  }
  // The floor segments' dead tuples would slow the lists measured next (floor-cases.ts).
  await vacuumCases(ctx.databaseUrl);
  const floorFigure = round(mean(floorRuns.map((r) => r.rowsPerSecond)), 1);
  const createFigure = round(mean(createRuns.map((r) => r.throughput)), 1);
  const pairRatios = createRuns.map((r, i) => r.throughput / floorRuns[i].rowsPerSecond);
  const startFloor = ctx.floors.pgInsert?.figure;
  const segments = `${pairs} pairs of ${segmentMs / 1000} s segments`;
  const firstFloorError = floorRuns.find((r) => r.firstError)?.firstError;
  const floorRow = ctx.row({
    scenario: 'floor: pg single-row INSERT, beside the create',
    figure: floorFigure,
    unit: 'rows/s',
    floor: { figure: floorFigure, label: '(floor)' },
    ...latencies(floorRuns.flatMap((r) => r.durationsMs)),
    errors: floorRuns.reduce((n, r) => n + r.errors, 0),
    note: `${segments} alternating with the create; segments ${floorRuns.map((r) => r.rowsPerSecond).join(' / ')} rows/s${firstFloorError ? `; first error: ${firstFloorError}` : ''}`,
  });
  const createRow = ctx.row({
    scenario,
    figure: createFigure,
    unit: 'req/s',
    floor: { figure: floorFigure, label: 'pg single-row INSERT beside it (mean of its segments)' },
    p50: round(mean(createRuns.map((r) => r.p50 ?? 0)), 2),
    p95: round(mean(createRuns.map((r) => r.p95 ?? 0)), 2),
    p99: round(mean(createRuns.map((r) => r.p99 ?? 0)), 2),
    errors: createRuns.reduce((n, r) => n + r.errors, 0),
    peakRssMb: await api.rss.peakMb(),
    note: [
      `paired by segment: median ${percent(median(pairRatios))} (${pairRatios.map(percent).join(', ')})`,
      startFloor ? `${percent(createFigure / startFloor)} of the floor measured at the start of the run` : undefined,
      `segments ${createRuns.map((r) => r.throughput).join(' / ')} req/s; p50/p95/p99 are means of the segments'`,
      ...createRuns.filter((r) => r.errors > 0).map((r) => `statuses ${JSON.stringify(r.statuses)}`),
    ]
      .filter(Boolean)
      .join('; '),
  });
  return [floorRow, createRow];
}
