import { Injectable } from '@nestjs/common';
import { SqlExecutor } from '@tutela/persistence';
import { NameFrequencies, UNKNOWN_NAME_FREQUENCIES } from './name-frequencies';

/** Name frequencies move slowly (a country's names do not change in a day): re-read them this often. */
const REFRESH_MS = 10 * 60_000;

interface PhoneticStats {
  cases: number;
  codes: string[] | null;
  freqs: number[] | null;
}

/**
 * Name frequencies from PostgreSQL's own statistics on `cases.search_phonetic` (pg_stats: the most common codes and
 * the share of rows holding each), kept by autovacuum's ANALYZE: no table to maintain, one cheap read every
 * REFRESH_MS per process. A code missing from the list is rarer than the rarest listed, whose share bounds it.
 */
@Injectable()
export class NameFrequencyCache {
  private cached: { at: number; frequencies: NameFrequencies } | null = null;
  private loading: Promise<NameFrequencies> | null = null;

  async get(executor: SqlExecutor, now = Date.now()): Promise<NameFrequencies> {
    if (this.cached && now - this.cached.at < REFRESH_MS) return this.cached.frequencies;
    this.loading ??= this.load(executor).finally(() => (this.loading = null));
    const frequencies = await this.loading;
    this.cached = { at: now, frequencies };
    return frequencies;
  }

  private async load(executor: SqlExecutor): Promise<NameFrequencies> {
    const [stats] = await executor.query<PhoneticStats>(
      `SELECT (SELECT greatest(reltuples, 0)::float8 FROM pg_class WHERE oid = 'cases'::regclass) AS cases,
              s.most_common_elems::text::text[] AS codes, s.most_common_elem_freqs::float8[] AS freqs
         FROM (SELECT 1) AS one
         LEFT JOIN pg_stats s ON s.schemaname = current_schema() AND s.tablename = 'cases' AND s.attname = 'search_phonetic'`,
    );
    return frequenciesOf(stats);
  }
}

/** most_common_elem_freqs lists one share per code, then the smallest and largest share and the null share. */
export function frequenciesOf(stats: PhoneticStats | undefined): NameFrequencies {
  if (!stats?.codes?.length || !stats.freqs || !stats.cases) return UNKNOWN_NAME_FREQUENCIES;
  const shares = new Map(stats.codes.map((code, i) => [code, stats.freqs![i]]));
  const rarestListed = stats.freqs[stats.codes.length] ?? 0;
  return { cases: stats.cases, share: (code) => shares.get(code) ?? rarestListed };
}
