import { Inject, Injectable } from '@nestjs/common';
import { Actor, RequestMeta, TutelaConfig, TutelaError } from '@tutela/common';
import { Database, SqlExecutor } from '@tutela/persistence';
import { randomUUID } from 'node:crypto';
import { AuditService } from '../audit/audit.service';
import { TUTELA_CONFIG } from '../core/tokens';
import { LoginRateLimiter } from './login-rate-limiter.service';
import { PasswordHasher } from './password-hasher.service';
import { SessionCache } from './session-cache.service';
import { TokenService } from './token.service';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;

export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

interface UserRow {
  id: string;
  username: string;
  full_name: string;
  password_hash: string;
  role_id: string;
  agency_id: string;
  group_ids: string[];
  location_code: string | null;
  location_path: string | null;
  locale: string;
  disabled: boolean;
  failed_logins: number;
  locked_until: Date | null;
  password_changed_at: Date;
}

const USER_COLUMNS = `u.id, u.username, u.full_name, u.password_hash, u.role_id, u.agency_id, u.group_ids, u.location_code,
  l.path::text AS location_path, u.locale, u.disabled, u.failed_logins, u.locked_until, u.password_changed_at`;

/**
 * Login with lockout and rate limits, rotating refresh tokens (a reused one revokes its whole family), logout, and
 * the per-request resolution of an access token to an Actor (disabled users are refused at once).
 */
@Injectable()
export class AuthService {
  constructor(
    private readonly db: Database,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly limiter: LoginRateLimiter,
    private readonly audit: AuditService,
    @Inject(TUTELA_CONFIG) private readonly config: TutelaConfig,
    private readonly sessions: SessionCache,
  ) {}

  async login(username: string, password: string, meta: RequestMeta): Promise<SessionTokens & { actor: Actor }> {
    await this.limiter.consume(meta.ip, username);
    const [user] = await this.db.query<UserRow>(
      `SELECT ${USER_COLUMNS} FROM users u LEFT JOIN locations l ON l.code = u.location_code WHERE lower(u.username) = lower($1)`,
      [username],
    );
    const passwordOk = await this.hasher.verify(user?.password_hash ?? null, password);
    const locked = user?.locked_until && user.locked_until > new Date();
    if (!user || !passwordOk || user.disabled || locked) {
      if (user && !passwordOk && !locked) await this.recordFailure(user, meta);
      else await this.audit.record({ action: 'login_failed', targetType: 'user', targetId: user?.id, details: { reason: !user ? 'unknown_user' : user.disabled ? 'disabled' : locked ? 'locked' : 'password' }, meta });
      throw new TutelaError('INVALID_CREDENTIALS', 'Invalid username or password, or the account is disabled or temporarily locked');
    }
    const actor = toActor(user);
    const tokens = await this.db.transaction(async (tx) => {
      await tx.query(`UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = now() WHERE id = $1`, [user.id]);
      await this.audit.record({ actor, action: 'login', targetType: 'user', targetId: user.id, meta }, tx);
      return this.issue(tx, user.id, randomUUID());
    });
    return { ...tokens, actor };
  }

