import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { StatsSettings } from './stats-settings';

/**
 * A short-lived cache of statistics results, keyed by the exact SQL, its parameters and the presentation mode
 * (suppressed or exact). Two requests share an entry only when they would run the very same statement over the very
 * same rows (same scope parameters), so a cached answer can never cross a scope boundary. Dashboards tolerate being
 * `cacheSeconds` old; a national database cannot afford one full scan per viewer per refresh.
 */
@Injectable()
export class StatsCache {
  private readonly entries = new Map<string, { at: number; value: Promise<unknown> }>();
  private static readonly MAX_ENTRIES = 1000;

  constructor(private readonly settings: StatsSettings) {}

  async get<T>(parts: unknown[], compute: () => Promise<T>): Promise<T> {
    const ttlMs = this.settings.cacheSeconds * 1000;
    if (ttlMs === 0) return compute();
    const key = createHash('sha256').update(JSON.stringify(parts)).digest('base64');
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && now - hit.at < ttlMs) return hit.value as Promise<T>;
    // Concurrent identical requests wait for one computation; a failure is not cached.
    const value = compute();
    this.entries.set(key, { at: now, value });
    value.catch(() => this.entries.delete(key));
    if (this.entries.size > StatsCache.MAX_ENTRIES) {
      for (const [k, e] of this.entries) if (now - e.at >= ttlMs || this.entries.size > StatsCache.MAX_ENTRIES) this.entries.delete(k);
    }
    return value;
  }
}
