import 'reflect-metadata';
import { exitAfterDeadlineOnSignal } from '@tutela/cases';
import { ConfigError, loadConfig } from '@tutela/common';
import { createApiApp } from './api-app.factory';

/** `npm run start:api`: the REST API alone (production runs workers separately). Needs DATABASE_URL. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl) throw new ConfigError(['DATABASE_URL: required for start:api (npm start embeds a database)']);
  exitAfterDeadlineOnSignal(config.shutdownTimeoutMs);
  const app = await createApiApp(config);
  await app.listen({ port: config.port, host: config.host });
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
