import { loadConfig } from '@tutela/common';
import { createDataSource, migrateDatabase } from './database/data-source.factory';

/** `npm run migrate`: applies pending migrations to DATABASE_URL (the compose "migrate" one-shot service). */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl) throw new Error('DATABASE_URL is required for npm run migrate');
  const dataSource = createDataSource({ url: config.databaseUrl, poolSize: 2, applicationName: 'tutela-migrate' });
  await dataSource.initialize();
  try {
    const applied = await migrateDatabase(dataSource);
    process.stdout.write(JSON.stringify({ msg: 'migrations applied', applied }) + '\n');
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
