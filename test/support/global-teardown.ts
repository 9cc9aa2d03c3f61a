import * as fs from 'node:fs';
import IORedis from 'ioredis';
import { dropDatabase } from '../../libs/persistence/src';
import { TEST_RUN_STATE } from './test-run-state';

export default async function globalTeardown(): Promise<void> {
  const state = JSON.parse(fs.readFileSync(TEST_RUN_STATE, 'utf8')) as Record<string, string>;
  fs.rmSync(TEST_RUN_STATE, { force: true });
  const embedded = (globalThis as Record<string, any>).__TUTELA_EMBEDDED__;
  if (embedded) {
    await embedded.stop();
    fs.rmSync(state.embeddedDir, { recursive: true, force: true });
  } else if (state.serverUrl && !process.env.TUTELA_KEEP_TEST_DB) {
    await dropDatabase(state.serverUrl, state.database);
  }
  if (process.env.REDIS_URL) await removeRedisKeys(process.env.REDIS_URL, `${state.queuePrefix}:*`);
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
