import { Injectable } from '@nestjs/common';
import { UserGroupDefinition, validateUserGroupDefinition } from '@tutela/access';
import { Actor, RequestMeta, TutelaError } from '@tutela/common';
import { Database, SqlExecutor } from '@tutela/persistence';
import { AuditService } from '../audit/audit.service';
import { AdminAccess } from './admin-access.service';
import { SLUG, issuesToDetails, isUniqueViolation, throwIfProblems } from './admin-query';

const GROUP_VIEW = `id, names AS name, descriptions AS description, agency_ids AS "agencyIds", disabled,
  created_at AS "createdAt", updated_at AS "updatedAt"`;

/**
 * User groups (`manage_users`), the same items as the pack's user-groups.json. Group-scoped roles see the cases
 * tagged with their groups, so a group is disabled rather than deleted: the tags on existing cases stay meaningful.
 */
@Injectable()
export class UserGroupAdminService {
  constructor(
    private readonly db: Database,
    private readonly admin: AdminAccess,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor): Promise<unknown[]> {
    await this.admin.require(actor, 'manage_users');
    return this.db.query(`SELECT ${GROUP_VIEW} FROM user_groups ORDER BY id`);
  }

  async get(actor: Actor, id: string): Promise<unknown> {
    await this.admin.require(actor, 'manage_users');
    return this.mustFind(this.db, id);
  }

  async create(actor: Actor, body: UserGroupDefinition, meta: RequestMeta): Promise<unknown> {
    await this.admin.require(actor, 'manage_users');
    await this.validate(body);
    try {
      return await this.db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO user_groups (id, names, descriptions, agency_ids, disabled) VALUES ($1, $2, $3, $4, $5)`,
          [body.id, JSON.stringify(body.name), body.description ? JSON.stringify(body.description) : null, body.agencyIds, Boolean(body.disabled)],
        );
        await this.audit.record({ actor, action: 'user_group_changed', targetType: 'user_group', targetId: body.id, details: { created: true }, meta }, tx);
        return this.mustFind(tx, body.id);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw TutelaError.conflict('This group id is already in use', [{ path: '/id', code: 'taken', message: 'This group id is already in use' }]);
      throw error;
    }
  }

  /** PUT: the whole definition; the id in the body must be the one in the path. */
  async update(actor: Actor, id: string, body: UserGroupDefinition, meta: RequestMeta): Promise<unknown> {
    await this.admin.require(actor, 'manage_users');
    await this.mustFind(this.db, id);
    if (body?.id !== id) throw TutelaError.validation([{ path: '/id', code: 'const', message: `The body's id must be "${id}"` }]);
    await this.validate(body);
    return this.db.transaction(async (tx) => {
      await tx.query(
        `UPDATE user_groups SET names = $2, descriptions = $3, agency_ids = $4, disabled = $5, updated_at = now() WHERE id = $1`,
        [id, JSON.stringify(body.name), body.description ? JSON.stringify(body.description) : null, body.agencyIds, Boolean(body.disabled)],
      );
      await this.audit.record({ actor, action: 'user_group_changed', targetType: 'user_group', targetId: id, details: { agencyIds: body.agencyIds, disabled: Boolean(body.disabled) }, meta }, tx);
      return this.mustFind(tx, id);
    });
  }

  async disable(actor: Actor, id: string, meta: RequestMeta): Promise<void> {
    await this.admin.require(actor, 'manage_users');
    await this.mustFind(this.db, id);
    await this.db.transaction(async (tx) => {
      await tx.query(`UPDATE user_groups SET disabled = true, updated_at = now() WHERE id = $1`, [id]);
      await this.audit.record({ actor, action: 'user_group_changed', targetType: 'user_group', targetId: id, details: { disabled: true }, meta }, tx);
    });
  }

  private async validate(body: UserGroupDefinition): Promise<void> {
    const problems = issuesToDetails(validateUserGroupDefinition(body));
    if (problems.length === 0) {
      const rows = await this.db.query<{ id: string }>(`SELECT id FROM agencies WHERE id = ANY($1::text[]) AND NOT disabled`, [body.agencyIds]);
      const known = new Set(rows.map((row) => row.id));
      body.agencyIds.forEach((agencyId, index) => {
        if (!known.has(agencyId)) problems.push({ path: `/agencyIds/${index}`, code: 'unknown_reference', message: `Unknown or disabled agency "${agencyId}"` });
      });
    }
    throwIfProblems(problems);
  }

  private async mustFind(executor: SqlExecutor, id: string): Promise<unknown> {
    const [group] = SLUG.test(id) ? await executor.query(`SELECT ${GROUP_VIEW} FROM user_groups WHERE id = $1`, [id]) : [];
    if (!group) throw TutelaError.notFound('User group');
    return group;
  }
}
