import { Pool } from 'pg';
import type { BenchRow } from '../bench-row';
import { caseInsertSql } from '../generate/case-insert';
import type { BenchContext } from '../support/bench-context';
import { latencies, round, runFor } from '../support/stats';
import { RowSupply, withFloorRowsInCases } from './floor-cases';

export interface PgInsertRun {
  rowsPerSecond: number;
  durationsMs: number[];
  errors: number;
  firstError?: string;
}

/** One-row INSERTs of generated cases into `cases` on a pool of `connections`, run as often as asked (paired runs). */
export interface PgInsertLoad {
  /** An unmeasured warm-up, then `durationMs` measured; the rows are taken out of `cases` afterwards. */
  run(warmupMs: number, durationMs: number): Promise<PgInsertRun>;
  end(): Promise<void>;
}

export function pgInsertLoad(databaseUrl: string, connections: number, supply: RowSupply): PgInsertLoad {
  const pool = new Pool({ connectionString: databaseUrl, max: connections, application_name: 'tutela-bench-floor' });
  const sql = caseInsertSql('cases');
  // A named statement, as the service's create is: parsed once per connection, so the floor stays the best pg does.
  const insert = async () => void (await pool.query({ name: 'bench_floor_insert', text: sql, values: [JSON.stringify([supply.take()])] }));
  return {
    run: (warmupMs, durationMs) =>
      withFloorRowsInCases(databaseUrl, async () => {
        if (warmupMs > 0) await runFor(warmupMs, connections, insert);
        const run = await runFor(durationMs, connections, insert);
        return { rowsPerSecond: round((run.durationsMs.length * 1000) / run.elapsedMs, 1), durationsMs: run.durationsMs, errors: run.errors, firstError: run.firstError };
      }),
    end: () => pool.end(),
  };
}

/**
 * Raw `pg` inserts of generated case rows, one row per INSERT, as many in flight as the service's pool has
 * connections: what a create request costs the database at best. Same statement shape as the generator (search
 * columns derived in SQL), into the dataset's own `cases` (rows taken out afterwards: floor-cases.ts); prepared
 * once per connection.
 */
export async function pgInsertFloor(ctx: BenchContext, supply: RowSupply): Promise<BenchRow> {
  const load = pgInsertLoad(ctx.databaseUrl, ctx.poolSize, supply);
  try {
    const run = await load.run(ctx.load.warmupSeconds * 1000, ctx.load.durationSeconds * 1000);
    return ctx.row({
      scenario: 'floor: pg single-row INSERT',
      figure: run.rowsPerSecond,
      unit: 'rows/s',
      floor: { figure: run.rowsPerSecond, label: '(floor)' },
      ...latencies(run.durationsMs),
      errors: run.errors,
      note: `${ctx.poolSize} connections, one row per statement, into the dataset's cases (rows removed after)${run.firstError ? `; first error: ${run.firstError}` : ''}`,
    });
  } finally {
    await load.end();
  }
}
