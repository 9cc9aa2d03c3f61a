import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TutelaConfig } from '@tutela/common';
import { ConfigurationModule, CoreModule, DuplicatesModule, ExportsModule, ImportsModule, ReportsModule, WorkflowModule } from '@tutela/cases';
import { CaseStatisticsRunner } from './jobs/case-statistics.runner';
import { DiagnosticProcessor } from './jobs/diagnostic.processor';
import { DuplicatesProcessor } from './jobs/duplicates.processor';
import { ExportProcessor } from './jobs/export.processor';
import { ImportProcessor } from './jobs/import.processor';
import { JobDispatcher } from './jobs/job-dispatcher';
import { OutboxRelayRunner } from './jobs/outbox-relay.runner';
import { WorkflowSweepRunner } from './jobs/workflow-sweep.runner';
import { WorkflowTimerProcessor } from './jobs/workflow-timer.processor';
import { WorkflowTransitionProcessor } from './jobs/workflow-transition.processor';

@Module({})
export class WorkerModule {
  static forRoot(config: TutelaConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [CoreModule.forRoot(config), ConfigurationModule, DiscoveryModule, WorkflowModule, DuplicatesModule, ExportsModule, ImportsModule, ReportsModule],
      providers: [
        JobDispatcher,
        OutboxRelayRunner,
        DiagnosticProcessor,
        WorkflowTransitionProcessor,
        WorkflowTimerProcessor,
        WorkflowSweepRunner,
        DuplicatesProcessor,
        ExportProcessor,
        ImportProcessor,
        CaseStatisticsRunner,
      ],
    };
  }
}