  async refresh(refreshToken: string, meta: RequestMeta): Promise<SessionTokens> {
    const { id, hash } = this.tokens.parseRefreshToken(refreshToken);
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query<{ family_id: string; user_id: string; token_hash: string; used_at: Date | null; revoked_at: Date | null; expires_at: Date; disabled: boolean }>(
        `SELECT r.family_id, r.user_id, r.token_hash, r.used_at, r.revoked_at, r.expires_at, u.disabled
           FROM refresh_tokens r JOIN users u ON u.id = r.user_id WHERE r.id = $1 FOR UPDATE OF r`,
        [id],
      );
      if (!row || row.token_hash !== hash) throw TutelaError.unauthenticated('Invalid refresh token');
      if (row.used_at || row.revoked_at) {
        // A rotated token came back: someone holds a copy. End the whole session for everyone holding it.
        await tx.query(`UPDATE refresh_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE family_id = $1`, [row.family_id]);
        await this.audit.record({ action: 'refresh_reuse', targetType: 'user', targetId: row.user_id, details: { session: row.family_id }, meta }, tx);
        return { revokedUserId: row.user_id };
      }
      if (row.expires_at <= new Date() || row.disabled) throw TutelaError.unauthenticated('Refresh token expired');
      await tx.query(`UPDATE refresh_tokens SET used_at = now() WHERE id = $1`, [id]);
      return this.issue(tx, row.user_id, row.family_id);
    }).then((tokens) => {
      // Thrown after commit so the family revocation is kept.
      if ('revokedUserId' in tokens) {
        this.sessions.forgetUser(tokens.revokedUserId);
        throw TutelaError.unauthenticated('Refresh token already used; the session has been revoked');
      }
      return tokens;
    });
  }

  async logout(actor: Actor, sessionId: string, meta: RequestMeta): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(`UPDATE refresh_tokens SET revoked_at = coalesce(revoked_at, now()) WHERE family_id = $1 AND user_id = $2`, [sessionId, actor.userId]);
      await this.audit.record({ actor, action: 'logout', targetType: 'user', targetId: actor.userId, meta }, tx);
    });
    this.sessions.forgetUser(actor.userId);
  }

  /**
   * Every authenticated request: a valid token of an enabled user whose session was not revoked. The answer for a
   * verified token is reused for a few seconds, never past the token's expiry (SessionCache: dropped as soon as the
   * user or the session changes); any other token has its signature and expiry checked, then the database asked.
   */
  async resolveActor(accessToken: string): Promise<{ actor: Actor; sessionId: string }> {
    // Only a token that passed verifyAccess is ever cached, keyed by its whole signed text, and never past its
    // expiry (put): a hit needs no second signature check (a twentieth of a case create's CPU).
    const cached = this.sessions.get(accessToken);
    if (cached) return cached;
    const claims = this.tokens.verifyAccess(accessToken);
    const ticket = this.sessions.ticket(claims.sub);
    const [user] = await this.db.query<UserRow & { session_revoked: boolean }>(
      `SELECT ${USER_COLUMNS},
              EXISTS (SELECT 1 FROM refresh_tokens r WHERE r.family_id = $2 AND r.revoked_at IS NOT NULL) AS session_revoked
         FROM users u LEFT JOIN locations l ON l.code = u.location_code WHERE u.id = $1`,
      [claims.sub, claims.sid],
      // Every authenticated request runs this one text: prepared once per pooled connection.
      { name: 'auth_resolve_actor' },
    );
    if (!user || user.disabled) throw TutelaError.unauthenticated('Account disabled');
    if (user.session_revoked) throw TutelaError.unauthenticated('Session ended');
    if (claims.iat * 1000 < Math.floor(user.password_changed_at.getTime() / 1000) * 1000) {
      throw TutelaError.unauthenticated('Password changed; sign in again');
    }
    const resolved = { actor: toActor(user), sessionId: claims.sid };
    this.sessions.put(accessToken, ticket, resolved, claims.exp * 1000);
    return resolved;
  }

  private async issue(tx: SqlExecutor, userId: string, familyId: string): Promise<SessionTokens> {
    const refresh = this.tokens.newRefreshToken();
    await tx.query(
      `INSERT INTO refresh_tokens (id, family_id, user_id, token_hash, expires_at) VALUES ($1, $2, $3, $4, now() + $5 * interval '1 second')`,
      [refresh.id, familyId, userId, refresh.hash, this.config.refreshTokenTtlSeconds],
    );
    const access = this.tokens.signAccess(userId, familyId);
    return { accessToken: access.token, refreshToken: refresh.token, expiresIn: access.expiresIn };
  }

  private async recordFailure(user: UserRow, meta: RequestMeta): Promise<void> {
    const [row] = await this.db.query<{ failed_logins: number; locked: boolean }>(
      `UPDATE users SET failed_logins = failed_logins + 1,
              locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + $3 * interval '1 minute' ELSE locked_until END
        WHERE id = $1 RETURNING failed_logins, locked_until IS NOT NULL AND locked_until > now() AS locked`,
      [user.id, MAX_FAILED_LOGINS, LOCKOUT_MINUTES],
    );
    await this.audit.record({ action: 'login_failed', targetType: 'user', targetId: user.id, details: { reason: 'password', failures: row.failed_logins }, meta });
    if (row.locked && row.failed_logins === MAX_FAILED_LOGINS) {
      await this.audit.record({ action: 'lockout', targetType: 'user', targetId: user.id, details: { minutes: LOCKOUT_MINUTES }, meta });
    }
  }
}

function toActor(user: UserRow): Actor {
  return {
    userId: user.id,
    username: user.username,
    roleId: user.role_id,
    agencyId: user.agency_id,
    groupIds: user.group_ids,
    locationCode: user.location_code,
    locationPath: user.location_path,
    locale: user.locale,
  };
}
