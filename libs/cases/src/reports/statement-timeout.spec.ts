import { TutelaError } from '@tutela/common';
import { Database, SqlExecutor } from '@tutela/persistence';
import { withinStatementTimeout } from './statement-timeout';

/** A database whose transaction records its statements and fails the counting one as PostgreSQL would. */
function fakeDatabase(failure?: unknown): { db: Database; statements: Array<[string, unknown[]]> } {
  const statements: Array<[string, unknown[]]> = [];
  const tx: SqlExecutor = {
    query: async <T>(sql: string, params: unknown[] = []) => {
      statements.push([sql, params]);
      if (failure && sql.startsWith('SELECT count')) throw failure;
      return [{ n: 3 }] as T[];
    },
  };
  const db = { transaction: async <T>(work: (t: SqlExecutor) => Promise<T>) => work(tx) } as unknown as Database;
  return { db, statements };
}

describe('withinStatementTimeout', () => {
  it('limits the statements of its transaction, and only those, to the configured time', async () => {
    const { db, statements } = fakeDatabase();
    const rows = await withinStatementTimeout(db, 2000, (tx) => tx.query('SELECT count(*) AS n FROM cases'));
    expect(rows).toEqual([{ n: 3 }]);
    expect(statements[0]).toEqual([`SELECT set_config('statement_timeout', $1, true)`, ['2000']]);
  });

  it('turns a statement cancelled by the timeout into 503 statistics_timeout', async () => {
    const { db } = fakeDatabase(Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }));
    const error = await withinStatementTimeout(db, 2000, (tx) => tx.query('SELECT count(*) FROM cases')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TutelaError);
    expect((error as TutelaError).status).toBe(503);
    expect((error as TutelaError).code).toBe('DEPENDENCY_DOWN');
    expect((error as TutelaError).details[0].code).toBe('statistics_timeout');
  });

  it('lets other failures through unchanged', async () => {
    const failure = Object.assign(new Error('relation does not exist'), { code: '42P01' });
    const { db } = fakeDatabase(failure);
    await expect(withinStatementTimeout(db, 2000, (tx) => tx.query('SELECT count(*) FROM nowhere'))).rejects.toBe(failure);
  });
});
