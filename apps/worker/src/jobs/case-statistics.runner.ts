import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CaseStatsRefreshService, StatsSettings } from '@tutela/cases';

/** How often a worker checks whether the cells are due; the rebuild itself runs every `refreshSeconds`. */
const CHECK_MS = 5_000;

/**
 * Keeps the precomputed dashboard statistics about `refreshSeconds` (dashboards.json) old by applying the cases changed
 * since the last refresh, outside any case transaction. Several workers may run it: the youngest `as of` and an
 * advisory lock make one of them refresh per period.
 */
@Injectable()
export class CaseStatisticsRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(CaseStatisticsRunner.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly statistics: CaseStatsRefreshService,
    private readonly settings: StatsSettings,
  ) {}

  onApplicationBootstrap(): void {
    const tick = () => {
      this.running ??= this.refresh().finally(() => (this.running = undefined));
    };
    this.timer = setInterval(tick, CHECK_MS);
    tick();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async refresh(): Promise<void> {
    try {
      const outcome = await this.statistics.refreshIfDue(this.settings.refreshSeconds * 1000);
      if (outcome.refreshed) this.logger.log({ msg: 'case statistics refreshed', changed: outcome.changed, durationMs: outcome.durationMs });
    } catch (error) {
      this.logger.warn({ msg: 'case statistics refresh failed', error: (error as Error).message });
    }
  }
}
