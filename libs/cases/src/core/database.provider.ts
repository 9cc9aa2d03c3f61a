import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { TutelaConfig } from '@tutela/common';
import { Database, createDataSource } from '@tutela/persistence';
import { TUTELA_CONFIG } from './tokens';

/** Owns the pool: opened when the module starts, closed after HTTP has drained and workers have stopped. */
@Injectable()
export class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(readonly database: Database) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.database.dataSource.isInitialized) await this.database.dataSource.destroy();
  }
}

export const databaseProvider = {
  provide: Database,
  inject: [TUTELA_CONFIG],
  useFactory: async (config: TutelaConfig): Promise<Database> => {
    if (!config.databaseUrl) throw new Error('DATABASE_URL must be resolved before the application starts');
    const dataSource = createDataSource({ url: config.databaseUrl, poolSize: config.databasePoolSize });
    await dataSource.initialize();
    return new Database(dataSource);
  },
};

