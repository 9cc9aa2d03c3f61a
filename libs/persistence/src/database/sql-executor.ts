import type { Pool, QueryResult } from 'pg';
import { DataSource, EntityManager } from 'typeorm';

export interface QueryOptions {
  /**
   * Prepares the statement once per pooled connection under this name, then only binds and executes it: PostgreSQL
   * neither parses nor rewrites it again, and after a few runs it keeps a generic plan. Only for a FIXED SQL text on
   * a hot path (the name must always go with the same text); ignored inside transactions.
   */
  name?: string;
}

/**
 * What services need from the database: parameterized SQL and transactions. Hot paths (case writes, lists) use SQL
 * directly so each request is one round trip per statement; the same executor runs inside or outside a transaction.
 */
export interface SqlExecutor {
  query<T = Record<string, any>>(sql: string, params?: unknown[], options?: QueryOptions): Promise<T[]>;
}

export class Database implements SqlExecutor {
  private pool?: Pool;

  constructor(readonly dataSource: DataSource) {}

  /**
   * A statement outside a transaction goes straight to TypeORM's pg pool: TypeORM's own query path (a query runner
   * per call, broadcaster events, result wrapping) costs CPU on every request and adds nothing for raw SQL. Errors
   * are pg's own (`code`, `constraint`), which is what callers inspect.
   */
  async query<T = Record<string, any>>(sql: string, params: unknown[] = [], options: QueryOptions = {}): Promise<T[]> {
    this.pool ??= (this.dataSource.driver as unknown as { master: Pool }).master;
    const result = await this.pool.query(options.name ? { name: options.name, text: sql, values: params } : { text: sql, values: params });
    return rowsOfResult<T>(result);
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

/** Several statements in one text answer one result each: the last one's rows, as TypeORM's path gave none at all. */
function rowsOfResult<T>(result: QueryResult | QueryResult[]): T[] {
  return (Array.isArray(result) ? (result[result.length - 1]?.rows ?? []) : result.rows) as T[];
}

/** TypeORM answers UPDATE/DELETE … RETURNING with `[rows, rowCount]`; every caller here wants the rows. */
function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  return result as T[];
}
