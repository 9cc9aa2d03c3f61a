import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TutelaConfig } from '@tutela/common';
import { CasesModule, ConfigurationModule, CoreModule, IdentityModule, WorkflowModule } from '@tutela/cases';
import { CaseNotesController } from './cases/case-notes.controller';
import { CasesController } from './cases/cases.controller';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { MeController } from './auth/me.controller';
import { HealthController } from './health/health.controller';
import { ErrorEnvelopeFilter } from './http/error-envelope.filter';
import { MetricsController } from './metrics/metrics.controller';
import { WORKFLOW_CONTROLLERS } from './workflow/workflow-controllers';
import { ADMIN_CONTROLLERS } from './admin/admin-controllers';
import { AdminModule } from '@tutela/cases';
import { DuplicatesModule } from '@tutela/cases';
import { DuplicatesController } from './duplicates/duplicates.controller';
import { SyncModule } from '@tutela/cases';
import { SyncController } from './sync/sync.controller';
import { ExportsModule, ImportsModule, ReportsModule } from '@tutela/cases';
import { ExportsController } from './exports/exports.controller';
import { ImportsController } from './imports/imports.controller';
import { ReportsController } from './reports/reports.controller';
import { ConfigEndpointsModule } from '@tutela/cases';
import { CONFIG_CONTROLLERS } from './config/config-controllers';
import { CsvBodyParser } from './config/csv-body.parser';

@Module({})
export class AppModule {
  static forRoot(config: TutelaConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreModule.forRoot(config), IdentityModule, ConfigurationModule, CasesModule, WorkflowModule, AdminModule, DuplicatesModule, SyncModule, ReportsModule, ExportsModule, ImportsModule, ConfigEndpointsModule],
      controllers: [HealthController, MetricsController, AuthController, MeController, CasesController, CaseNotesController, ...WORKFLOW_CONTROLLERS, ...ADMIN_CONTROLLERS, DuplicatesController, SyncController, ReportsController, ExportsController, ImportsController, ...CONFIG_CONTROLLERS],
      providers: [
        { provide: APP_FILTER, useClass: ErrorEnvelopeFilter },
        { provide: APP_GUARD, useClass: AuthGuard },
        CsvBodyParser,
      ],
    };
  }
}
