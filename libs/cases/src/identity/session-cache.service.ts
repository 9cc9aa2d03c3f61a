import { Injectable, OnModuleInit } from '@nestjs/common';
import { Actor } from '@tutela/common';
import { DatabaseNotifications } from '../core/database-notifications.service';

/** How long a resolved access token is reused without asking the database again. */
export const SESSION_CACHE_MS = 5_000;
/** Notified (payload: the user id) by triggers on `users` and on `refresh_tokens.revoked_at` (migration 1795800000080). */
export const SESSION_CHANNEL = 'tutela_sessions';
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
 * this process are also dropped at once, before their response is sent. Nothing is cached unless the process's LISTEN
 * connection (DatabaseNotifications) is up: while it is down (or reconnecting) every request asks the database.
 */
@Injectable()
export class SessionCache implements OnModuleInit {
  private readonly entries = new Map<string, Entry>();
  private readonly byUser = new Map<string, Set<string>>();
  private readonly generations = new Map<string, number>();
  /** Bumped when the listener is lost: answers fetched before cannot be trusted to have seen every notification. */
  private epoch = 0;
  private listening = false;

  constructor(private readonly notifications: DatabaseNotifications) {}

  async onModuleInit(): Promise<void> {
    await this.notifications.subscribe(SESSION_CHANNEL, {
      notified: (userId) => {
        if (userId) this.forgetUser(userId);
      },
      listening: () => (this.listening = true),
      lost: () => this.lost(),
    });
  }

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

  /** Call before the database lookup; undefined means "do not cache" (not listening). */
  ticket(userId: string): CacheTicket | undefined {
    if (!this.listening) return undefined;
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
