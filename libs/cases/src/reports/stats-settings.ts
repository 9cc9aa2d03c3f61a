import { Inject, Injectable } from '@nestjs/common';
import { TutelaConfig } from '@tutela/common';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TUTELA_CONFIG } from '../core/tokens';

export interface DashboardWidget {
  id: string;
  metric: string;
  groupBy: string[];
  level?: number;
  filters?: Record<string, string>;
}

export interface DashboardDefinition {
  id: string;
  name: Record<string, string>;
  /** `operational` dashboards (e.g. workload per worker) are for roles that work on cases, not statistics-only roles. */
  audience?: 'all' | 'operational';
  widgets: DashboardWidget[];
}

export const DEFAULT_SUPPRESSION_THRESHOLD = 5;
export const DEFAULT_CACHE_SECONDS = 60;
export const DEFAULT_REFRESH_SECONDS = 30;
export const DEFAULT_STATEMENT_TIMEOUT_MS = 2000;

/**
 * Dashboards and the small-cell threshold come from `form-definitions/<country>/dashboards.json` (optional): a
 * ministry sets its own threshold without code. Read once at start; a malformed file stops the process.
 */
@Injectable()
export class StatsSettings {
  readonly suppressionThreshold: number;
  readonly dashboards: readonly DashboardDefinition[];
  /** How long a statistics result may be served again (0 disables the cache). */
  readonly cacheSeconds: number;
  /** How often the worker brings the precomputed statistics up to date: their staleness bound, plus one refresh. */
  readonly refreshSeconds: number;
  /**
   * Longest a statistics statement may run (an ad-hoc aggregate the cells cannot answer counts live): past it the
   * request fails fast with 503 `statistics_timeout` instead of holding a connection and a core.
   */
  readonly statementTimeoutMs: number;

  constructor(@Inject(TUTELA_CONFIG) config: TutelaConfig) {
    const file = path.join(config.formDefinitionsDir, config.country, 'dashboards.json');
    const parsed = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<StatsFile>) : {};
    const threshold = parsed.suppressionThreshold ?? DEFAULT_SUPPRESSION_THRESHOLD;
    if (!Number.isInteger(threshold) || threshold < 1) throw new Error(`${file}: suppressionThreshold must be a positive integer`);
    this.suppressionThreshold = threshold;
    const cacheSeconds = parsed.cacheSeconds ?? DEFAULT_CACHE_SECONDS;
    if (!Number.isInteger(cacheSeconds) || cacheSeconds < 0 || cacheSeconds > 3600) throw new Error(`${file}: cacheSeconds must be an integer between 0 and 3600`);
    this.cacheSeconds = cacheSeconds;
    const refreshSeconds = parsed.refreshSeconds ?? DEFAULT_REFRESH_SECONDS;
    if (!Number.isInteger(refreshSeconds) || refreshSeconds < 10 || refreshSeconds > 86400) throw new Error(`${file}: refreshSeconds must be an integer between 10 and 86400`);
    this.refreshSeconds = refreshSeconds;
    const statementTimeoutMs = parsed.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
    if (!Number.isInteger(statementTimeoutMs) || statementTimeoutMs < 100 || statementTimeoutMs > 600_000) {
      throw new Error(`${file}: statementTimeoutMs must be an integer between 100 and 600000`);
    }
    this.statementTimeoutMs = statementTimeoutMs;
    this.dashboards = parsed.dashboards ?? [];
    for (const d of this.dashboards) {
      if (!/^[a-z][a-z0-9_]*$/.test(d.id) || !Array.isArray(d.widgets)) throw new Error(`${file}: dashboard "${d.id}" needs an id and widgets`);
    }
  }
}

interface StatsFile {
  suppressionThreshold: number;
  cacheSeconds: number;
  refreshSeconds: number;
  statementTimeoutMs: number;
  dashboards: DashboardDefinition[];
}
