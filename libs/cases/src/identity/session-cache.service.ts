import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Actor, TutelaConfig } from '@tutela/common';
import { Client } from 'pg';
import { TUTELA_CONFIG } from '../core/tokens';

/** How long a resolved access token is reused without asking the database again. */
export const SESSION_CACHE_MS = 5_000;
/** Notified (payload: the user id) by triggers on `users` and on `refresh_tokens.revoked_at` (migration 1795800000080). */
export const SESSION_CHANNEL = 'tutela_sessions';
const RETRY_LISTEN_MS = 5_000;
const MAX_ENTRIES = 50_000;

export interface ResolvedSession {
  actor: Actor;
  sessionId: string;
}

interface Entry {
  value: ResolvedSession;
  userId: string;
  until: number;
}

/** What a lookup saw before it asked the database; its answer is kept only if nothing changed meanwhile. */
export interface CacheTicket {
  epoch: number;
  userId: string;
  userGeneration: number;
}

/**
 * Resolved access tokens for a few seconds, so an authenticated request does not pay a round trip for the token
 * check (a quarter of a case create's statements). Revocation stays immediate: every change to a user (disabled,
 * password, role, agency…) or to a session (`revoked_at`) notifies SESSION_CHANNEL from the database itself
 * (triggers, whatever code made the change), and this process drops that user's entries when told; changes made by
 * this process are also dropped at once, before their response is sent. Nothing is cached unless the listener is
 * connected: while it is down (or reconnecting) every request asks the database, as before.
 */
@Injectable()
export class SessionCache implements OnApplicationShutdown {
  private readonly logger = new Logger(SessionCache.name);
  private readonly entries = new Map<string, Entry>();
  private readonly byUser = new Map<string, Set<string>>();
  private readonly generations = new Map<string, number>();
  /** Bumped when the listener is lost: answers fetched before cannot be trusted to have seen every notification. */
  private epoch = 0;
  private listener?: Client;
  private listening = false;
  private starting?: Promise<void>;
  private retryAfter = 0;
  private closed = false;

  constructor(@Inject(TUTELA_CONFIG) private readonly config: TutelaConfig) {}

  get(token: string): ResolvedSession | undefined {
    if (!this.listening) return undefined;
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.until <= Date.now()) {
      this.remove(token, entry.userId);
      return undefined;
    }
    return entry.value;
  }

  /** Call before the database lookup; undefined means "do not cache" (listener not connected yet). */
  ticket(userId: string): CacheTicket | undefined {
    if (!this.listening) {
      this.startListening();
      return undefined;
    }
    return { epoch: this.epoch, userId, userGeneration: this.generations.get(userId) ?? 0 };
  }

  /** `expiresAtMs`: when the token itself expires; the entry never outlives it. */
  put(token: string, ticket: CacheTicket | undefined, value: ResolvedSession, expiresAtMs: number): void {
    if (!ticket || !this.listening || ticket.epoch !== this.epoch) return;
    if ((this.generations.get(ticket.userId) ?? 0) !== ticket.userGeneration) return;
    if (this.entries.size >= MAX_ENTRIES) this.clear();
    this.entries.set(token, { value, userId: ticket.userId, until: Math.min(Date.now() + SESSION_CACHE_MS, expiresAtMs) });
    let tokens = this.byUser.get(ticket.userId);
    if (!tokens) this.byUser.set(ticket.userId, (tokens = new Set()));
    tokens.add(token);
  }

  /** The user changed (or one of its sessions ended): its tokens are checked against the database again. */
  forgetUser(userId: string): void {
    this.generations.set(userId, (this.generations.get(userId) ?? 0) + 1);
    for (const token of this.byUser.get(userId) ?? []) this.entries.delete(token);
    this.byUser.delete(userId);
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    this.lost();
    await this.starting?.catch(() => undefined);
    await this.listener?.end().catch(() => undefined);
  }

  private startListening(): void {
    if (this.starting || this.closed || Date.now() < this.retryAfter || !this.config.databaseUrl) return;
    this.starting = this.listen().catch((error: Error) => {
      this.logger.warn({ msg: 'session cache off: cannot listen for session changes', error: error.message });
      this.retryAfter = Date.now() + RETRY_LISTEN_MS;
      this.starting = undefined;
    });
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.config.databaseUrl, application_name: 'tutela-session-cache' });
    this.listener = client;
    client.on('notification', (message) => {
      if (message.channel === SESSION_CHANNEL && message.payload) this.forgetUser(message.payload);
    });
    const drop = (error?: Error) => {
      if (this.listener !== client) return;
      if (error && !this.closed) this.logger.warn({ msg: 'session cache off: listener lost', error: error.message });
      this.lost();
      this.listener = undefined;
      this.starting = undefined;
      this.retryAfter = Date.now() + RETRY_LISTEN_MS;
      void client.end().catch(() => undefined);
    };
    client.on('error', drop);
    client.on('end', () => drop());
    await client.connect();
    await client.query(`LISTEN ${SESSION_CHANNEL}`);
    if (this.closed || this.listener !== client) {
      await client.end().catch(() => undefined);
      return;
    }
    this.listening = true;
  }

  private lost(): void {
    this.listening = false;
    this.epoch++;
    this.clear();
  }

  private clear(): void {
    this.entries.clear();
    this.byUser.clear();
  }

  private remove(token: string, userId: string): void {
    this.entries.delete(token);
    this.byUser.get(userId)?.delete(token);
  }
}
