import IORedis from 'ioredis';
import { Client } from 'pg';

/** Where the bench's queues live: Redis when REDIS_URL is set, else BullMQ's PostgreSQL backend (a schema). */
export interface QueueSettings {
  kind: 'redis' | 'postgres';
  redisUrl?: string;
  /** Redis key prefix or PostgreSQL schema, unique to the run so nothing else's jobs are seen. */
  prefix: string;
}

export function queueSettings(prefix: string): QueueSettings {
  const redisUrl = process.env.REDIS_URL;
  return redisUrl ? { kind: 'redis', redisUrl, prefix } : { kind: 'postgres', prefix };
}

/** Removes a queue namespace: every Redis key under the prefix, or the PostgreSQL schema of that name. */
export async function removeQueueNamespace(settings: QueueSettings, databaseUrl: string, prefix = settings.prefix): Promise<void> {
  if (!/^[a-z][a-z0-9_]{0,40}$/.test(prefix)) throw new Error(`Invalid queue prefix: ${prefix}`);
  if (settings.kind === 'redis') {
    const redis = new IORedis(settings.redisUrl as string, { maxRetriesPerRequest: 1 });
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
        if (keys.length > 0) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
    return;
  }
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${prefix}" CASCADE`);
  } finally {
    await client.end();
  }
}
