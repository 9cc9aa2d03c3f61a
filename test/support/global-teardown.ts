import * as fs from 'node:fs';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { dropDatabase, withDatabase } from '../../libs/persistence/src';
import { TEST_RUN_STATE } from './test-run-state';

export default async function globalTeardown(): Promise<void> {
  const state = JSON.parse(fs.readFileSync(TEST_RUN_STATE, 'utf8')) as Record<string, string>;
  fs.rmSync(TEST_RUN_STATE, { force: true });
  const embedded = (globalThis as Record<string, any>).__TUTELA_EMBEDDED__;
  if (embedded) {
    await embedded.stop();
    fs.rmSync(state.embeddedDir, { recursive: true, force: true });
  } else if (state.serverUrl && !process.env.TUTELA_KEEP_TEST_DB) {
    for (const name of await databasesOfRun(state.serverUrl, state.database)) await dropDatabase(state.serverUrl, name);
  }
  if (process.env.REDIS_URL) await removeRedisKeys(process.env.REDIS_URL, `${state.queuePrefix}*`);
}

/** The run's database and the isolated ones its suites created (named after it). */
async function databasesOfRun(serverUrl: string, database: string): Promise<string[]> {
  const client = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE $2`, [database, `${database}\\_%`]);
    return rows.map((r) => r.datname);
  } finally {
    await client.end();
  }
}

async function removeRedisKeys(url: string, pattern: string): Promise<void> {
  const redis = new IORedis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
