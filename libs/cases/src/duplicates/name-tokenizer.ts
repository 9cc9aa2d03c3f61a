import { Injectable } from '@nestjs/common';
import { SqlExecutor } from '@tutela/persistence';
import { TokensByField } from './match-profile';

/** Names repeat a lot (a few thousand distinct texts cover a country): beyond this the cache starts over. */
const MAX_ENTRIES = 100_000;

type Token = { t: string; c: string[] };

/**
 * Name texts as retrieval sees them: normalized by tutela_normalize (lower case, diacritics removed by the unaccent
 * dictionary), split into tokens on non-letters, each token with its Double Metaphone codes (dmetaphone, the function
 * behind cases.search_phonetic). PostgreSQL computes them, so scoring agrees with the indexes, in one query per batch
 * of texts never seen before; every distinct text is kept, so scoring a few hundred candidates usually costs no SQL
 * at all (normalizing in the candidate query cost about half a millisecond a row: each field read detoasts the
 * record's data again). A pure cache of deterministic functions, so replicas never need to share it.
 */
@Injectable()
export class NameTokenizer {
  private readonly tokens = new Map<string, Token[]>();

  /** The string fields among `fields` of each record, as tokens with their codes. */
  async tokenize(executor: SqlExecutor, records: Array<Record<string, unknown>>, fields: string[]): Promise<TokensByField[]> {
    const texts = records.map((data) => fields.filter((f) => typeof data[f] === 'string').map((f) => [f, data[f] as string] as const));
    await this.learn(executor, [...new Set(texts.flatMap((byField) => byField.map(([, text]) => text)))]);
    return texts.map((byField) => Object.fromEntries(byField.map(([field, text]) => [field, this.tokens.get(text) ?? []])));
  }

  private async learn(executor: SqlExecutor, texts: string[]): Promise<void> {
    const missing = texts.filter((text) => !this.tokens.has(text));
    if (missing.length === 0) return;
    if (this.tokens.size + missing.length > MAX_ENTRIES) this.tokens.clear();
    const rows = await executor.query<{ text: string; tokens: Array<{ t: string; p: string | null; a: string | null }> }>(
      `SELECT text, coalesce((SELECT jsonb_agg(jsonb_build_object('t', t, 'p', dmetaphone(t), 'a', dmetaphone_alt(t)) ORDER BY n)
                                FROM regexp_split_to_table(tutela_normalize(text), '[^a-z]+') WITH ORDINALITY AS s(t, n)
                               WHERE t <> ''), '[]'::jsonb) AS tokens
         FROM unnest($1::text[]) AS text`,
      [missing],
    );
    for (const row of rows) {
      this.tokens.set(row.text, row.tokens.map(({ t, p, a }) => ({ t, c: [...new Set([p, a].filter((c): c is string => Boolean(c)))] })));
    }
  }
}
