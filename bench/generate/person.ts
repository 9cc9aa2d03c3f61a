import { CAREGIVER_GIVEN_NAMES, FAMILY_NAMES, GIVEN_NAMES_FEMALE, GIVEN_NAMES_MALE, NICKNAMES } from './names';
import { Random } from './random';

/** Who the child is: what a registration records and what a duplicate of the same child shares. */
export interface Person {
  firstName: string;
  lastName: string;
  nickname?: string;
  sex: 'male' | 'female';
  /** `YYYY-MM-DD`; absent when only an estimated age is known. */
  dateOfBirth?: string;
  /** Age in years when registered without a date of birth. */
  estimatedAge?: number;
  caregiverName: string;
  locationIndex: number;
  nationality: string;
}

export type Mutation = 'accents' | 'doubled_letters' | 'y_i' | 'ou_w' | 'swapped_names' | 'nickname' | 'dob_shift' | 'location';

const DAY_MS = 86_400_000;
/** "ou" sounds as w before a vowel (Ouattara/Wattara, Haoua/Hawa); elsewhere the swap is not a real spelling. */
const OU_BEFORE_VOWEL = /ou(?=[aeioéè])/i;

export function drawPerson(rng: Random, registeredAt: Date, locationIndex: number, nationality: string): Person {
  const sex = rng.chance(0.52) ? 'female' : 'male';
  const firstName = rng.pick(sex === 'female' ? GIVEN_NAMES_FEMALE : GIVEN_NAMES_MALE);
  const lastName = rng.pick(FAMILY_NAMES);
  // Child-protection caseloads are mostly 6-17; infants and toddlers are fewer (abandonment, separation).
  const [fromYears, toYears] = rng.weighted([[0, 5], [6, 11], [12, 17]], [0.2, 0.35, 0.45]);
  const days = rng.int(fromYears * 365, toYears * 365 + 364);
  const dob = new Date(registeredAt.getTime() - days * DAY_MS);
  const known = rng.chance(0.85);
  return {
    firstName,
    lastName,
    nickname: NICKNAMES[firstName] && rng.chance(0.3) ? NICKNAMES[firstName] : undefined,
    sex,
    dateOfBirth: known ? isoDate(dob) : undefined,
    estimatedAge: known ? undefined : Math.floor(days / 365.25),
    // Most caregivers share the child's family name (a parent); some are relatives or neighbours by another name.
    caregiverName: `${rng.pick(CAREGIVER_GIVEN_NAMES)} ${rng.chance(0.7) ? lastName : rng.pick(FAMILY_NAMES)}`,
    locationIndex,
    nationality,
  };
}

/**
 * A second registration of the same child by someone else: one to three of the spelling and recording differences
 * seen in the field, drawn among those that apply to this child. Sex and caregiver stay: they are what a worker
 * checks to confirm the match.
 */
export function drawNearDuplicate(
  rng: Random,
  original: Person,
  registeredAt: Date,
  nearbyLocation: (() => number) | undefined,
): { person: Person; mutations: Mutation[] } {
  const candidates = applicableMutations(original, nearbyLocation !== undefined);
  let mutations = rng.sample(candidates, rng.weighted([1, 2, 3], [0.5, 0.35, 0.15]));
  // A nickname given as the first name of a swapped pair is no longer a spelling a worker would produce.
  if (mutations.includes('swapped_names')) mutations = mutations.filter((m) => m !== 'nickname');
  let person: Person = { ...original, nickname: undefined };
  for (const mutation of mutations) person = applyMutation(rng, person, mutation, original, registeredAt, nearbyLocation);
  return { person, mutations };
}

function applicableMutations(p: Person, canMove: boolean): Mutation[] {
  const names = `${p.firstName} ${p.lastName}`;
  const out: Mutation[] = ['swapped_names', 'dob_shift'];
  if (canMove) out.push('location');
  if (/([a-z])\1/i.test(names) || new RegExp(BETWEEN_VOWELS.source, 'i').test(names)) out.push('doubled_letters');
  if (stripAccents(names) !== names) out.push('accents');
  if (/[iyï]/i.test(names)) out.push('y_i');
  if (OU_BEFORE_VOWEL.test(names) || /w/i.test(names)) out.push('ou_w');
  if (NICKNAMES[p.firstName]) out.push('nickname');
  return out;
}

