import { Inject, Injectable, Logger, OnApplicationShutdown, Optional } from '@nestjs/common';
import { TutelaConfig } from '@tutela/common';
import { Client } from 'pg';
import { DATABASE_NOTIFICATIONS_OPTIONS, TUTELA_CONFIG } from './tokens';

/** What a service does with one PostgreSQL notification channel. */
export interface NotificationSubscriber {
  /** A NOTIFY on the channel (payload '' when none was sent). */
  notified(payload: string): void;
  /** LISTEN is in force (first time, or again after a loss): every later notification will arrive. */
  listening?(): void;
  /** The connection was lost: notifications sent from now until `listening` is called again are missed. */
  lost?(): void;
}

export interface DatabaseNotificationsOptions {
  /** Wait before connecting again after a failure or a loss. */
  retryMs: number;
}

const DEFAULT_OPTIONS: DatabaseNotificationsOptions = { retryMs: 5_000 };
/** Channel names enter the LISTEN statement as identifiers: only plain ones are accepted. */
const CHANNEL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * One LISTEN connection per process for every channel a service follows (configuration publishes, session changes),
 * rather than one connection each. The connection is opened with the first subscription and opened again after a
 * loss; subscribers are told when they may have missed notifications (`lost`) and when they hear them again
 * (`listening`), so each can fall back on the database meanwhile.
 */
@Injectable()
export class DatabaseNotifications implements OnApplicationShutdown {
  private readonly logger = new Logger(DatabaseNotifications.name);
  private readonly subscribers = new Map<string, NotificationSubscriber[]>();
  private readonly options: DatabaseNotificationsOptions;
  private client?: Client;
  private connected = false;
  private connecting?: Promise<void>;
  private retry?: NodeJS.Timeout;
  private closed = false;

  constructor(
    @Inject(TUTELA_CONFIG) private readonly config: TutelaConfig,
    @Optional() @Inject(DATABASE_NOTIFICATIONS_OPTIONS) options?: Partial<DatabaseNotificationsOptions>,
  ) {
    this.options = { ...DEFAULT_OPTIONS, ...options };
  }

  /** Whether notifications are being heard now. */
  get isListening(): boolean {
    return this.connected;
  }

  /**
   * Follows `channel`. Resolves once the first attempt to listen has ended: listening, or failed and scheduled to
   * try again (logged; `listening` is called when it succeeds).
   */
  async subscribe(channel: string, subscriber: NotificationSubscriber): Promise<void> {
    if (!CHANNEL_NAME.test(channel)) throw new Error(`Invalid notification channel: ${channel}`);
    const known = this.subscribers.get(channel);
    this.subscribers.set(channel, [...(known ?? []), subscriber]);
    if (this.connected && this.client) {
      const client = this.client;
      if (!known) await client.query(`LISTEN ${channel}`).catch((error: Error) => this.drop(client, error));
      if (this.connected && this.client === client) subscriber.listening?.();
      return;
    }
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    await this.connecting?.catch(() => undefined);
    const client = this.client;
    if (client) this.drop(client);
  }

  private connect(): Promise<void> {
    if (this.closed || !this.config.databaseUrl) return Promise.resolve();
    this.connecting ??= this.open().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async open(): Promise<void> {
    const client = new Client({ connectionString: this.config.databaseUrl, application_name: 'tutela-notifications' });
    this.client = client;
    client.on('notification', (message) => {
      for (const subscriber of this.subscribers.get(message.channel) ?? []) subscriber.notified(message.payload ?? '');
    });
    client.on('error', (error) => this.drop(client, error));
    client.on('end', () => this.drop(client));
    try {
      await client.connect();
      // Channels subscribed while connecting are in the map already: one LISTEN per channel known now.
      for (const channel of this.subscribers.keys()) await client.query(`LISTEN ${channel}`);
    } catch (error) {
      this.drop(client, error as Error);
      return;
    }
    if (this.client !== client || this.closed) return;
    this.connected = true;
    for (const subscribers of this.subscribers.values()) for (const subscriber of subscribers) subscriber.listening?.();
  }

  /** Ends `client` if it is the current connection, tells the subscribers, and schedules another attempt. */
  private drop(client: Client, error?: Error): void {
    if (this.client !== client) return;
    if (error && !this.closed) this.logger.warn({ msg: 'database notifications lost', error: error.message });
    const wasConnected = this.connected;
    this.client = undefined;
    this.connected = false;
    void client.end().catch(() => undefined);
    if (wasConnected) for (const subscribers of this.subscribers.values()) for (const subscriber of subscribers) subscriber.lost?.();
    if (this.closed) return;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.connect(), this.options.retryMs);
    this.retry.unref();
  }
}
