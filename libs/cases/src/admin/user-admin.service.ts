import { Injectable } from '@nestjs/common';
import { PASSWORD_POLICY_MESSAGES, RESOURCE_ACTIONS, RESOURCE_SUBJECTS, TutelaAbility, UserAccountDefinition, checkPasswordPolicy, validateUserAccountDefinition } from '@tutela/access';
import { Actor, ErrorDetail, RequestMeta, TutelaError } from '@tutela/common';
import { Database, SqlExecutor } from '@tutela/persistence';
import { AuditService } from '../audit/audit.service';
import { ConfigurationService } from '../configuration/configuration.service';
import { PasswordHasher } from '../identity/password-hasher.service';
import { SessionCache } from '../identity/session-cache.service';
import { AdminAccess } from './admin-access.service';
import { issuesToDetails, isUniqueViolation, optionalText, parsePaging, throwIfProblems } from './admin-query';

export interface NewUserInput extends Partial<Omit<UserAccountDefinition, 'username' | 'fullName' | 'roleId' | 'agencyId'>> {
  username: string;
  fullName: string;
  roleId: string;
  agencyId: string;
  password: string;
}

export type UserPatch = Partial<Omit<UserAccountDefinition, 'username' | 'email' | 'position'>> & { email?: string | null; position?: string | null };

/** What the API shows of an account: never the password hash, never the lockout counters' internals. */
const USER_VIEW = `u.id, u.username, u.full_name AS "fullName", u.email, u.position, u.role_id AS "roleId",
  u.agency_id AS "agencyId", u.group_ids AS "groupIds", u.location_code AS "locationCode", u.locale, u.disabled,
  u.locked_until AS "lockedUntil", u.last_login_at AS "lastLoginAt", u.password_changed_at AS "passwordChangedAt",
  u.created_at AS "createdAt", u.updated_at AS "updatedAt"`;

type UserView = UserAccountDefinition & { id: string; email: string | null; position: string | null; disabled: boolean };

/**
 * User accounts (`manage_users`): create with a policy-checked password (argon2id), change role, agency, groups,
 * location or status, reset passwords. Disabling (also DELETE) ends every session at once: the auth guard re-reads
 * `disabled` on each request and the refresh tokens are revoked. Every change is audited.
 */
@Injectable()
export class UserAdminService {
  constructor(
    private readonly db: Database,
    private readonly admin: AdminAccess,
    private readonly configuration: ConfigurationService,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly sessions: SessionCache,
  ) {}

  async list(actor: Actor, raw: Record<string, unknown>): Promise<{ data: unknown[]; meta: { total: number; page: number; per: number } }> {
    await this.admin.require(actor, 'manage_users');
    const problems: ErrorDetail[] = [];
    const paging = parsePaging(raw, problems);
    const q = optionalText(raw, 'q', /^.{1,100}$/su, problems);
    const roleId = optionalText(raw, 'roleId', /^[a-z][a-z0-9_]{0,62}$/, problems);
    const agencyId = optionalText(raw, 'agencyId', /^[a-z][a-z0-9_]{0,62}$/, problems);
    const disabled = optionalText(raw, 'disabled', /^(true|false)$/, problems);
    throwIfProblems(problems);
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => where.push(sql.replaceAll('?', `$${params.push(value)}`));
    if (q) add(`(u.username ILIKE '%' || ? || '%' OR u.full_name ILIKE '%' || ? || '%')`, q.replace(/[\\%_]/g, '\\$&'));
    if (roleId) add('u.role_id = ?', roleId);
    if (agencyId) add('u.agency_id = ?', agencyId);
    if (disabled) add('u.disabled = ?', disabled === 'true');
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const rows = await this.db.query<{ total: string }>(
      `SELECT ${USER_VIEW}, count(*) OVER () AS total FROM users u ${clause} ORDER BY lower(u.username)
        LIMIT ${paging.per} OFFSET ${(paging.page - 1) * paging.per}`,
      params,
    );
    const total = rows.length ? Number(rows[0].total) : Number((await this.db.query<{ n: string }>(`SELECT count(*) AS n FROM users u ${clause}`, params))[0].n);
    return { data: rows.map(({ total: _total, ...user }) => user), meta: { total, ...paging } };
  }

  async get(actor: Actor, id: string): Promise<UserView> {
    await this.admin.require(actor, 'manage_users');
    return this.mustFind(this.db, id);
  }

