import { DataSource } from 'typeorm';
import { ENTITIES } from '../entities';
import { MIGRATIONS } from '../migrations';

export interface DataSourceOptions {
  url: string;
  poolSize: number;
  applicationName?: string;
}

/** The one way to build a TypeORM DataSource: migrations only, never `synchronize`. */
export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    logging: false,
    applicationName: options.applicationName ?? 'tutela',
    extra: { max: options.poolSize, idleTimeoutMillis: 30_000 },
  });
}

/** Applies pending migrations under PostgreSQL's advisory lock (TypeORM takes it), so concurrent starters are safe. */
export async function migrateDatabase(dataSource: DataSource): Promise<string[]> {
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  return applied.map((m) => m.name);
}
