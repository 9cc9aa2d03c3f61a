import { Injectable } from '@nestjs/common';
import { DiagnosticService, JobPayloads } from '@tutela/cases';
import { JobHandler } from './job-handler.decorator';

@Injectable()
export class DiagnosticProcessor {
  constructor(private readonly diagnostics: DiagnosticService) {}

  @JobHandler('system:diagnostic')
  handle(payload: JobPayloads['system:diagnostic']): Promise<unknown> {
    return this.diagnostics.run(payload);
  }
}