  async create(actor: Actor, input: NewUserInput, meta: RequestMeta): Promise<UserView> {
    const { ability } = await this.admin.require(actor, 'manage_users');
    this.assertMayHandle(ability, input.roleId);
    const { password, ...rest } = input;
    const account: UserAccountDefinition = {
      ...rest,
      groupIds: input.groupIds ?? [],
      locationCode: input.locationCode ?? null,
      locale: input.locale ?? this.configuration.snapshot().country.defaultLocale,
    };
    const problems = issuesToDetails(validateUserAccountDefinition(account));
    if (problems.length === 0) problems.push(...(await this.referenceProblems(account, ['roleId', 'agencyId', 'groupIds', 'locationCode'])));
    problems.push(...passwordProblems(password, account.username, actor.locale));
    throwIfProblems(problems);

    const passwordHash = await this.hasher.hash(password);
    try {
      return await this.db.transaction(async (tx) => {
        const [{ id }] = await tx.query<{ id: string }>(
          `INSERT INTO users (username, full_name, email, position, password_hash, role_id, agency_id, group_ids, location_code, locale, disabled)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
          [account.username, account.fullName, account.email ?? null, account.position ?? null, passwordHash, account.roleId, account.agencyId,
            account.groupIds, account.locationCode, account.locale, Boolean(account.disabled)],
        );
        await this.audit.record({ actor, action: 'user_created', targetType: 'user', targetId: id, details: { roleId: account.roleId, agencyId: account.agencyId }, meta }, tx);
        return this.mustFind(tx, id);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw TutelaError.conflict('This username is already taken', [{ path: '/username', code: 'taken', message: 'This username is already taken' }]);
      throw error;
    }
  }

  async update(actor: Actor, id: string, patch: UserPatch, meta: RequestMeta): Promise<UserView> {
    const { ability } = await this.admin.require(actor, 'manage_users');
    const current = await this.mustFind(this.db, id);
    this.assertMayHandle(ability, current.roleId);
    if (patch.roleId !== undefined) this.assertMayHandle(ability, patch.roleId);
    if (id === actor.userId && ((patch.roleId !== undefined && patch.roleId !== current.roleId) || patch.disabled === true)) {
      // Another administrator must do it: an administrator locking themselves out leaves nobody to undo it.
      throw TutelaError.conflict('You may not change your own role or disable your own account');
    }
    const next = { ...current, ...patch };
    const account: UserAccountDefinition = {
      username: next.username, fullName: next.fullName, roleId: next.roleId, agencyId: next.agencyId, groupIds: next.groupIds,
      locationCode: next.locationCode, locale: next.locale, disabled: next.disabled,
      ...(next.email ? { email: next.email } : {}), ...(next.position ? { position: next.position } : {}),
    };
    const problems = issuesToDetails(validateUserAccountDefinition(account));
    const changed = (Object.keys(patch) as Array<keyof UserPatch>).filter((key) => JSON.stringify(patch[key]) !== JSON.stringify(current[key as keyof UserView]));
    // Only what changes is checked against the organisation: an unrelated edit must not fail on a group disabled since.
    const checks = changed.filter((key): key is 'roleId' | 'agencyId' | 'groupIds' | 'locationCode' => ['roleId', 'agencyId', 'groupIds', 'locationCode'].includes(key));
    if (changed.includes('agencyId') && !checks.includes('groupIds')) checks.push('groupIds');
    if (problems.length === 0) problems.push(...(await this.referenceProblems(account, checks)));
    throwIfProblems(problems);
    if (changed.length === 0) return current;

    const updated = await this.db.transaction(async (tx) => {
      await tx.query(
        `UPDATE users SET full_name = $2, email = $3, position = $4, role_id = $5, agency_id = $6, group_ids = $7, location_code = $8,
                locale = $9, disabled = $10, updated_at = now() WHERE id = $1`,
        [id, account.fullName, account.email ?? null, account.position ?? null, account.roleId, account.agencyId, account.groupIds,
          account.locationCode, account.locale, Boolean(account.disabled)],
      );
      const audit = (action: 'user_updated' | 'role_changed' | 'user_disabled', details: Record<string, unknown>) =>
        this.audit.record({ actor, action, targetType: 'user', targetId: id, details, meta }, tx);
      await audit('user_updated', { fields: changed });
      if (changed.includes('roleId')) await audit('role_changed', { from: current.roleId, to: account.roleId });
      if (account.disabled && !current.disabled) {
        await tx.query(`UPDATE refresh_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE user_id = $1`, [id]);
        await audit('user_disabled', {});
      }
      return this.mustFind(tx, id);
    });
    // This process's cached token checks of the user end now (other processes hear it from the database trigger).
    this.sessions.forgetUser(id);
    return updated;
  }

  /** DELETE: accounts are disabled, never removed (case history and the audit log keep pointing at them). */
  async disable(actor: Actor, id: string, meta: RequestMeta): Promise<void> {
    await this.update(actor, id, { disabled: true }, meta);
  }

  /** Sets a new password: older access tokens stop working, every session ends, a lockout is lifted. */
  async resetPassword(actor: Actor, id: string, password: string, meta: RequestMeta): Promise<void> {
    const { ability } = await this.admin.require(actor, 'manage_users');
    const user = await this.mustFind(this.db, id);
    this.assertMayHandle(ability, user.roleId);
    throwIfProblems(passwordProblems(password, user.username, actor.locale));
    const passwordHash = await this.hasher.hash(password);
    await this.db.transaction(async (tx) => {
      await tx.query(
        `UPDATE users SET password_hash = $2, password_changed_at = now(), failed_logins = 0, locked_until = NULL, updated_at = now() WHERE id = $1`,
        [id, passwordHash],
      );
      await tx.query(`UPDATE refresh_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE user_id = $1`, [id]);
      await this.audit.record({ actor, action: 'password_reset', targetType: 'user', targetId: id, meta }, tx);
    });
    this.sessions.forgetUser(id);
  }

  /**
   * No escalation through accounts: a user manager may only create, change, reset or disable accounts whose role
   * holds no administrative capability the manager lacks (else resetting an administrator's password, or giving
   * someone the administrator role, would hand over powers the manager never had). Case verbs are not compared:
   * managing users is not handling cases.
   */
  private assertMayHandle(ability: TutelaAbility, roleId: string): void {
    const role = this.configuration.snapshot().roles.get(roleId);
    if (!role) return;
    for (const resource of ['config', 'user', 'audit_log'] as const) {
      const verbs = (role.permissions[resource] ?? []).filter((verb) => (RESOURCE_ACTIONS[resource] as readonly string[]).includes(verb));
      if (verbs.some((verb) => !ability.can(verb as never, RESOURCE_SUBJECTS[resource]))) {
        throw TutelaError.forbidden(`The role "${roleId}" holds administrative permissions you do not have`);
      }
    }
  }

  private async mustFind(executor: SqlExecutor, id: string): Promise<UserView> {
    const [user] = await executor.query<UserView>(`SELECT ${USER_VIEW} FROM users u WHERE u.id = $1`, [id]);
    if (!user) throw TutelaError.notFound('User');
    return user;
  }

  /** Roles of the current configuration; enabled agencies and groups (a group must serve the user's agency); known locations. */
  private async referenceProblems(account: UserAccountDefinition, checks: Array<'roleId' | 'agencyId' | 'groupIds' | 'locationCode'>): Promise<ErrorDetail[]> {
    const problems: ErrorDetail[] = [];
    const snapshot = this.configuration.snapshot();
    const unknown = (path: string, message: string) => problems.push({ path, code: 'unknown_reference', message });
    if (checks.includes('roleId') && !snapshot.roles.has(account.roleId)) unknown('/roleId', `Unknown role "${account.roleId}"`);
    if (checks.includes('agencyId')) {
      const [agency] = await this.db.query<{ disabled: boolean }>(`SELECT disabled FROM agencies WHERE id = $1`, [account.agencyId]);
      if (!agency || agency.disabled) unknown('/agencyId', `Unknown or disabled agency "${account.agencyId}"`);
    }
    if (checks.includes('groupIds') && account.groupIds.length > 0) {
      const groups = await this.db.query<{ id: string; agency_ids: string[]; disabled: boolean }>(
        `SELECT id, agency_ids, disabled FROM user_groups WHERE id = ANY($1::text[])`,
        [account.groupIds],
      );
      account.groupIds.forEach((groupId, index) => {
        const group = groups.find((g) => g.id === groupId);
        if (!group || group.disabled) unknown(`/groupIds/${index}`, `Unknown or disabled user group "${groupId}"`);
        else if (!group.agency_ids.includes(account.agencyId)) unknown(`/groupIds/${index}`, `User group "${groupId}" does not include agency "${account.agencyId}"`);
      });
    }
    if (checks.includes('locationCode') && account.locationCode !== null && !snapshot.forms.location(account.locationCode)) {
      unknown('/locationCode', `Unknown location "${account.locationCode}"`);
    }
    return problems;
  }
}

function passwordProblems(password: string, username: string, locale: string): ErrorDetail[] {
  const messages = PASSWORD_POLICY_MESSAGES[locale === 'en' ? 'en' : 'fr'];
  return checkPasswordPolicy(password, { username }).map((code) => ({ path: '/password', code, message: messages[code] }));
}
