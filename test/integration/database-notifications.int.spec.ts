import { DatabaseNotifications } from '@tutela/cases';
import { loadConfig } from '@tutela/common';
import { Client } from 'pg';
import { waitUntil } from '../support/queue-drain';

// The process's one LISTEN connection on the run's real PostgreSQL: delivery per channel, and what subscribers are
// told when the connection is lost and comes back (the session cache stops caching, the configuration re-checks).
describe('DatabaseNotifications', () => {
  let notifications: DatabaseNotifications;
  let db: Client;

  beforeAll(async () => {
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
  });
  beforeEach(() => {
    notifications = new DatabaseNotifications(loadConfig(), { retryMs: 50 });
  });
  afterEach(async () => {
    await notifications.onApplicationShutdown();
  });
  afterAll(async () => {
    await db.end();
  });

  const recorder = () => {
    const events: string[] = [];
    return { events, subscriber: { notified: (p: string) => events.push(`notified:${p}`), listening: () => events.push('listening'), lost: () => events.push('lost') } };
  };

  it('delivers each channel to its own subscribers over one connection', async () => {
    const a = recorder();
    const b = recorder();
    await notifications.subscribe('tutela_test_a', a.subscriber);
    await notifications.subscribe('tutela_test_b', b.subscriber);
    expect(notifications.isListening).toBe(true);
    await db.query(`NOTIFY tutela_test_a, 'one'`);
    await db.query(`NOTIFY tutela_test_b`);
    await waitUntil(async () => a.events.length === 2 && b.events.length === 2, 5_000, 'both notifications');
    expect(a.events).toEqual(['listening', 'notified:one']);
    expect(b.events).toEqual(['listening', 'notified:']);
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'tutela-notifications' AND pid <> pg_backend_pid()`);
    expect(rows[0].n).toBeGreaterThanOrEqual(1);
  });

  it('tells subscribers when the connection is lost and listens again on a new one', async () => {
    const a = recorder();
    await notifications.subscribe('tutela_test_lost', a.subscriber);
    const listener = async () =>
      (await db.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE query = 'LISTEN tutela_test_lost' AND application_name = 'tutela-notifications'`)).rows;
    const [{ pid }] = await listener();
    await db.query('SELECT pg_terminate_backend($1)', [pid]);
    await waitUntil(async () => a.events.filter((e) => e === 'listening').length === 2, 5_000, 'listening again');
    expect(a.events).toEqual(['listening', 'lost', 'listening']);
    await db.query(`NOTIFY tutela_test_lost, 'after'`);
    await waitUntil(async () => a.events.includes('notified:after'), 5_000, 'the notification sent after the loss');
    expect((await listener())[0].pid).not.toBe(pid);
  });

  it('refuses a channel name that is not a plain identifier', async () => {
    await expect(notifications.subscribe('x; DROP TABLE cases', recorder().subscriber)).rejects.toThrow('Invalid notification channel');
  });
});
