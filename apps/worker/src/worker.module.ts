import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TutelaConfig } from '@tutela/common';
import { ConfigurationModule, CoreModule } from '@tutela/cases';
import { DiagnosticProcessor } from './jobs/diagnostic.processor';
import { JobDispatcher } from './jobs/job-dispatcher';
import { OutboxRelayRunner } from './jobs/outbox-relay.runner';

@Module({})
export class WorkerModule {
  static forRoot(config: TutelaConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [CoreModule.forRoot(config), ConfigurationModule, DiscoveryModule],
      providers: [JobDispatcher, OutboxRelayRunner, DiagnosticProcessor],
    };
  }
}
