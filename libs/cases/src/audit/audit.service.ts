import { Injectable } from '@nestjs/common';
import { Actor, RequestMeta } from '@tutela/common';
import { Database, SqlExecutor } from '@tutela/persistence';

export type AuditAction =
  | 'login'
  | 'login_failed'
  | 'lockout'
  | 'logout'
  | 'refresh_reuse'
  | 'user_created'
  | 'user_updated'
  | 'user_disabled'
  | 'password_reset'
  | 'agency_changed'
  | 'user_group_changed'
  | 'role_changed'
  | 'permission_changed'
  | 'config_published'
  | 'break_glass'
  | 'export_created'
  | 'export_downloaded'
  | 'import_created';

export interface AuditEntry {
  actor?: Pick<Actor, 'userId' | 'username'> | null;
  action: AuditAction;
  targetType?: string;
  targetId?: string;
  details?: Record<string, unknown>;
  meta?: RequestMeta;
}

export interface AuditQuery {
  actor?: string;
  action?: string;
  from?: Date;
  to?: Date;
  page: number;
  per: number;
}

/** Security events (logins, lockouts, permission changes, break-glass, exports): who did what, when, from where. */
@Injectable()
export class AuditService {
  constructor(private readonly db: Database) {}

  async record(entry: AuditEntry, executor: SqlExecutor = this.db): Promise<void> {
    await executor.query(
      `INSERT INTO audit_log (actor_id, actor_username, action, target_type, target_id, ip, correlation_id, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        entry.actor?.userId ?? null,
        entry.actor?.username ?? null,
        entry.action,
        entry.targetType ?? null,
        entry.targetId ?? null,
        entry.meta?.ip ?? null,
        entry.meta?.correlationId ?? null,
        JSON.stringify(entry.details ?? {}),
      ],
    );
  }

  async list(query: AuditQuery): Promise<{ rows: unknown[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replaceAll('?', `$${params.length}`));
    };
    if (query.actor) add(`(actor_username = ? OR actor_id::text = ?)`, query.actor);
    if (query.action) add('action = ?', query.action);
    if (query.from) add('at >= ?', query.from);
    if (query.to) add('at <= ?', query.to);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.db.query<{ total: string }>(`SELECT count(*) AS total FROM audit_log ${clause}`, params);
    const rows = await this.db.query(
      `SELECT id, at, actor_id AS "actorId", actor_username AS "actorUsername", action, target_type AS "targetType",
              target_id AS "targetId", ip, correlation_id AS "correlationId", details
         FROM audit_log ${clause} ORDER BY at DESC, id DESC LIMIT ${query.per} OFFSET ${(query.page - 1) * query.per}`,
      params,
    );
    return { rows, total: Number(total) };
  }
}
