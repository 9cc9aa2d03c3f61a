import 'reflect-metadata';
import { exitAfterDeadlineOnSignal } from '@tutela/cases';
import { ConfigError, loadConfig } from '@tutela/common';
import { createWorkerApp } from './worker-app.factory';

/** `npm run start:worker`: background jobs only. SIGTERM lets running jobs finish before the pools close. */
async function main(): Promise<void> {
  const config = loadConfig();
  if (!config.databaseUrl) throw new ConfigError(['DATABASE_URL: required for start:worker (npm start embeds a database)']);
  exitAfterDeadlineOnSignal(config.shutdownTimeoutMs);
  await createWorkerApp(config);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
