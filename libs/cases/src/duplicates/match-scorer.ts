import { MatchingConfig } from './matching-config';
import { MatchProfile } from './match-profile';
import { NameFrequencies, UNKNOWN_NAME_FREQUENCIES, expectedNamesakes } from './name-frequencies';
import { NameComparison, TokenHow, compareNames } from './name-similarity';

export type MatchField = 'names' | 'sex' | 'birth' | 'caregiver' | 'location' | 'identifiers';
export type MatchHow = TokenHow | 'within_years' | 'same_area';
export type Likelihood = 'likely' | 'possible';

/** One field's part in a score: how it matched, its score (0-1) and its weight. No values: explanations carry no data. */
export interface FieldMatch {
  field: MatchField;
  how: MatchHow;
  score: number;
  weight: number;
  /** Birth: years between the two birth dates (or estimated birth years). */
  years?: number;
  /** Names: the first name of one record is the last name of the other. */
  swapped?: boolean;
  /** Names: so common that they do not identify a child on their own (more expected namesakes than configured). */
  common?: boolean;
}

export interface MatchResult {
  /** Weighted mean of the field scores, over the fields both records hold (0-1, 3 decimals). */
  score: number;
  likelihood: Likelihood | null;
  fields: FieldMatch[];
}

/**
 * Scores how likely two records describe the same child, with an explanation per field. Pure: retrieval (SQL,
 * indexes) decides which pairs are compared, this decides how close they are. A shared identifier alone makes a pair
 * likely (Primero's exact-ID alert) unless sex or birth contradict it; otherwise the thresholds of the country's matching configuration apply, and a
 * pair whose names are common (`frequencies`, `commonNames`) must also agree on what sets one child apart from its
 * namesakes (setApart).
 */
export function scoreMatch(a: MatchProfile, b: MatchProfile, config: MatchingConfig, frequencies: NameFrequencies = UNKNOWN_NAME_FREQUENCIES): MatchResult {
  const f = config.fields;
  const fields: FieldMatch[] = [];
  const names = compareNames(a, b, config.nameScores);
  const common = names !== null && config.commonNames !== undefined && namesakes(names, frequencies) > config.commonNames.namesakes;
  if (names) fields.push({ field: 'names', how: names.how, score: names.score, weight: f.names.weight, ...(names.swapped ? { swapped: true } : {}), ...(common ? { common: true } : {}) });
  if (f.sex && a.sex && b.sex) fields.push({ field: 'sex', how: a.sex === b.sex ? 'exact' : 'different', score: a.sex === b.sex ? 1 : 0, weight: f.sex.weight });
  if (f.birth && a.birth && b.birth) fields.push({ ...compareBirth(a.birth, b.birth, f.birth.yearWindow), field: 'birth', weight: f.birth.weight });
  if (f.caregiver && a.caregiver.length && b.caregiver.length) {
    const caregiver = compareNames({ names: a.caregiver, nicknames: [] }, { names: b.caregiver, nicknames: [] }, config.nameScores);
    if (caregiver) fields.push({ field: 'caregiver', how: caregiver.how, score: caregiver.score, weight: f.caregiver.weight });
  }
  if (f.location && a.locationPath && b.locationPath) fields.push({ ...compareLocation(a.locationPath, b.locationPath), field: 'location', weight: f.location.weight });
  const sharedId = f.identifiers ? compareIdentifiers(a.identifiers, b.identifiers) : null;
  // A differing identifier is shown but not held against the pair: numbers are often mistyped or taken from
  // another document, and a wrong "no" would hide a child registered twice.
  if (f.identifiers && sharedId) fields.push({ field: 'identifiers', how: sharedId, score: sharedId === 'exact' ? 1 : 0, weight: sharedId === 'exact' ? f.identifiers.weight : 0 });

  const weight = fields.reduce((sum, m) => sum + m.weight, 0);
  const score = weight === 0 ? 0 : Math.round((fields.reduce((sum, m) => sum + m.weight * m.score, 0) / weight) * 1000) / 1000;
  // Numbers are reused (a birth certificate number is unique per civil-status centre and year, not per country) and
  // shared (a family booklet's number by siblings): a shared number on a child of the other sex, born years apart or
  // with a name that is not a spelling, a nickname nor a swap of one of the other's (another given name: a sibling)
  // is a coincidence, scored like any other field. At 1,000,000 generated cases these collisions were half of the
  // false pairs reported (14 of 31 in a sample of 1,000 checks).
  const contradicted =
    fields.some((m) => (m.field === 'sex' || m.field === 'birth') && m.how === 'different') || (names !== null && (names.how === 'different' || names.strongest === 'similar'));
  const likelihood: Likelihood | null =
    sharedId === 'exact' && !contradicted
      ? 'likely'
      : common && !setApart(a, b, fields, config)
        ? null
        : score >= config.thresholds.likely
          ? 'likely'
          : score >= config.thresholds.possible
            ? 'possible'
            : null;
  return { score, likelihood, fields: fields.map((m) => ({ ...m, score: Math.round(m.score * 1000) / 1000 })) };
}

