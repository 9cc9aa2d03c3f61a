import { Inject, Injectable, Logger } from '@nestjs/common';
import { caseAccessToSql, fieldPermissionsFor } from '@tutela/access';
import { TutelaConfig } from '@tutela/common';
import { Database } from '@tutela/persistence';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AccessContextService } from '../cases/access-context.service';
import { CASE_COLUMNS } from '../cases/case.repository';
import { caseListConditions, parseCaseListQuery } from '../cases/case-list.query';
import { CaseRecord } from '../cases/case.types';
import { SqlParams } from '../cases/sql-params';
import { ConfigurationService } from '../configuration/configuration.service';
import { TUTELA_CONFIG } from '../core/tokens';
import { QueueConnection } from '../queue/queue-connection';
import { RECORD_COLUMNS, exportFieldColumns } from './export-columns';
import { ExportRepository, ExportRow } from './export.repository';
import { ExportSecretBox } from './export-secret-box';
import { openExportWriter } from './export-writer';
import { writeEncryptedZip } from './export-zip';
import { loadJobActor } from './job-actor';

/** Rows per keyset page: large enough for throughput, small enough that memory does not depend on export size. */
export const EXPORT_BATCH = 1000;

/**
 * Runs export jobs: the creator's access rules (action `export`) are applied again when the job runs, rows are read
 * in keyset pages and written through a streaming writer, progress is stored per page, and the file expires after
 * `exportTtlHours` (a delayed job removes it; downloads after expiry get 410 anyway).
 */
@Injectable()
export class ExportRunner {
  private readonly logger = new Logger(ExportRunner.name);

  constructor(
    private readonly db: Database,
    private readonly configuration: ConfigurationService,
    private readonly access: AccessContextService,
    private readonly repository: ExportRepository,
    private readonly secrets: ExportSecretBox,
    private readonly queues: QueueConnection,
    @Inject(TUTELA_CONFIG) private readonly config: TutelaConfig,
  ) {}

  async generate(exportId: string): Promise<{ rows: number } | null> {
    const row = await this.repository.find(this.db, exportId);
    if (!row || row.status === 'done' || row.status === 'expired') return null;
    try {
      const rows = await this.write(row);
      await this.queues.add('exports:expire', { exportId }, { jobId: `export-expire-${exportId}`, delay: Math.max(0, new Date(row.expiresAt).getTime() - Date.now()) });
      return { rows };
    } catch (error) {
      // The message names what failed (never a value); the job's retries may still succeed.
      await this.repository.update(this.db, exportId, { status: 'failed', error: (error as Error).message.slice(0, 500) });
      throw error;
    }
  }

  /** Removes the file of one expired export, and of any other export past its expiry (a sweep on every run). */
  async expire(exportId: string): Promise<number> {
    const due = await this.repository.dueForExpiry(this.db, 500);
    const own = await this.repository.find(this.db, exportId);
    if (own && own.expired && !due.some((d) => d.id === own.id)) due.push({ id: own.id, fileName: own.fileName });
    for (const item of due) {
      if (item.fileName) fs.rmSync(path.join(this.config.exportDir, item.fileName), { force: true });
      await this.repository.update(this.db, item.id, { status: 'expired', file_name: null, password_enc: null });
    }
    return due.length;
  }

