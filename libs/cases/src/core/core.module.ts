import { DynamicModule, Global, Module } from '@nestjs/common';
import { TutelaConfig } from '@tutela/common';
import { OutboxService } from '../queue/outbox.service';
import { DatabaseNotifications } from './database-notifications.service';
import { DatabaseLifecycle, databaseProvider } from './database.provider';
import { DiagnosticService } from './diagnostic.service';
import { HealthService } from './health.service';
import { MetricsService } from './metrics.service';
import { QueueLifecycle, queueProvider } from './queue.provider';
import { TUTELA_CONFIG } from './tokens';

/** What both apps need: configuration, the database pool, the LISTEN connection, the queue connection, the outbox, health. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: TutelaConfig): DynamicModule {
    const providers = [
      { provide: TUTELA_CONFIG, useValue: config },
      databaseProvider,
      DatabaseLifecycle,
      DatabaseNotifications,
      queueProvider,
      QueueLifecycle,
      OutboxService,
      HealthService,
      DiagnosticService,
      MetricsService,
    ];
    return { module: CoreModule, providers, exports: providers };
  }
}
