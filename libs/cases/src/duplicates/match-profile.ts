import { MatchingConfig } from './matching-config';

/** A normalized name token (tutela_normalize, split on non-letters), the field it came from and its Double Metaphone codes. */
export interface MatchToken {
  t: string;
  c: string[];
  field: string;
}

/** What the scorer compares: the matchable facts of one record, already normalized. */
export interface MatchProfile {
  names: MatchToken[];
  nicknames: MatchToken[];
  sex: string | null;
  birth: { date: string | null; year: number } | null;
  caregiver: MatchToken[];
  /** ltree path of the location (e.g. `ML.ML09.ML0901`). */
  locationPath: string | null;
  /** Normalized identifier by field. */
  identifiers: Record<string, string>;
}

/** Normalized tokens per field, with their Double Metaphone codes. */
export type TokensByField = Record<string, Array<{ t: string; c: string[] }>>;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function normalizeIdentifierValue(value: string): string {
  return value.trim().toLowerCase().replace(/[\s-]+/g, '');
}

/** The profile of a record (stored case or registration being checked) from its data and its SQL-computed tokens. */
export function buildProfile(
  data: Record<string, unknown>,
  tokens: TokensByField,
  locationPath: string | null,
  config: MatchingConfig,
  today: Date = new Date(),
): MatchProfile {
  const f = config.fields;
  const tokensOf = (fields: string[]): MatchToken[] =>
    fields.flatMap((field) => (tokens[field] ?? []).map((tok) => ({ t: tok.t, field, c: tok.c })));
  const text = (field: string | undefined) => (field && typeof data[field] === 'string' && (data[field] as string).trim() ? (data[field] as string).trim() : null);
  const identifiers: Record<string, string> = {};
  for (const field of f.identifiers?.fields ?? []) {
    const value = text(field);
    if (value) identifiers[field] = normalizeIdentifierValue(value);
  }
  return {
    names: tokensOf(f.names.fields),
    nicknames: tokensOf(f.names.nicknameFields),
    sex: text(f.sex?.field),
    birth: f.birth ? birthOf(data, f.birth, today) : null,
    caregiver: tokensOf(f.caregiver?.fields ?? []),
    locationPath,
    identifiers,
  };
}

/** Date of birth when known; else the year an (estimated) age points to, as of the registration date or today. */
export function birthOf(
  data: Record<string, unknown>,
  birth: { dateField: string; ageField: string; referenceDateField: string },
  today: Date = new Date(),
): { date: string | null; year: number } | null {
  const date = data[birth.dateField];
  if (typeof date === 'string' && DATE.test(date)) return { date, year: Number(date.slice(0, 4)) };
  const age = data[birth.ageField];
  if (typeof age !== 'number' || !Number.isInteger(age) || age < 0) return null;
  const reference = data[birth.referenceDateField];
  const year = typeof reference === 'string' && DATE.test(reference) ? Number(reference.slice(0, 4)) : today.getUTCFullYear();
  return { date: null, year: year - age };
}
