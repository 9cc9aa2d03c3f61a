import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { TransitionApplyService, WorkflowTimerService } from '@tutela/cases';

const TICK_MS = 5_000;
/** A request still queued this long lost its job (queue restarted empty, worker killed mid-job): send it again. */
const STALE_REQUEST_MS = 5_000;
const TIMER_SWEEP_EVERY_TICKS = 6;

/**
 * The workflow's safety net for jobs the queue lost: every tick re-enqueues transition requests left queued, and
 * every 30 s fires scheduled timers overdue by more than the grace period. Several workers may run it at once: the
 * request and timer rows decide, so a duplicate job does nothing.
 */
@Injectable()
export class WorkflowSweepRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WorkflowSweepRunner.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private ticks = 0;

  constructor(
    private readonly transitions: TransitionApplyService,
    private readonly timers: WorkflowTimerService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.tick().finally(() => (this.running = undefined));
    }, TICK_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async tick(): Promise<void> {
    this.ticks += 1;
    try {
      const requeued = await this.transitions.requeueStale(STALE_REQUEST_MS);
      if (requeued > 0) this.logger.log({ msg: 're-enqueued transition requests left queued', requeued });
      if (this.ticks % TIMER_SWEEP_EVERY_TICKS === 0) {
        const fired = await this.timers.sweep();
        if (fired > 0) this.logger.log({ msg: 'timer sweep fired overdue timers', fired });
      }
    } catch (error) {
      this.logger.warn({ msg: 'workflow sweep failed', error: (error as Error).message });
    }
  }
}
