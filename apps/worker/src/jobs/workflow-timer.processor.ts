import { Injectable } from '@nestjs/common';
import { JobPayloads, TimerFireOutcome, WorkflowTimerService } from '@tutela/cases';
import { JobHandler } from './job-handler.decorator';

@Injectable()
export class WorkflowTimerProcessor {
  constructor(private readonly timers: WorkflowTimerService) {}

  @JobHandler('workflow:fire-timer')
  handle(payload: JobPayloads['workflow:fire-timer']): Promise<{ outcome: TimerFireOutcome }> {
    return this.timers.fire(payload);
  }
}
