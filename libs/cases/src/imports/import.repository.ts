import { Injectable } from '@nestjs/common';
import { SqlExecutor } from '@tutela/persistence';
import { ImportFormat } from './import-rows';

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

  async progress(db: SqlExecutor, id: string, p: { status: ImportRecord['status']; done: number; created: number; existing: number; failed: number; errors: ImportRowError[]; total?: number; error?: string | null; finished?: boolean }): Promise<void> {
    await db.query(
      `UPDATE imports SET status = $2, rows_done = $3, rows_created = $4, rows_existing = $5, rows_failed = $6, errors = $7,
              rows_total = coalesce($8, rows_total), error = $9, finished_at = CASE WHEN $10 THEN now() ELSE finished_at END,
              content = CASE WHEN $10 THEN NULL ELSE content END
        WHERE id = $1`,
      [id, p.status, p.done, p.created, p.existing, p.failed, JSON.stringify(p.errors), p.total ?? null, p.error ?? null, p.finished === true],
    );
  }
}
