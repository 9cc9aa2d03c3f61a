import { Injectable } from '@nestjs/common';
import { SqlExecutor } from '@tutela/persistence';
import { ExportFormat } from './export-writer';

export interface ExportRequestBody {
  format: ExportFormat;
  filters: Record<string, string>;
  fields?: string[];
  forms?: string[];
}

export interface ExportRow {
  id: string;
  createdBy: string;
  format: ExportFormat;
  request: ExportRequestBody;
  passwordEnc: string | null;
  protected: boolean;
  status: 'queued' | 'running' | 'done' | 'failed' | 'expired';
  rowsDone: number;
  rowsTotal: number | null;
  fileName: string | null;
  fileSize: string | null;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
  expiresAt: Date;
  expired: boolean;
}

const COLUMNS = `id, created_by AS "createdBy", format, request, password_enc AS "passwordEnc", protected, status,
  rows_done AS "rowsDone", rows_total AS "rowsTotal", file_name AS "fileName", file_size AS "fileSize", error,
  created_at AS "createdAt", finished_at AS "finishedAt", expires_at AS "expiresAt", expires_at <= now() AS expired`;

/** SQL of the `exports` table. */
@Injectable()
export class ExportRepository {
  async find(db: SqlExecutor, id: string): Promise<ExportRow | undefined> {
    const [row] = await db.query<ExportRow>(`SELECT ${COLUMNS} FROM exports WHERE id = $1`, [id]);
    return row;
  }

  async insert(db: SqlExecutor, row: { id: string; createdBy: string; request: ExportRequestBody; passwordEnc: string | null; ttlHours: number }): Promise<void> {
    await db.query(
      `INSERT INTO exports (id, created_by, format, request, password_enc, protected, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, now() + $7 * interval '1 hour')`,
      [row.id, row.createdBy, row.request.format, JSON.stringify(row.request), row.passwordEnc, row.passwordEnc !== null, row.ttlHours],
    );
  }

  async update(db: SqlExecutor, id: string, changes: Record<string, unknown>): Promise<void> {
    const names = Object.keys(changes);
    const sets = names.map((name, i) => `${name} = $${i + 2}`);
    await db.query(`UPDATE exports SET ${sets.join(', ')} WHERE id = $1`, [id, ...names.map((n) => changes[n])]);
  }

  /** Rows whose file should be gone: expired but not yet swept. */
  async dueForExpiry(db: SqlExecutor, limit: number): Promise<Array<{ id: string; fileName: string | null }>> {
    return db.query(`SELECT id, file_name AS "fileName" FROM exports WHERE expires_at <= now() AND status <> 'expired' ORDER BY expires_at LIMIT $1`, [limit]);
  }
}
