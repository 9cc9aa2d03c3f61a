import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
// jest does not apply moduleNameMapper to global setup, hence relative imports of the lib.
import { createDataSource, createDatabaseIfMissing, migrateDatabase, startEmbeddedDatabase } from '../../libs/persistence/src';
import { freePort } from './free-port';
import { TEST_RUN_STATE } from './test-run-state';

/**
 * Gives the whole jest run a fresh, migrated PostgreSQL database and its own queue namespace:
 * - DATABASE_URL set: a new database on that server (dropped at teardown);
 * - no DATABASE_URL: a real embedded PostgreSQL in a temporary folder (stopped and removed at teardown).
 * REDIS_URL set: queues on Redis under a unique prefix; otherwise on BullMQ's PostgreSQL backend.
 */
export default async function globalSetup(): Promise<void> {
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const database = `tutela_test_${runId}`;
  process.env.NODE_ENV = 'test';
  process.env.TUTELA_QUEUE_PREFIX = `tq_${runId}`;
  // Every suite logs in from 127.0.0.1 into one database: the production login limits would throttle the run.
  // The rate-limit tests start their own app with the real limits.
  process.env.LOGIN_ATTEMPTS_PER_IP_PER_MINUTE ??= '1000000';
  process.env.LOGIN_ATTEMPTS_PER_USERNAME_PER_MINUTE ??= '1000000';
  const state: Record<string, string> = { database, queuePrefix: process.env.TUTELA_QUEUE_PREFIX };

  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tutela-test-pg-'));
    const embedded = await startEmbeddedDatabase({ dataDir, port: await freePort(), database: 'postgres', persistent: false });
    serverUrl = embedded.url;
    (globalThis as Record<string, unknown>).__TUTELA_EMBEDDED__ = embedded;
    state.embeddedDir = dataDir;
  } else {
    state.serverUrl = serverUrl;
  }
  const url = await createDatabaseIfMissing(serverUrl, database);
  const dataSource = createDataSource({ url, poolSize: 2 });
  await dataSource.initialize();
  await migrateDatabase(dataSource);
  await dataSource.destroy();
  process.env.DATABASE_URL = url;
  fs.writeFileSync(TEST_RUN_STATE, JSON.stringify(state));
  process.stdout.write(`\n[tutela tests] database ${database} on ${state.embeddedDir ? 'embedded PostgreSQL' : 'DATABASE_URL'}; queues on ${process.env.REDIS_URL ? 'Redis' : 'PostgreSQL'}\n`);
}
