import { Injectable } from '@nestjs/common';
import { AgencyDefinition, validateAgencyDefinition } from '@tutela/access';
import { Actor, RequestMeta, TutelaError } from '@tutela/common';
import { Database, SqlExecutor } from '@tutela/persistence';
import { AuditService } from '../audit/audit.service';
import { ConfigurationService } from '../configuration/configuration.service';
import { AdminAccess } from './admin-access.service';
import { SLUG, issuesToDetails, isUniqueViolation, throwIfProblems } from './admin-query';

const AGENCY_VIEW = `id, names AS name, short_name AS "shortName", descriptions AS description, services, disabled,
  created_at AS "createdAt", updated_at AS "updatedAt"`;

/**
 * Agencies (`manage_users`), the same items as the pack's agencies.json. An agency is disabled, never deleted: cases and
 * users keep pointing at it, while new users and groups can no longer be placed in it.
 */
@Injectable()
export class AgencyAdminService {
  constructor(
    private readonly db: Database,
    private readonly admin: AdminAccess,
    private readonly configuration: ConfigurationService,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor): Promise<unknown[]> {
    await this.admin.require(actor, 'manage_users');
    return this.db.query(`SELECT ${AGENCY_VIEW} FROM agencies ORDER BY id`);
  }

  async get(actor: Actor, id: string): Promise<unknown> {
    await this.admin.require(actor, 'manage_users');
    return this.mustFind(this.db, id);
  }

  async create(actor: Actor, body: AgencyDefinition, meta: RequestMeta): Promise<unknown> {
    await this.admin.require(actor, 'manage_users');
    this.validate(body);
    try {
      return await this.db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO agencies (id, names, short_name, descriptions, services, disabled) VALUES ($1, $2, $3, $4, $5, $6)`,
          [body.id, JSON.stringify(body.name), body.shortName ?? null, body.description ? JSON.stringify(body.description) : null, body.services ?? [], Boolean(body.disabled)],
        );
        await this.audit.record({ actor, action: 'agency_changed', targetType: 'agency', targetId: body.id, details: { created: true }, meta }, tx);
        return this.mustFind(tx, body.id);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw TutelaError.conflict('This agency id is already in use', [{ path: '/id', code: 'taken', message: 'This agency id is already in use' }]);
      throw error;
    }
  }

  /** PUT: the whole definition (as in agencies.json); the id in the body must be the one in the path. */
  async update(actor: Actor, id: string, body: AgencyDefinition, meta: RequestMeta): Promise<unknown> {
    await this.admin.require(actor, 'manage_users');
    await this.mustFind(this.db, id);
    if (body?.id !== id) throw TutelaError.validation([{ path: '/id', code: 'const', message: `The body's id must be "${id}"` }]);
    this.validate(body);
    return this.db.transaction(async (tx) => {
      await tx.query(
        `UPDATE agencies SET names = $2, short_name = $3, descriptions = $4, services = $5, disabled = $6, updated_at = now() WHERE id = $1`,
        [id, JSON.stringify(body.name), body.shortName ?? null, body.description ? JSON.stringify(body.description) : null, body.services ?? [], Boolean(body.disabled)],
      );
      await this.audit.record({ actor, action: 'agency_changed', targetType: 'agency', targetId: id, details: { disabled: Boolean(body.disabled) }, meta }, tx);
      return this.mustFind(tx, id);
    });
  }

  async disable(actor: Actor, id: string, meta: RequestMeta): Promise<void> {
    await this.admin.require(actor, 'manage_users');
    await this.mustFind(this.db, id);
    await this.db.transaction(async (tx) => {
      await tx.query(`UPDATE agencies SET disabled = true, updated_at = now() WHERE id = $1`, [id]);
      await this.audit.record({ actor, action: 'agency_changed', targetType: 'agency', targetId: id, details: { disabled: true }, meta }, tx);
    });
  }

  private validate(body: AgencyDefinition): void {
    const problems = issuesToDetails(validateAgencyDefinition(body));
    const serviceTypes = this.configuration.snapshot().forms.lookup('service_type');
    if (problems.length === 0 && serviceTypes) {
      const known = new Set(serviceTypes.options.map((option) => option.id));
      (body.services ?? []).forEach((service, index) => {
        if (!known.has(service)) problems.push({ path: `/services/${index}`, code: 'unknown_reference', message: `Unknown service type "${service}"` });
      });
    }
    throwIfProblems(problems);
  }

  private async mustFind(executor: SqlExecutor, id: string): Promise<unknown> {
    const [agency] = SLUG.test(id) ? await executor.query(`SELECT ${AGENCY_VIEW} FROM agencies WHERE id = $1`, [id]) : [];
    if (!agency) throw TutelaError.notFound('Agency');
    return agency;
  }
}
