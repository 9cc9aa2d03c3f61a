import { MatchingConfig } from './matching-config';
import { MatchToken } from './match-profile';

export type TokenHow = 'exact' | 'phonetic' | 'nickname' | 'similar' | 'different';

export interface TokenMatch {
  how: TokenHow;
  score: number;
  /** The two tokens came from different name fields (first ↔ last): a swapped registration. */
  swapped: boolean;
  /** One side of the pair was a nickname field. */
  viaNickname: boolean;
}

export interface NameComparison {
  score: number;
  how: TokenHow;
  swapped: boolean;
  /** The main tokens of each side that found a partner: what the two records agree on (see expectedNamesakes). */
  agreeing: [MatchToken[], MatchToken[]];
  /** The best evidence of any token pair: `similar` or `different` means no name of one is a spelling of the other's. */
  strongest: TokenHow;
}

/** Order of evidence, strongest first: the weakest pair decides how a whole name matched. */
const STRENGTH: TokenHow[] = ['exact', 'phonetic', 'nickname', 'similar', 'different'];

/**
 * Names repeat a lot (a few thousand distinct tokens cover a country): a check compares the same few dozen token pairs
 * against every candidate, so similarities are kept per pair (building trigram sets was two thirds of the scoring
 * time of ~140 candidates). Beyond this many words (or partners of one word) the memo starts over.
 */
const MAX_MEMO = 20_000;
const similarities = new Map<string, Map<string, number>>();

/** pg_trgm's similarity of two single words: shared trigrams over all trigrams (word padded like pg_trgm does). */
export function trigramSimilarity(a: string, b: string): number {
  const [x, y] = a < b ? [a, b] : [b, a];
  let byWord = similarities.get(x);
  if (byWord === undefined) {
    if (similarities.size >= MAX_MEMO) similarities.clear();
    byWord = new Map();
    similarities.set(x, byWord);
  }
  let similarity = byWord.get(y);
  if (similarity === undefined) {
    if (byWord.size >= MAX_MEMO) byWord.clear();
    similarity = computeTrigramSimilarity(x, y);
    byWord.set(y, similarity);
  }
  return similarity;
}

function computeTrigramSimilarity(a: string, b: string): number {
  const grams = (word: string) => {
    const padded = `  ${word} `;
    const set = new Set<string>();
    for (let i = 0; i + 3 <= padded.length; i++) set.add(padded.slice(i, i + 3));
    return set;
  };
  const x = grams(a);
  const y = grams(b);
  let shared = 0;
  for (const g of x) if (y.has(g)) shared += 1;
  const union = x.size + y.size - shared;
  return union === 0 ? 0 : shared / union;
}

/**
 * How two tokens match. Equality after normalization beats a shared Double Metaphone code, so Traoré = Traore ranks
 * above Traoré ~ Touré-like near misses; a short form contained in the long one is how nicknames are usually built
 * (Fatou/Fatoumata, Mina/Aminata); trigram similarity catches the remaining spelling slips.
 */
export function compareTokens(a: MatchToken, b: MatchToken, scores: MatchingConfig['nameScores']): Omit<TokenMatch, 'swapped' | 'viaNickname'> {
  if (a.t === b.t) return { how: 'exact', score: scores.exact };
  // A one-letter code says little more than that the name starts with a vowel (Awa and Yaye are both `A`): shared,
  // it counts when the spellings are also close (Yaye/Iaye, Sow/Soou, Hawa/Haoua: two letters at most).
  if (a.c.some((code) => b.c.includes(code) && (code.length > 1 || editDistance(a.t, b.t) <= 2))) return { how: 'phonetic', score: scores.phonetic };
  const [short, long] = a.t.length <= b.t.length ? [a.t, b.t] : [b.t, a.t];
  if (short.length >= 3 && long.includes(short)) return { how: 'nickname', score: scores.nickname };
  const similarity = trigramSimilarity(a.t, b.t);
  if (similarity >= scores.similarityFloor) return { how: 'similar', score: scores.similar * Math.min(1, similarity / 0.8) };
  return { how: 'different', score: 0 };
}

/** Levenshtein distance (insertions, deletions, substitutions) of two short words. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}

/**
 * Compares two people's names as sets of tokens, so order does not matter (swapped first and last names match).
 * Every main-name token of each side looks for its best partner among the other side's tokens, nicknames included;
 * an unmatched nickname costs nothing (it is optional), an unmatched main token costs a lot: the score is the mean
 * of the best matches pulled down halfway to the worst one.
 */
export function compareNames(
  a: { names: MatchToken[]; nicknames: MatchToken[] },
  b: { names: MatchToken[]; nicknames: MatchToken[] },
  scores: MatchingConfig['nameScores'],
): NameComparison | null {
  if (a.names.length === 0 || b.names.length === 0) return null;
  const fromA = bestMatches(a.names, [...b.names, ...b.nicknames], b.nicknames, scores);
  const fromB = bestMatches(b.names, [...a.names, ...a.nicknames], a.nicknames, scores);
  const best: TokenMatch[] = [...fromA, ...fromB];
  const agreeing: NameComparison['agreeing'] = [a.names.filter((_, i) => fromA[i].how !== 'different'), b.names.filter((_, i) => fromB[i].how !== 'different')];
  const mean = best.reduce((sum, m) => sum + m.score, 0) / best.length;
  const min = Math.min(...best.map((m) => m.score));
  const hows = best.map((m) => (m.viaNickname && m.how === 'exact' ? 'nickname' : m.how)).sort((x, y) => STRENGTH.indexOf(y) - STRENGTH.indexOf(x));
  return { score: (mean + min) / 2, how: hows[0], swapped: best.some((m) => m.swapped && m.how !== 'different'), agreeing, strongest: hows[hows.length - 1] };
}

function bestMatches(tokens: MatchToken[], others: MatchToken[], nicknames: MatchToken[], scores: MatchingConfig['nameScores']): TokenMatch[] {
  return tokens.map((token) => {
    let best: TokenMatch = { how: 'different', score: 0, swapped: false, viaNickname: false };
    for (const other of others) {
      const match = compareTokens(token, other, scores);
      // Prefer the same field on a tie, so "Aminata Traoré" vs itself is not reported as swapped.
      const better = match.score > best.score || (match.score === best.score && match.score > 0 && best.swapped && other.field === token.field);
      if (better) best = { ...match, swapped: other.field !== token.field && !nicknames.includes(other), viaNickname: nicknames.includes(other) };
    }
    return best;
  });
}
