import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TutelaConfig } from '@tutela/common';
import { CoreModule } from '@tutela/cases';
import { HealthController } from './health/health.controller';
import { ErrorEnvelopeFilter } from './http/error-envelope.filter';
import { MetricsController } from './metrics/metrics.controller';

@Module({})
export class AppModule {
  static forRoot(config: TutelaConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.forRoot(config)],
      controllers: [HealthController, MetricsController],
      providers: [{ provide: APP_FILTER, useClass: ErrorEnvelopeFilter }],
    };
  }
}
