import { Injectable } from '@nestjs/common';
import { SqlExecutor } from '@tutela/persistence';
import { TokensByField } from './match-profile';

/** Names repeat a lot (a few thousand distinct tokens cover a country): beyond this the cache starts over. */
const MAX_ENTRIES = 100_000;

/**
 * Double Metaphone codes of name tokens, computed by PostgreSQL (dmetaphone, the same function behind
 * cases.search_phonetic) once per distinct token and kept: scoring a few dozen candidates then costs no SQL at all.
 * A pure cache of a deterministic function, so replicas never need to share it.
 */
@Injectable()
export class PhoneticCodeCache {
  private readonly codes = new Map<string, string[]>();

  /** Splits normalized texts (tutela_normalize output) into tokens as SQL does, and attaches their codes. */
  async tokenize(executor: SqlExecutor, texts: Array<Record<string, string>>): Promise<TokensByField[]> {
    const split = texts.map((byField) => Object.fromEntries(Object.entries(byField).map(([field, text]) => [field, text.split(/[^a-z]+/).filter(Boolean)])));
    const missing = [...new Set(split.flatMap((byField) => Object.values(byField).flat()))].filter((t) => !this.codes.has(t));
    if (missing.length) {
      if (this.codes.size + missing.length > MAX_ENTRIES) this.codes.clear();
      const rows = await executor.query<{ t: string; p: string | null; a: string | null }>(
        `SELECT t, dmetaphone(t) AS p, dmetaphone_alt(t) AS a FROM unnest($1::text[]) AS t`,
        [missing],
      );
      for (const row of rows) this.codes.set(row.t, [...new Set([row.p, row.a].filter((c): c is string => Boolean(c)))]);
    }
    return split.map((byField) =>
      Object.fromEntries(Object.entries(byField).map(([field, tokens]) => [field, tokens.map((t) => ({ t, c: this.codes.get(t) ?? [] }))])),
    );
  }
}
