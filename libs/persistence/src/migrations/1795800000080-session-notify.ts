import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Session change notifications: the API reuses a resolved access token for a few seconds (SessionCache) instead of
 * asking the database on every request, and must hear at once when that answer stops being true. Any change to a
 * user row (disabled, password, role, agency, groups, location…) or to a session's `revoked_at` notifies
 * `tutela_sessions` with the user id, from the database itself, so no code path that changes them can forget to.
 * Notifications are sent at commit (and not at all on rollback); the same id twice in a transaction is sent once.
 */
export class SessionNotify1795800000080 implements MigrationInterface {
  name = 'SessionNotify1795800000080';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION tutela_notify_session_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_TABLE_NAME = 'users' THEN
          PERFORM pg_notify('tutela_sessions', OLD.id::text);
        ELSE
          PERFORM pg_notify('tutela_sessions', NEW.user_id::text);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER users_session_notify AFTER UPDATE OR DELETE ON users FOR EACH ROW EXECUTE FUNCTION tutela_notify_session_change()`);
    await q.query(
      `CREATE TRIGGER refresh_tokens_session_notify AFTER UPDATE OF revoked_at ON refresh_tokens FOR EACH ROW
         WHEN (NEW.revoked_at IS DISTINCT FROM OLD.revoked_at) EXECUTE FUNCTION tutela_notify_session_change()`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER refresh_tokens_session_notify ON refresh_tokens`);
    await q.query(`DROP TRIGGER users_session_notify ON users`);
    await q.query(`DROP FUNCTION tutela_notify_session_change()`);
  }
}
