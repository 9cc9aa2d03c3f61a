import { MatchToken } from './match-profile';

/**
 * How common the names are among the stored cases, by Double Metaphone code. Two records agreeing on a name that
 * hundreds of children carry (Aminata Traoré) say much less than two agreeing on a rare one: at 200,000 cases many
 * unrelated children share name, sex and birth year.
 */
export interface NameFrequencies {
  /** Cases the shares are of; 0 when unknown, and every name then counts as rare (small or new databases). */
  cases: number;
  /** Share of cases (0-1) whose names carry the code. */
  share(code: string): number;
}

export const UNKNOWN_NAME_FREQUENCIES: NameFrequencies = { cases: 0, share: () => 0 };

/**
 * How many cases are expected to carry all these tokens by chance, taking tokens as independent. A token is at most
 * as common as the rarest of its codes (every spelling with the token carries each of them); a token without a code
 * (no consonant to sound) says nothing and counts as carried by every case.
 */
export function expectedNamesakes(tokens: MatchToken[], frequencies: NameFrequencies): number {
  if (tokens.length === 0) return frequencies.cases;
  return tokens.reduce((expected, token) => expected * (token.c.length ? Math.min(...token.c.map((code) => frequencies.share(code))) : 1), frequencies.cases);
}
