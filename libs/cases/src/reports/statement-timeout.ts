import { TutelaError } from '@tutela/common';
import { Database, SqlExecutor } from '@tutela/persistence';

/**
 * Runs `work` in one transaction whose statements may each take at most `timeoutMs` (SET LOCAL: this transaction
 * only). A statistics count the cells cannot answer must not hold a connection and a core for minutes on a national
 * database: past the limit the request fails fast with 503 DEPENDENCY_DOWN `statistics_timeout`.
 */
export async function withinStatementTimeout<T>(db: Database, timeoutMs: number, work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
  try {
    return await db.transaction(async (tx) => {
      await tx.query(`SELECT set_config('statement_timeout', $1, true)`, [String(timeoutMs)]);
      return work(tx);
    });
  } catch (error) {
    if (!isQueryCanceled(error)) throw error;
    throw new TutelaError('DEPENDENCY_DOWN', 'The statistics took too long to count; try fewer dimensions or narrower filters', [
      { path: '/query', code: 'statistics_timeout', message: `Not counted within ${timeoutMs} ms` },
    ]);
  }
}

/** PostgreSQL's query_canceled (57014), what statement_timeout raises; TypeORM copies the driver's code. */
function isQueryCanceled(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } } | null;
  return e?.code === '57014' || e?.driverError?.code === '57014';
}
