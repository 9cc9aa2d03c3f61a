import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Database } from '@tutela/persistence';
import { DatabaseNotifications } from '../core/database-notifications.service';
import { HealthService } from '../core/health.service';
import { ConfigSeeder } from './config-seeder.service';
import { CONFIG_CHANNEL, ConfigRepository } from './config.repository';
import { ConfigSnapshot, buildSnapshot } from './config-snapshot';

const POLL_INTERVAL_MS = 5000;

/**
 * Serves the current configuration snapshot to every request and job. At start it seeds the country pack, then
 * builds the snapshot; afterwards it rebuilds whenever a publish (by any process) bumps the revision: PostgreSQL
 * LISTEN/NOTIFY for immediacy (with a check when listening resumes after a lost connection), a cheap revision poll
 * as a safety net for missed notifications.
 */
@Injectable()
export class ConfigurationService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(ConfigurationService.name);
  private current?: ConfigSnapshot;
  private poller?: NodeJS.Timeout;
  private reloading?: Promise<void>;
  private closing = false;

  constructor(
    private readonly db: Database,
    private readonly repository: ConfigRepository,
    private readonly seeder: ConfigSeeder,
    private readonly health: HealthService,
    private readonly notifications: DatabaseNotifications,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.seeder.seed();
    await this.reload();
    this.health.register('configuration', async () => {
      if (!this.current) throw new Error('configuration not loaded');
    });
    await this.notifications.subscribe(CONFIG_CHANNEL, {
      notified: (revision) => this.reloadQuietly(Number(revision)),
      // Publishes while the connection was down were not heard.
      listening: () => this.reloadQuietly(),
    });
    this.poller = setInterval(() => void this.reloadIfStale(), POLL_INTERVAL_MS);
    this.poller.unref();
  }

  /** Before the pool closes: stop reloading and let a rebuild already under way finish. */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    clearInterval(this.poller);
    await this.reloading?.catch(() => undefined);
  }

  snapshot(): ConfigSnapshot {
    if (!this.current) throw new Error('Configuration requested before it was loaded');
    return this.current;
  }

  /** Rebuilds from the database unless this process already serves `revision` or newer. */
  async reloadIfStale(revision?: number): Promise<void> {
    if (this.closing) return;
    const latest = revision ?? (await this.repository.revision().catch(() => this.current?.revision ?? 0));
    if (this.current && latest <= this.current.revision) return;
    await this.reload();
  }

  /** Serialised: concurrent notifications share one rebuild. */
  reload(): Promise<void> {
    this.reloading ??= this.rebuild().finally(() => (this.reloading = undefined));
    return this.reloading;
  }

  private async rebuild(): Promise<void> {
    const { revision, rows, locations } = await this.db.transaction(async (tx) => {
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      return {
        revision: await this.repository.revision(tx),
        rows: await this.repository.documentsForSnapshot(tx),
        locations: await this.repository.locations(tx),
      };
    });
    this.current = buildSnapshot(revision, rows, locations);
    this.logger.log({ msg: 'configuration loaded', revision, documents: rows.length, locations: locations.length });
  }

  private reloadQuietly(revision?: number): void {
    this.reloadIfStale(revision).catch((error) => this.logger.error(error));
  }
}
