import { Injectable } from '@nestjs/common';
import { ApplyOutcome, JobPayloads, TransitionApplyService } from '@tutela/cases';
import { JobHandler } from './job-handler.decorator';

@Injectable()
export class WorkflowTransitionProcessor {
  constructor(private readonly transitions: TransitionApplyService) {}

  /** Domain refusals come back as `rejected` outcomes; only transient failures throw (and are retried). */
  @JobHandler('workflow:apply-transition')
  handle(payload: JobPayloads['workflow:apply-transition']): Promise<ApplyOutcome> {
    return this.transitions.apply(payload);
  }
}
