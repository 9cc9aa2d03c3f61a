import { Injectable } from '@nestjs/common';
import { SqlExecutor } from '@tutela/persistence';
import { ImportFormat } from './import-rows';
import type { ImportProgress } from './import-progress';

export interface ImportRowError {
  row: number;
  /** JSON pointer of the failing field (`/data/sex`), or `` for the row as a whole. */
  path: string;
  code: string;
  message: string;
}

export interface ImportRecord {
  id: string;
  createdBy: string;
  format: ImportFormat;
  fileHash: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  rowsTotal: number | null;
  rowsDone: number;
  rowsCreated: number;
  rowsExisting: number;
  rowsFailed: number;
  errors: ImportRowError[];
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

const COLUMNS = `id, created_by AS "createdBy", format, file_hash AS "fileHash", status, rows_total AS "rowsTotal",
  rows_done AS "rowsDone", rows_created AS "rowsCreated", rows_existing AS "rowsExisting", rows_failed AS "rowsFailed",
  errors, error, created_at AS "createdAt", finished_at AS "finishedAt"`;

/** SQL of the `imports` table. */
@Injectable()
export class ImportRepository {
  async find(db: SqlExecutor, id: string): Promise<ImportRecord | undefined> {
    const [row] = await db.query<ImportRecord>(`SELECT ${COLUMNS} FROM imports WHERE id = $1`, [id]);
    return row;
  }

  async content(db: SqlExecutor, id: string): Promise<Buffer | null> {
    const [row] = await db.query<{ content: Buffer | null }>(`SELECT content FROM imports WHERE id = $1`, [id]);
    return row?.content ?? null;
  }

  async insert(db: SqlExecutor, row: { id: string; createdBy: string; format: ImportFormat; fileHash: string; content: Buffer }): Promise<void> {
    await db.query(`INSERT INTO imports (id, created_by, format, file_hash, content) VALUES ($1, $2, $3, $4, $5)`, [row.id, row.createdBy, row.format, row.fileHash, row.content]);
  }

  /** Marks the job as running and records the row count (for progress as done / total). */
  async start(db: SqlExecutor, id: string, total: number): Promise<void> {
    await db.query(`UPDATE imports SET status = 'running', rows_total = $2, error = NULL WHERE id = $1`, [id, total]);
  }

  /**
   * Stores the progress after a chunk, in the chunk's transaction. Compare-and-set on `rows_done`: false when another
   * run of the same job moved on first (a stalled job redelivered), so the caller rolls its chunk back.
   */
  async checkpoint(tx: SqlExecutor, id: string, previousDone: number, p: ImportProgress): Promise<boolean> {
    const rows = await tx.query(
      `UPDATE imports SET rows_done = $3, rows_created = $4, rows_existing = $5, rows_failed = $6, errors = $7
        WHERE id = $1 AND rows_done = $2 AND status = 'running' RETURNING id`,
      [id, previousDone, p.done, p.created, p.existing, p.failed, JSON.stringify(p.errors)],
    );
    return rows.length === 1;
  }

  /** The final state; the stored file is dropped (the counts and the error report stay). */
  async finish(db: SqlExecutor, id: string, p: ImportProgress, outcome: { status: 'done' | 'failed'; error?: string }): Promise<void> {
    await db.query(
      `UPDATE imports SET status = $2, rows_done = $3, rows_created = $4, rows_existing = $5, rows_failed = $6, errors = $7,
              error = $8, finished_at = now(), content = NULL
        WHERE id = $1`,
      [id, outcome.status, p.done, p.created, p.existing, p.failed, JSON.stringify(p.errors), outcome.error ?? null],
    );
  }
}
