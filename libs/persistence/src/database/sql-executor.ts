import { DataSource, EntityManager } from 'typeorm';

/**
 * What services need from the database: parameterized SQL and transactions. Hot paths (case writes, lists) use SQL
 * directly so each request is one round trip per statement; the same executor runs inside or outside a transaction.
 */
export interface SqlExecutor {
  query<T = Record<string, any>>(sql: string, params?: unknown[]): Promise<T[]>;
}

export class Database implements SqlExecutor {
  constructor(readonly dataSource: DataSource) {}

  async query<T = Record<string, any>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return rowsOf<T>(await this.dataSource.query(sql, params));
  }

  /** Runs `work` in one transaction; everything written through the given executor commits or rolls back together. */
  async transaction<T>(work: (tx: SqlExecutor & { manager: EntityManager }) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const tx = {
        manager,
        query: async <R = Record<string, any>>(sql: string, params: unknown[] = []) => rowsOf<R>(await manager.query(sql, params)),
      };
      return work(tx);
    });
  }
}

/** TypeORM answers UPDATE/DELETE … RETURNING with `[rows, rowCount]`; every caller here wants the rows. */
function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  return result as T[];
}
