import { Injectable } from '@nestjs/common';
import { ExportRunner, JobPayloads } from '@tutela/cases';
import { JobHandler } from './job-handler.decorator';

@Injectable()
export class ExportProcessor {
  constructor(private readonly exports: ExportRunner) {}

  @JobHandler('exports:generate')
  generate(payload: JobPayloads['exports:generate']): Promise<unknown> {
    return this.exports.generate(payload.exportId);
  }

  @JobHandler('exports:expire')
  expire(payload: JobPayloads['exports:expire']): Promise<unknown> {
    return this.exports.expire(payload.exportId);
  }
}