/** Namesakes expected for what the two names agree on, read from either side (the more common reading wins). */
function namesakes(names: NameComparison, frequencies: NameFrequencies): number {
  return Math.max(expectedNamesakes(names.agreeing[0], frequencies), expectedNamesakes(names.agreeing[1], frequencies));
}

/**
 * What sets a child apart from namesakes. When both records give a precise date, the birthday decides: the same day
 * and month (the same date, or a year worked out from a stated age) is one chance in 365 unless the caregiver is
 * someone else; another day is a fact the family knew and that differs. With an estimated age on either side, the
 * caregiver in the same place or the next
 * one: caregivers' names are as common as children's and usually carry the child's family name, so a caregiver
 * agreeing across the country is still a coincidence among thousands of namesakes. An estimated age, a birth year or
 * a commune alone are shared by too many of them; births years apart rule a common name out.
 */
function setApart(a: MatchProfile, b: MatchProfile, fields: FieldMatch[], config: MatchingConfig): boolean {
  const of = (name: MatchField) => fields.find((m) => m.field === name);
  if (of('birth')?.how === 'different') return false;
  // The birthday is one chance in 365, but at a million cases a common name has thousands of namesakes, a few of
  // them born on the same day: a caregiver who is someone else (another given name) tips such a pair to a coincidence.
  if (a.birth?.date && b.birth?.date) return a.birth.date.slice(5) === b.birth.date.slice(5) && of('caregiver')?.how !== 'different';
  const caregiver = of('caregiver');
  const location = of('location');
  // A caregiver known by a nickname on one side (Mah for Mahamadou) is one guess too many among namesakes.
  return caregiver !== undefined && caregiver.score >= config.nameScores.phonetic && (location?.how === 'exact' || location?.how === 'same_area');
}

/**
 * Same date: exact. Two precise dates that differ only by the year (same day and month) are typical of a birth year
 * worked out from a stated age; two precise dates in the same year but on different days disagree on a fact the
 * family knew, so they count less. With an estimated age on either side only years can be compared. Beyond the
 * configured window the birth speaks against the match.
 */
function compareBirth(a: { date: string | null; year: number }, b: { date: string | null; year: number }, window: number): Pick<FieldMatch, 'how' | 'score' | 'years'> {
  if (a.date && b.date && a.date === b.date) return { how: 'exact', score: 1, years: 0 };
  const years = Math.abs(a.year - b.year);
  if (years > window) return { how: 'different', score: 0, years };
  if (a.date && b.date) {
    const sameDay = a.date.slice(5) === b.date.slice(5);
    return { how: 'within_years', score: sameDay ? Math.max(0, 0.75 - 0.2 * (years - 1)) : Math.max(0, 0.5 - 0.2 * years), years };
  }
  return { how: 'within_years', score: Math.max(0, 0.8 - 0.2 * years), years };
}

/** Same place: exact; otherwise the share of the path in common, squared (same commune's parent scores about half). */
function compareLocation(a: string, b: string): Pick<FieldMatch, 'how' | 'score'> {
  if (a === b) return { how: 'exact', score: 1 };
  const x = a.split('.');
  const y = b.split('.');
  let common = 0;
  while (common < Math.min(x.length, y.length) && x[common] === y[common]) common += 1;
  const share = common / Math.max(x.length, y.length);
  if (x.length > 1 && common >= Math.max(x.length, y.length) - 1) return { how: 'same_area', score: share * share };
  return { how: 'different', score: share * share };
}

/** `exact` when some identifier field holds the same value on both; `different` when both hold one and none agree. */
function compareIdentifiers(a: Record<string, string>, b: Record<string, string>): 'exact' | 'different' | null {
  const shared = Object.keys(a).filter((field) => b[field] !== undefined);
  if (shared.length === 0) return null;
  return shared.some((field) => a[field] === b[field]) ? 'exact' : 'different';
}
