import { Actor } from '@tutela/common';
import { SqlExecutor } from '@tutela/persistence';

/**
 * The actor a background job acts for, reloaded from `users` when the job runs: a role change or a disabled account
 * between the request and the job takes effect (null when the account is gone or disabled).
 */
export async function loadJobActor(db: SqlExecutor, userId: string): Promise<Actor | null> {
  const [user] = await db.query<Actor & { disabled: boolean }>(
    `SELECT u.id AS "userId", u.username, u.role_id AS "roleId", u.agency_id AS "agencyId", u.group_ids AS "groupIds",
            u.location_code AS "locationCode", l.path::text AS "locationPath", u.locale, u.disabled
       FROM users u LEFT JOIN locations l ON l.code = u.location_code WHERE u.id = $1`,
    [userId],
  );
  if (!user || user.disabled) return null;
  const { disabled: _disabled, ...actor } = user;
  return actor;
}
