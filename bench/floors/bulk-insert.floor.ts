import { Pool } from 'pg';
import type { BenchRow } from '../bench-row';
import { caseInsertSql } from '../generate/case-insert';
import { DEFAULT_BATCH_ROWS } from '../generate/generate-cases';
import type { BenchContext } from '../support/bench-context';
import { round } from '../support/stats';
import { RowSupply, timedBatches, withFloorRowsInCases } from './floor-cases';

// The generator's statement size: this floor is the generator's method at its best.
const BATCH = DEFAULT_BATCH_ROWS;
const STREAMS = 2;

/**
 * The bulk floor of SQL writers (the generator, batched imports): multi-row `INSERT … SELECT FROM
 * jsonb_to_recordset($1)` of the generator's batch size (500 rows) per statement on two connections (one per core), search columns derived in
 * SQL as the service does, into the dataset's own `cases` (rows taken out afterwards: floor-cases.ts). Default
 * session settings, so it is not flattered by the loader's GIN tuning. The COPY floor beside it (copy.floor.ts) is
 * the fastest load PostgreSQL offers.
 */
export async function bulkInsertFloor(ctx: BenchContext, supply: RowSupply): Promise<BenchRow> {
  const pool = new Pool({ connectionString: ctx.databaseUrl, max: STREAMS, application_name: 'tutela-bench-floor' });
  const sql = caseInsertSql('cases');
  // --quick: 5,000 rows are 10 statements per connection, enough for a steady rate at a few seconds' cost. Full:
  // 40,000 (40 statements per connection), no more: every floor row leaves a dead tuple in the dataset's table.
  const total = ctx.quick ? 5_000 : 40_000;
  let errors = 0;
  let firstError: string | undefined;
  const send = (rows: number) =>
    pool.query(sql, [JSON.stringify(supply.batch(rows))]).then(
      () => rows,
      (error: Error) => {
        errors += rows;
        firstError ??= error.message;
        return 0;
      },
    );
  try {
    const figure = round(await withFloorRowsInCases(ctx.databaseUrl, () => timedBatches(total, BATCH, STREAMS, send)), 1);
    return ctx.row({
      scenario: `floor: bulk INSERT (${BATCH.toLocaleString('en')} rows a statement)`,
      figure,
      unit: 'rows/s',
      floor: { figure, label: '(floor)' },
      errors,
      note: `${total.toLocaleString('en')} rows, ${BATCH.toLocaleString('en')} per INSERT … SELECT FROM jsonb_to_recordset, ${STREAMS} connections${firstError ? `; first error: ${firstError}` : ''}`,
    });
  } finally {
    await pool.end();
  }
}