  private async write(row: ExportRow): Promise<number> {
    const actor = await loadJobActor(this.db, row.createdBy);
    if (!actor) throw new Error('The account that requested the export is disabled');
    const ctx = await this.access.forActor(actor);
    if (!ctx.ability.can('export', 'Case')) throw new Error('The role of the requester may no longer export');
    const snapshot = this.configuration.snapshot();
    const catalog = snapshot.forms.fieldCatalog('case');
    const baseline = fieldPermissionsFor(ctx.role, this.access.accessCatalog(), { readSensitive: false });
    const best = fieldPermissionsFor(ctx.role, this.access.accessCatalog(), { readSensitive: ctx.ability.can('read_sensitive', 'Case') });
    const columns = exportFieldColumns(catalog, best, row.request.fields, row.request.forms);

    const params = new SqlParams();
    const where = caseListConditions(parseCaseListQuery(row.request.filters, catalog, (f) => baseline.canRead(f)), params, (code) => snapshot.forms.locationPath(code));
    const scope = caseAccessToSql(ctx.ability, 'export', { paramOffset: params.next, tableAlias: 'c' });
    params.append(scope.params);
    where.push(scope.sql);
    const filterSql = where.join(' AND ');
    const [{ total }] = await this.db.query<{ total: number }>(`SELECT count(*)::int AS total FROM cases c WHERE ${filterSql}`, params.values);
    await this.repository.update(this.db, row.id, { status: 'running', rows_total: total, rows_done: 0, error: null });

    fs.mkdirSync(this.config.exportDir, { recursive: true, mode: 0o700 });
    const base = `export-${row.id}.${row.format}`;
    const plainFile = path.join(this.config.exportDir, row.protected ? `${base}.part` : base);
    const writer = openExportWriter(row.format, plainFile, RECORD_COLUMNS, columns);
    let done = 0;
    try {
      // Keyset pages on the primary key: each page is one index range, whatever the depth.
      const pages = keysetPages((after) =>
        this.db.query<CaseRecord>(`SELECT ${CASE_COLUMNS} FROM cases c WHERE ${filterSql} AND c.id > $${params.next}::uuid ORDER BY c.id LIMIT ${EXPORT_BATCH}`, [...params.values, after]),
      );
      for await (const page of pages) {
        for (const record of page) {
          const fields = this.access.fieldsForCase(ctx, record);
          const data = fields.stripUnreadable(record.data);
          await writer.write({ record: recordColumns(record, fields.canRead('location_current')), data: pick(data, columns) });
        }
        done += page.length;
        if (page.length) await this.repository.update(this.db, row.id, { rows_done: done });
      }
    } finally {
      await writer.close();
    }
    let fileName = base;
    if (row.protected) {
      fileName = `${base}.zip`;
      await writeEncryptedZip(plainFile, base, path.join(this.config.exportDir, fileName), this.secrets.open(row.passwordEnc as string));
      fs.rmSync(plainFile, { force: true });
    }
    const size = fs.statSync(path.join(this.config.exportDir, fileName)).size;
    await this.repository.update(this.db, row.id, { status: 'done', rows_done: done, file_name: fileName, file_size: size, finished_at: new Date(), password_enc: null });
    this.logger.log({ msg: 'export written', exportId: row.id, rows: done, bytes: size });
    return done;
  }
}

/**
 * The pages of a keyset read, the next one already requested while the caller writes the current one: the database
 * reads while this process formats rows. At most one page waits in memory.
 */
async function* keysetPages(read: (after: string) => Promise<CaseRecord[]>): AsyncGenerator<CaseRecord[]> {
  let next = read('00000000-0000-0000-0000-000000000000');
  for (;;) {
    const page = await next;
    const more = page.length === EXPORT_BATCH;
    if (more) {
      next = read(page[page.length - 1].id);
      // Awaited on the next turn; until then a failure must not count as an unhandled rejection.
      next.catch(() => undefined);
    }
    yield page;
    if (!more) return;
  }
}

/** The exported columns of one case's readable data (a plain loop: this runs for every field of every row). */
function pick(data: Record<string, unknown>, columns: readonly string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const column of columns) if (column in data) picked[column] = data[column];
  return picked;
}

/** The location code is the value of `location_current`: shown only when that field is readable on this case. */
function recordColumns(record: CaseRecord, locationReadable: boolean): Record<string, string | number | null> {
  return {
    id: record.id,
    short_id: record.shortId,
    status: record.status,
    workflow_state: record.workflowState,
    agency_id: record.agencyId,
    owner_id: record.ownerId,
    location_code: locationReadable ? record.locationCode : null,
    created_at: new Date(record.createdAt).toISOString(),
    updated_at: new Date(record.updatedAt).toISOString(),
  };
}
