import { Injectable } from '@nestjs/common';
import { RESOURCE_ACTIONS, RESOURCE_SUBJECTS, RoleDefinition, TutelaAbility, validateRoleDefinitions } from '@tutela/access';
import { Actor, RequestMeta, TutelaError } from '@tutela/common';
import { Database } from '@tutela/persistence';
import { AuditService } from '../audit/audit.service';
import { ConfigRepository } from '../configuration/config.repository';
import { ConfigurationService } from '../configuration/configuration.service';
import { AdminAccess } from './admin-access.service';
import { SLUG, issuesToDetails, throwIfProblems } from './admin-query';

export type RoleView = RoleDefinition & { version: number };

/** The parts of a role that decide what its users may do: a change to one of them is a permission change. */
const PERMISSION_KEYS = ['scope', 'modules', 'permissions', 'forms', 'flags'] as const;

/**
 * Roles (`manage_config`) are versioned configuration documents of kind `role`: each change publishes a new immutable
 * version and bumps the configuration revision, so every API and worker process rebuilds its snapshot and every
 * ability built afterwards uses it. Roles are never deleted (users may hold them): `flags.disabled` retires one.
 */
@Injectable()
export class RoleAdminService {
  constructor(
    private readonly db: Database,
    private readonly admin: AdminAccess,
    private readonly configuration: ConfigurationService,
    private readonly repository: ConfigRepository,
    private readonly audit: AuditService,
  ) {}

  async list(actor: Actor): Promise<RoleView[]> {
    await this.admin.require(actor, 'manage_config');
    const snapshot = this.configuration.snapshot();
    return [...snapshot.roles.values()].sort((a, b) => a.id.localeCompare(b.id)).map((role) => this.view(role));
  }

  async get(actor: Actor, id: string): Promise<RoleView> {
    await this.admin.require(actor, 'manage_config');
    return this.view(this.mustFind(id));
  }

  async create(actor: Actor, body: RoleDefinition, meta: RequestMeta): Promise<RoleView> {
    const { ability } = await this.admin.require(actor, 'manage_config');
    this.validate(body);
    assertNoEscalation(ability, body);
    if (this.configuration.snapshot().roles.has(body.id)) {
      throw TutelaError.conflict(`Role "${body.id}" already exists; use PUT to change it`, [{ path: '/id', code: 'taken', message: 'This role id is already in use' }]);
    }
    return this.publish(actor, body, null, meta);
  }

  async update(actor: Actor, id: string, body: RoleDefinition, meta: RequestMeta): Promise<RoleView> {
    const { ability } = await this.admin.require(actor, 'manage_config');
    const current = this.mustFind(id);
    if (body?.id !== id) throw TutelaError.validation([{ path: '/id', code: 'const', message: `The body's id must be "${id}"` }]);
    this.validate(body);
    assertNoEscalation(ability, body);
    if (id === actor.roleId && !this.keepsAdministration(body)) {
      // The last door out: an administrator removing their own right to administer roles could not undo it.
      throw TutelaError.conflict('This change would remove your own permission to manage roles; ask another administrator');
    }
    return this.publish(actor, body, current, meta);
  }

  private async publish(actor: Actor, role: RoleDefinition, previous: RoleDefinition | null, meta: RequestMeta): Promise<RoleView> {
    const { revision, version } = await this.db.transaction(async (tx) => {
      // Serialises publishers of one role: the version number is max + 1.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`config:role:${role.id}`]);
      // Two administrators creating the same new role: the second must not silently become version 2.
      if (previous === null && (await this.repository.latest(tx, 'role', role.id))) {
        throw TutelaError.conflict(`Role "${role.id}" already exists; use PUT to change it`, [{ path: '/id', code: 'taken', message: 'This role id is already in use' }]);
      }
      const published = await this.repository.publish(tx, { kind: 'role', id: role.id, body: role, source: 'admin', publishedBy: actor.userId });
      const changed = previous ? PERMISSION_KEYS.filter((key) => JSON.stringify(previous[key] ?? null) !== JSON.stringify(role[key] ?? null)) : [...PERMISSION_KEYS];
      await this.audit.record(
        {
          actor,
          action: 'permission_changed',
          targetType: 'role',
          targetId: role.id,
          details: { version: published, created: previous === null, changed, ...(previous ? { from: pick(previous, changed) } : {}), to: pick(role, changed) },
          meta,
        },
        tx,
      );
      return { version: published, revision: await this.repository.bumpRevision(tx) };
    });
    // This process serves the new version from its next request; the others follow on the notification.
    await this.configuration.reloadIfStale(revision);
    return { ...role, version };
  }

  private validate(body: RoleDefinition): void {
    const formIds = [...this.configuration.snapshot().versions.keys()].filter((key) => key.startsWith('form:')).map((key) => key.slice('form:'.length));
    throwIfProblems(issuesToDetails(validateRoleDefinitions([{ definition: body }], formIds)));
  }

  private keepsAdministration(role: RoleDefinition): boolean {
    return !role.flags?.disabled && (role.permissions.config ?? []).includes('manage_config');
  }

  private mustFind(id: string): RoleDefinition {
    const role = SLUG.test(id) ? this.configuration.snapshot().roles.get(id) : undefined;
    if (!role) throw TutelaError.notFound('Role');
    return role;
  }

  private view(role: RoleDefinition): RoleView {
    return { ...role, version: this.configuration.snapshot().versions.get(`role:${role.id}`) ?? 1 };
  }
}

/**
 * A configuration manager may not grant administrative capabilities it does not hold itself (say, `manage_users` or
 * `read_audit_log` to its own role). Case verbs are what configuring roles is about, so they are not compared.
 */
function assertNoEscalation(ability: TutelaAbility, role: RoleDefinition): void {
  for (const resource of ['config', 'user', 'audit_log'] as const) {
    const verbs = (role.permissions[resource] ?? []).filter((verb) => (RESOURCE_ACTIONS[resource] as readonly string[]).includes(verb));
    const missing = verbs.filter((verb) => !ability.can(verb as never, RESOURCE_SUBJECTS[resource]));
    if (missing.length > 0) {
      throw TutelaError.forbidden('You may not grant administrative permissions you do not hold', [
        { path: `/permissions/${resource}`, code: 'escalation', message: `You do not hold ${missing.join(', ')}` },
      ]);
    }
  }
}

function pick(role: RoleDefinition, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, (role as unknown as Record<string, unknown>)[key] ?? null]));
}
