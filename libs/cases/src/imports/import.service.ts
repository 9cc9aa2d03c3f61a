import { Injectable } from '@nestjs/common';
import { Actor, RequestMeta, TutelaError } from '@tutela/common';
import { Database } from '@tutela/persistence';
import { createHash, randomUUID } from 'node:crypto';
import { AuditService } from '../audit/audit.service';
import { AccessContextService } from '../cases/access-context.service';
import { OutboxService } from '../queue/outbox.service';
import { ImportFormat } from './import-rows';
import { ImportRecord, ImportRepository } from './import.repository';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Import requests: the file arrives base64 in a JSON body (bounded by the body limit), is stored with its hash, and a
 * job (ImportRunner) stores its rows as the uploader, each checked like POST /cases. Only the uploader sees the import
 * and its report.
 */
@Injectable()
export class ImportService {
  constructor(
    private readonly db: Database,
    private readonly access: AccessContextService,
    private readonly repository: ImportRepository,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, body: { format: ImportFormat; content: string }, meta: RequestMeta): Promise<ImportRecord> {
    const ctx = await this.access.forActor(actor, []);
    // Bulk registration is its own capability (deny by default); the job checks it again, and every row gets the
    // checks of a POST /cases by the uploader (create, field rules, forms).
    if (!ctx.ability.can('import', 'Case') || !ctx.ability.can('create', 'Case')) throw TutelaError.forbidden('Your role may not import cases');
    const compact = body.content.replace(/\s+/g, '');
    if (!BASE64.test(compact) || compact.length % 4 !== 0) throw TutelaError.validation([{ path: '/content', code: 'base64', message: 'expected the file encoded in base64' }]);
    const content = Buffer.from(compact, 'base64');
    if (content.length === 0) throw TutelaError.validation([{ path: '/content', code: 'empty', message: 'the file is empty' }]);
    const fileHash = createHash('sha256').update(content).digest('hex');
    const id = randomUUID();
    let outboxId = '';
    await this.db.transaction(async (tx) => {
      await this.repository.insert(tx, { id, createdBy: actor.userId, format: body.format, fileHash, content });
      outboxId = await this.outbox.stage(tx, 'imports:run', { importId: id }, { jobId: `import-${id}` });
      await this.audit.record({ actor, action: 'import_created', targetType: 'import', targetId: id, details: { format: body.format, bytes: content.length, sha256: fileHash }, meta }, tx);
    });
    void this.outbox.dispatch([outboxId]);
    return this.get(actor, id);
  }

  /** Progress and per-row error report; someone else's import is 404. */
  async get(actor: Actor, id: string): Promise<ImportRecord> {
    const row = await this.repository.find(this.db, id);
    if (!row || row.createdBy !== actor.userId) throw TutelaError.notFound('Import');
    return row;
  }
}
