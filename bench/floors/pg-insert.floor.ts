import { Pool } from 'pg';
import type { BenchRow } from '../bench-row';
import { caseInsertSql } from '../generate/case-insert';
import type { BenchContext } from '../support/bench-context';
import { latencies, round, runFor } from '../support/stats';
import { RowSupply, createScratchCases } from './scratch-cases';

/**
 * Raw `pg` inserts of generated case rows, one row per INSERT, as many in flight as the service's pool has
 * connections: what a create request costs the database at best. Same statement shape as the generator (search
 * columns derived in SQL), into a scratch copy of `cases` with all its indexes; prepared once per connection.
 */
export async function pgInsertFloor(ctx: BenchContext, supply: RowSupply): Promise<BenchRow> {
  const pool = new Pool({ connectionString: ctx.databaseUrl, max: ctx.poolSize, application_name: 'tutela-bench-floor' });
  const scratch = await createScratchCases(pool, 'bench_floor_inserts');
  const sql = caseInsertSql(scratch.table);
  // A named statement, as the service's create is: parsed once per connection, so the floor stays the best pg does.
  const insert = async () => void (await pool.query({ name: 'bench_floor_insert', text: sql, values: [JSON.stringify([supply.take()])] }));
  try {
    if (ctx.load.warmupSeconds > 0) await runFor(ctx.load.warmupSeconds * 1000, ctx.poolSize, insert);
    const run = await runFor(ctx.load.durationSeconds * 1000, ctx.poolSize, insert);
    const figure = round((run.durationsMs.length * 1000) / run.elapsedMs, 1);
    return ctx.row({
      scenario: 'floor: pg single-row INSERT',
      figure,
      unit: 'rows/s',
      floor: { figure, label: '(floor)' },
      ...latencies(run.durationsMs),
      errors: run.errors,
      note: `${ctx.poolSize} connections, one row per statement, scratch copy of cases with its indexes${run.firstError ? `; first error: ${run.firstError}` : ''}`,
    });
  } finally {
    await scratch.drop();
    await pool.end();
  }
}
