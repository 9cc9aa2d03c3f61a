import { SetMetadata } from '@nestjs/common';
import type { JobKey } from '@tutela/cases';

export const JOB_HANDLER = 'tutela:job-handler';

/** Declares the processor method that handles one job of the queue contract. */
export const JobHandler = (key: JobKey): MethodDecorator => SetMetadata(JOB_HANDLER, key);
