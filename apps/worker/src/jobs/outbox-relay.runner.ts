import { Injectable, Logger, OnApplicationBootstrap, BeforeApplicationShutdown } from '@nestjs/common';
import { OutboxService } from '@tutela/cases';

const RELAY_INTERVAL_MS = 2000;

/** Moves committed-but-not-enqueued outbox rows to the queue (queue was down, or a process died after commit). */
@Injectable()
export class OutboxRelayRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelayRunner.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(private readonly outbox: OutboxService) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.running ??= this.drain().finally(() => (this.running = undefined));
    }, RELAY_INTERVAL_MS);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async drain(): Promise<void> {
    try {
      let moved: number;
      do moved = await this.outbox.relayPending();
      while (moved > 0);
    } catch (error) {
      this.logger.warn({ msg: 'outbox relay pass failed', error: (error as Error).message });
    }
  }
}
