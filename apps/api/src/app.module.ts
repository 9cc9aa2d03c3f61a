import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TutelaConfig } from '@tutela/common';
import { CasesModule, ConfigurationModule, CoreModule, IdentityModule } from '@tutela/cases';
import { CaseNotesController } from './cases/case-notes.controller';
import { CasesController } from './cases/cases.controller';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { MeController } from './auth/me.controller';
import { HealthController } from './health/health.controller';
import { ErrorEnvelopeFilter } from './http/error-envelope.filter';
import { MetricsController } from './metrics/metrics.controller';

@Module({})
export class AppModule {
  static forRoot(config: TutelaConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.forRoot(config), IdentityModule, ConfigurationModule, CasesModule],
      controllers: [HealthController, MetricsController, AuthController, MeController, CasesController, CaseNotesController],
      providers: [
        { provide: APP_FILTER, useClass: ErrorEnvelopeFilter },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
    };
  }
}