function applyMutation(rng: Random, p: Person, mutation: Mutation, original: Person, registeredAt: Date, nearbyLocation: (() => number) | undefined): Person {
  const inOneName = (change: (name: string) => string): Person => {
    const first = change(p.firstName);
    const last = change(p.lastName);
    if (first === p.firstName) return { ...p, lastName: last };
    if (last === p.lastName) return { ...p, firstName: first };
    return rng.chance(0.5) ? { ...p, firstName: first } : { ...p, lastName: last };
  };
  switch (mutation) {
    case 'accents':
      return { ...p, firstName: stripAccents(p.firstName), lastName: stripAccents(p.lastName) };
    case 'doubled_letters':
      return inOneName((name) => toggleDoubledLetter(rng, name));
    case 'y_i':
      return inOneName((name) => swapOne(rng, name, /[iyïÏIY]/g, (c) => ({ i: 'y', ï: 'y', y: 'i', I: 'Y', Ï: 'Y', Y: 'I' })[c] ?? c));
    case 'ou_w':
      return inOneName((name) => (OU_BEFORE_VOWEL.test(name) ? name.replace(OU_BEFORE_VOWEL, (m) => (m[0] === 'O' ? 'W' : 'w')) : name.replace(/w/i, (m) => (m === 'W' ? 'Ou' : 'ou'))));
    case 'swapped_names':
      return { ...p, firstName: p.lastName, lastName: p.firstName };
    case 'nickname':
      return { ...p, firstName: NICKNAMES[original.firstName] ?? p.firstName };
    case 'dob_shift': {
      const later = shiftBirth(p, 1);
      // A birth date after the registration would be refused by the forms: shift the other way then.
      const fits = !later.dateOfBirth || later.dateOfBirth < isoDate(registeredAt);
      return fits && rng.chance(0.5) ? later : shiftBirth(p, -1);
    }
    case 'location':
      return nearbyLocation ? { ...p, locationIndex: nearbyLocation() } : p;
  }
}

function shiftBirth(p: Person, years: number): Person {
  if (p.dateOfBirth) {
    const [y, m, d] = p.dateOfBirth.split('-');
    // 29 February does not exist in most years: the 28th is what a worker would write.
    const day = m === '02' && d === '29' ? '28' : d;
    return { ...p, dateOfBirth: `${Number(y) + years}-${m}-${day}` };
  }
  return { ...p, estimatedAge: Math.max(0, (p.estimatedAge ?? 0) - years) };
}

/** A consonant between vowels: the one a writer doubles (Kané/Kanné); doubling one in a cluster (Trraoré) is not a spelling. */
const BETWEEN_VOWELS = /(?<=[aeiouyéèëïà])[bcdfgklmnprst](?=[aeiouyéèëïà])/gi;

/** Doubles a single consonant or undoubles a doubled one (Diallo/Dialo, Sissoko/Sisoko, Fofana/Foffana). */
function toggleDoubledLetter(rng: Random, name: string): string {
  const doubled = [...name.matchAll(/([a-z])\1/gi)].map((m) => m.index as number);
  if (doubled.length > 0) {
    const at = rng.pick(doubled);
    return name.slice(0, at) + name.slice(at + 1);
  }
  const singles = [...name.matchAll(BETWEEN_VOWELS)].map((m) => m.index as number);
  if (singles.length === 0) return name;
  const at = rng.pick(singles);
  return name.slice(0, at + 1) + name[at] + name.slice(at + 1);
}

function swapOne(rng: Random, name: string, pattern: RegExp, replace: (c: string) => string): string {
  const positions = [...name.matchAll(pattern)].map((m) => m.index as number);
  if (positions.length === 0) return name;
  const at = rng.pick(positions);
  return name.slice(0, at) + replace(name[at]) + name.slice(at + 1);
}

export const stripAccents = (text: string): string => text.normalize('NFD').replace(/\p{Diacritic}/gu, '').normalize('NFC');

export const isoDate = (date: Date): string => date.toISOString().slice(0, 10);
