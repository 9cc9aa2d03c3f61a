import { randomBytes } from 'node:crypto';
import { createDataSource, createDatabaseIfMissing, migrateDatabase } from '@tutela/persistence';

/**
 * A fresh, migrated database of its own for a suite that changes the published configuration (forms, lookups,
 * locations): every suite of the run shares one database, and a new form version would change what the others
 * validate against. Its own queue namespace too. Dropped with the run's database at global teardown (same prefix).
 */
export async function isolatedEnvironment(label: string): Promise<{ DATABASE_URL: string; TUTELA_QUEUE_PREFIX: string }> {
  const suffix = `${label}_${randomBytes(3).toString('hex')}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const shared = new URL(process.env.DATABASE_URL as string);
  const name = `${shared.pathname.slice(1)}_${suffix}`.slice(0, 63);
  const url = await createDatabaseIfMissing(process.env.DATABASE_URL as string, name);
  const dataSource = createDataSource({ url, poolSize: 2 });
  await dataSource.initialize();
  try {
    await migrateDatabase(dataSource);
  } finally {
    await dataSource.destroy();
  }
  // Its jobs must not reach the workers of other suites (on Redis the queues are shared by prefix).
  return { DATABASE_URL: url, TUTELA_QUEUE_PREFIX: `${process.env.TUTELA_QUEUE_PREFIX}_${suffix}`.slice(0, 41) };
}
