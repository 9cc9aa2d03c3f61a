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
    return (await this.dataSource.query(sql, params)) as T[];
  }

  /** Runs `work` in one transaction; everything written through the given executor commits or rolls back together. */
  async transaction<T>(work: (tx: SqlExecutor & { manager: EntityManager }) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (manager) => {
      const tx = {
        manager,
        query: async <R = Record<string, any>>(sql: string, params: unknown[] = []) => (await manager.query(sql, params)) as R[],
      };
      return work(tx);
    });
  }
}
