import { Injectable } from '@nestjs/common';
import { ImportRunner, JobPayloads } from '@tutela/cases';
import type { Job } from 'bullmq';
import { JobHandler } from './job-handler.decorator';

@Injectable()
export class ImportProcessor {
  constructor(private readonly imports: ImportRunner) {}

  /** The last attempt records the failure (and drops the stored file); earlier ones leave the retry to BullMQ. */
  @JobHandler('imports:run')
  run(payload: JobPayloads['imports:run'], job: Job): Promise<unknown> {
    return this.imports.run(payload.importId, job.attemptsMade + 1 >= (job.opts.attempts ?? 1));
  }
}
