import { Inject, Injectable } from '@nestjs/common';
import { fieldPermissionsFor } from '@tutela/access';
import { Actor, RequestMeta, TutelaConfig, TutelaError } from '@tutela/common';
import { Database } from '@tutela/persistence';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import { AuditService } from '../audit/audit.service';
import { AccessContextService } from '../cases/access-context.service';
import { caseListConditions, parseCaseListQuery } from '../cases/case-list.query';
import { SqlParams } from '../cases/sql-params';
import { ConfigurationService } from '../configuration/configuration.service';
import { TUTELA_CONFIG } from '../core/tokens';
import { OutboxService } from '../queue/outbox.service';
import { exportFieldColumns } from './export-columns';
import { ExportRepository, ExportRequestBody, ExportRow } from './export.repository';
import { ExportSecretBox } from './export-secret-box';

export interface ExportStatusView {
  id: string;
  format: string;
  status: ExportRow['status'];
  progress: { done: number; total: number | null };
  passwordProtected: boolean;
  createdAt: string;
  finishedAt: string | null;
  expiresAt: string;
  error: string | null;
}

/** List parameters an export does not take: it exports every matching row, in its own order and columns. */
const NOT_EXPORT_FILTERS = ['sort', 'page', 'per', 'cursor', 'fields'];

/**
 * Export requests: checked up front (permission, filters, fields) so a bad request is a 4xx, not a failed job; the
 * job (ExportRunner) re-applies the access rules when it runs. Only the creator sees or downloads an export.
 */
@Injectable()
export class ExportService {
  constructor(
    private readonly db: Database,
    private readonly configuration: ConfigurationService,
    private readonly access: AccessContextService,
    private readonly repository: ExportRepository,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly secrets: ExportSecretBox,
    @Inject(TUTELA_CONFIG) private readonly config: TutelaConfig,
  ) {}

  async create(actor: Actor, body: ExportRequestBody & { password?: string }, meta: RequestMeta): Promise<ExportStatusView> {
    const ctx = await this.access.forActor(actor, []);
    if (!ctx.ability.can('export', 'Case')) throw TutelaError.forbidden('Your role may not export cases');
    const snapshot = this.configuration.snapshot();
    const catalog = snapshot.forms.fieldCatalog('case');
    const filters = body.filters ?? {};
    for (const key of NOT_EXPORT_FILTERS) {
      if (key in filters) throw TutelaError.badRequest('Invalid export filters', [{ path: `/filters/${key}`, code: 'invalid', message: 'not an export filter' }]);
    }
    const baseline = fieldPermissionsFor(ctx.role, this.access.accessCatalog(), { readSensitive: false });
    // Parsing here (and again in the job) turns bad filters into a 400 now rather than a failed job later.
    caseListConditions(parseCaseListQuery(filters, catalog, (f) => baseline.canRead(f)), new SqlParams(), (code) => snapshot.forms.locationPath(code));
    const best = fieldPermissionsFor(ctx.role, this.access.accessCatalog(), { readSensitive: ctx.ability.can('read_sensitive', 'Case') });
    exportFieldColumns(catalog, best, body.fields, body.forms);

    const id = randomUUID();
    const request: ExportRequestBody = { format: body.format, filters, ...(body.fields ? { fields: body.fields } : {}), ...(body.forms ? { forms: body.forms } : {}) };
    let outboxId = '';
    await this.db.transaction(async (tx) => {
      await this.repository.insert(tx, { id, createdBy: actor.userId, request, passwordEnc: body.password ? this.secrets.seal(body.password) : null, ttlHours: this.config.exportTtlHours });
      outboxId = await this.outbox.stage(tx, 'exports:generate', { exportId: id }, { jobId: `export-${id}` });
      await this.audit.record(
        { actor, action: 'export_created', targetType: 'export', targetId: id, details: { format: body.format, filters: Object.keys(filters), fields: body.fields?.length ?? null, forms: body.forms ?? null, passwordProtected: Boolean(body.password) }, meta },
        tx,
      );
    });
    void this.outbox.dispatch([outboxId]);
    return this.get(actor, id);
  }

  /** Status and progress; someone else's export is 404 (its existence is not disclosed). */
  async get(actor: Actor, id: string): Promise<ExportStatusView> {
    return toView(await this.own(actor, id));
  }

  /** The finished file, for its creator only: 409 while running, 410 once expired (the file is then removed). */
  async download(actor: Actor, id: string, meta: RequestMeta): Promise<{ file: string; name: string; contentType: string }> {
    const row = await this.own(actor, id);
    if (row.status === 'expired' || row.expired) {
      if (row.fileName) fs.rmSync(path.join(this.config.exportDir, row.fileName), { force: true });
      if (row.status !== 'expired') await this.repository.update(this.db, id, { status: 'expired', file_name: null });
      throw new TutelaError('GONE', 'This export has expired; request a new one');
    }
    if (row.status !== 'done' || !row.fileName) throw TutelaError.conflict(`The export is ${row.status}`);
    const file = path.join(this.config.exportDir, row.fileName);
    // Files live on the workers' volume: a missing file (wiped volume, misconfigured TUTELA_EXPORT_DIR) is gone, not a 500.
    if (!fs.existsSync(file)) throw new TutelaError('GONE', 'The export file is no longer available; request a new one');
    await this.audit.record({ actor, action: 'export_downloaded', targetType: 'export', targetId: id, details: { format: row.format, rows: row.rowsDone }, meta });
    const contentType = row.protected ? 'application/zip' : CONTENT_TYPES[row.format];
    return { file, name: row.fileName, contentType };
  }

  private async own(actor: Actor, id: string): Promise<ExportRow> {
    const row = await this.repository.find(this.db, id);
    if (!row || row.createdBy !== actor.userId) throw TutelaError.notFound('Export');
    return row;
  }
}

const CONTENT_TYPES: Record<string, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

function toView(row: ExportRow): ExportStatusView {
  return {
    id: row.id,
    format: row.format,
    status: row.expired && row.status === 'done' ? 'expired' : row.status,
    progress: { done: row.rowsDone, total: row.rowsTotal },
    passwordProtected: row.protected,
    createdAt: new Date(row.createdAt).toISOString(),
    finishedAt: row.finishedAt ? new Date(row.finishedAt).toISOString() : null,
    expiresAt: new Date(row.expiresAt).toISOString(),
    error: row.error,
  };
}
