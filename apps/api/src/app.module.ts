import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { TutelaConfig } from '@tutela/common';
import {
  AdminModule,
  CasesModule,
  ConfigEndpointsModule,
  ConfigurationModule,
  CoreModule,
  DuplicatesModule,
  ExportsModule,
  IdentityModule,
  ImportsModule,
  ReportsModule,
  SyncModule,
  WorkflowModule,
} from '@tutela/cases';
import { ADMIN_CONTROLLERS } from './admin/admin-controllers';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { MeController } from './auth/me.controller';
import { CaseNotesController } from './cases/case-notes.controller';
import { CasesController } from './cases/cases.controller';
import { CONFIG_CONTROLLERS } from './config/config-controllers';
import { CsvBodyParser } from './config/csv-body.parser';
import { DuplicatesController } from './duplicates/duplicates.controller';
import { ExportsController } from './exports/exports.controller';
import { HealthController } from './health/health.controller';
import { ErrorEnvelopeFilter } from './http/error-envelope.filter';
import { ImportsController } from './imports/imports.controller';
import { MetricsController } from './metrics/metrics.controller';
import { ReportsController } from './reports/reports.controller';
import { SyncController } from './sync/sync.controller';
import { WORKFLOW_CONTROLLERS } from './workflow/workflow-controllers';

@Module({})
export class AppModule {
  static forRoot(config: TutelaConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(config),
        IdentityModule,
        ConfigurationModule,
        ConfigEndpointsModule,
        CasesModule,
        WorkflowModule,
        AdminModule,
        DuplicatesModule,
        SyncModule,
        ReportsModule,
        ExportsModule,
        ImportsModule,
      ],
      controllers: [
        HealthController,
        MetricsController,
        AuthController,
        MeController,
        CasesController,
        CaseNotesController,
        ...WORKFLOW_CONTROLLERS,
        ...ADMIN_CONTROLLERS,
        ...CONFIG_CONTROLLERS,
        DuplicatesController,
        SyncController,
        ReportsController,
        ExportsController,
        ImportsController,
      ],
      providers: [
        { provide: APP_FILTER, useClass: ErrorEnvelopeFilter },
        { provide: APP_GUARD, useClass: AuthGuard },
        CsvBodyParser,
      ],
    };
  }
}
