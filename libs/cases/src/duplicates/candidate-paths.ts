import { SqlParams } from '../cases/sql-params';
import { MatchingConfig } from './matching-config';

/** What a registration offers to retrieval: everything already normalized except the caregiver (SQL normalizes it). */
export interface CandidateQuery {
  /** Double Metaphone codes per name token (main names and nicknames). */
  tokenCodes: string[][];
  sex: string | null;
  birthYear: number | null;
  dateOfBirth: string | null;
  /** ltree path of the record's location. */
  locationPath: string | null;
  caregiver: string | null;
  identifiers: string[];
  /**
   * The registration's own full name is common (more expected namesakes than `commonNames.namesakes`), and so is
   * then every pair it can form (a pair agrees on these names or on fewer): only what sets a child apart from its
   * namesakes can report one (match-scorer.ts, setApart).
   */
  commonName?: boolean;
}

/**
 * Rows per path. A path stops here only for names a great many children share; the true duplicate then still comes
 * through another path (caregiver, birthday, place), which is what sets it apart from its namesakes.
 */
export const PATH_LIMIT = 100;
/** Name tokens a query uses: first, last, a second given name or a nickname. Pairs of them are at most 6 scans. */
const MAX_TOKENS = 4;
/** A registration that shares only one name must be close in age (a stated age is often a year off) and place. */
const NEARBY_YEARS = 1;
const UNKNOWN = '?';

/**
 * The retrieval paths of one check, each a single narrow index lookup capped at PATH_LIMIT rows, so a check costs a
 * bounded number of index scans whatever the size of the table:
 *  - two name tokens, each with a shared phonetic code (order free: swapped names), same sex, birth year within the
 *    window: keys `code|sex|year` of `cases_match_keys_gin`;
 *  - one name token, same sex, same birthday in the birth-year window: keys `code|sex|YYYY-MM-DD`, anywhere in the
 *    country (nicknames, a name misspelt beyond its sound, a family that moved, a year shifted by a stated age);
 *  - one name token, same sex, birth year ±1, same place: keys `code|sex|year|place`, which only stored cases without
 *    a precise date carry (those with one are reached by their birthday);
 *  - the same caregiver, same sex, birth year within the window (`cases_match_caregiver_birth_idx`);
 *  - a shared identifier (`cases_identifiers_gin`).
 * Without a sex or a birth year, names fall back to the phonetic codes alone (`cases_phonetic_gin`).
 */
export function candidatePaths(query: CandidateQuery, config: MatchingConfig, params: SqlParams): string[] {
  const branch = (condition: string) => `(SELECT c.ctid, FALSE AS area_only FROM cases c WHERE NOT c.disabled AND ${condition} LIMIT ${PATH_LIMIT})`;
  const nameBranch = (condition: string) => `(SELECT c.ctid, TRUE AS area_only FROM cases c WHERE NOT c.disabled AND ${condition} LIMIT ${PATH_LIMIT})`;
  const birth = config.fields.birth;
  const codes = query.tokenCodes.filter((c) => c.length > 0).slice(0, MAX_TOKENS);
  const keys = birth ? `tutela_match_keys(c.search_phonetic, c.sex, ${birthYearSql(birth)}, c.data->>${literal(birth.dateField)}, c.location_path)` : null;
  const window = birth && query.birthYear !== null ? years(query.birthYear, birth.yearWindow) : null;
  const out: string[] = [];

  const namesBy = (tokenCodes: string[]) =>
    keys && query.sex && window ? `${keys} && ${params.add(yearKeys(tokenCodes, query.sex, window))}::text[]` : `c.search_phonetic && ${params.add(tokenCodes)}::text[]`;
  // A common name's namesakes fill these paths to their cap (see areaOf): marked, so that those outside the area are
  // dropped before their data is read.
  const byName = areaOf(query) ? nameBranch : branch;
  for (let i = 0; i < codes.length; i++) for (let j = i + 1; j < codes.length; j++) out.push(byName(`${namesBy(codes[i])} AND ${namesBy(codes[j])}`));
  if (codes.length === 1) out.push(byName(namesBy(codes[0])));

  const allCodes = [...new Set(codes.flat())];
  if (keys && allCodes.length && query.sex && query.birthYear !== null && query.locationPath) {
    const nearby = years(query.birthYear, NEARBY_YEARS).flatMap((year) => allCodes.map((code) => `${code}|${query.sex}|${year}|${query.locationPath}`));
    out.push(branch(`${keys} && ${params.add(nearby)}::text[]`));
  }
  if (keys && window && allCodes.length && query.sex && query.dateOfBirth) {
    const birthdays = window.flatMap((year) => allCodes.map((code) => `${code}|${query.sex}|${year}${query.dateOfBirth!.slice(4)}`));
    out.push(branch(`${keys} && ${params.add(birthdays)}::text[]`));
  }

  const caregiverField = config.fields.caregiver?.fields[0];
  if (caregiverField && query.caregiver) {
    const sameCaregiver = `tutela_normalize(c.data->>${literal(caregiverField)}) = tutela_normalize(${params.add(query.caregiver)}::text)`;
    const closeInAge = birth && query.sex && window ? ` AND c.sex = ${params.add(query.sex)} AND ${birthYearSql(birth)} BETWEEN ${params.add(window[0])}::int AND ${params.add(window[window.length - 1])}::int` : '';
    out.push(branch(sameCaregiver + closeInAge));
  }
  if (query.identifiers.length) out.push(branch(`c.search_identifiers && ${params.add(query.identifiers)}::text[]`));
  return out;
}

/** Keys `code|sex|year` of tutela_match_keys for the window, and those of stored cases that lack a sex or a year. */
export function yearKeys(codes: string[], sex: string, window: number[]): string[] {
  return codes.flatMap((code) => [sex, UNKNOWN].flatMap((s) => [...window, UNKNOWN].map((year) => `${code}|${s}|${year}`)));
}

/**
 * For a common name (`commonName`), the ltree prefix (`ML.ML09.`: the parent of the registration's place, dot
 * included) that the rows found by name alone (`area_only`) must start with; null otherwise. At a million cases a
 * common name's namesakes fill the name paths to their cap, and each was then read, detoasted and scored out. What
 * reports one of them is a shared identifier or the birthday (each reached by its own path) or, with an estimated age,
 * the caregiver in the same or the next place (match-scorer.ts, setApart): so of the rows the name paths alone found,
 * only those under the same parent place can be reported. The filter is applied to the rows (place only, no data
 * read) after the paths: inside a path, before its cap, the planner either ANDed it with the location index or, its
 * estimate of rows to read growing, compiled the query with JIT (100 ms).
 */
export function areaOf(query: CandidateQuery): string | null {
  if (!query.commonName || !query.locationPath) return null;
  const at = query.locationPath.lastIndexOf('.');
  return at > 0 ? `${query.locationPath.slice(0, at)}.` : null;
}

function years(center: number, radius: number): number[] {
  return Array.from({ length: 2 * radius + 1 }, (_, i) => center - radius + i);
}

function birthYearSql(birth: NonNullable<MatchingConfig['fields']['birth']>): string {
  return `tutela_birth_year(c.data, ${literal(birth.dateField)}, ${literal(birth.ageField)}, ${literal(birth.referenceDateField)})`;
}

/** A configuration field name as an SQL string literal; names are validated as plain identifiers at load. */
function literal(field: string): string {
  if (!/^[a-z][a-z0-9_]*$/.test(field)) throw new Error('Invalid matching field name');
  return `'${field}'`;
}
