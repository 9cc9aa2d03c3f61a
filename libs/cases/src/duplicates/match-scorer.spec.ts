import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_MATCHING_CONFIG, MatchingConfig, validateMatchingConfig } from './matching-config';
import { MatchProfile, MatchToken, birthOf } from './match-profile';
import { scoreMatch } from './match-scorer';
import { NameFrequencies } from './name-frequencies';
import { trigramSimilarity } from './name-similarity';

// Double Metaphone codes as PostgreSQL's dmetaphone/dmetaphone_alt give them (the service gets them from SQL).
const CODES: Record<string, string[]> = {
  aminata: ['AMNT'], traore: ['TRR'], toure: ['TR'], moussa: ['MS'], diallo: ['TL'], dialo: ['TL'], kadiatou: ['KTT'],
  kadyatou: ['KTT'], ouattara: ['ATR'], wattara: ['ATR', 'FTR'], fatoumata: ['FTMT'], fatou: ['FT'], mina: ['MN'],
  amminata: ['AMNT'], sissoko: ['SSK'], sisoko: ['SSK'], mariam: ['MRM'], seydou: ['ST'], keita: ['KT'], awa: ['A'], hawa: ['H'], yaye: ['A'], iaye: ['A'],
};
const config: MatchingConfig = DEFAULT_MATCHING_CONFIG;

function tokens(field: string, text: string | undefined): MatchToken[] {
  if (!text) return [];
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean)
    .map((t) => ({ t, field, c: CODES[t] ?? [t.toUpperCase().slice(0, 4)] }));
}

interface Child {
  first: string;
  last: string;
  nick?: string;
  sex?: string;
  dob?: string;
  age?: number;
  caregiver?: string;
  location?: string;
  nationalId?: string;
}

function profile(child: Child): MatchProfile {
  return {
    names: [...tokens('name_first', child.first), ...tokens('name_last', child.last)],
    nicknames: tokens('name_nickname', child.nick),
    sex: child.sex ?? 'female',
    birth: birthOf({ date_of_birth: child.dob, age: child.age, registration_date: '2026-10-01' }, config.fields.birth!),
    caregiver: tokens('caregiver_name', child.caregiver ?? 'Mariam Traoré'),
    locationPath: child.location ?? 'ML.ML09.ML0901',
    identifiers: child.nationalId ? { national_id_no: child.nationalId } : {},
  };
}

const aminata: Child = { first: 'Aminata', last: 'Traoré', dob: '2014-05-04', caregiver: 'Mariam Traoré' };
const score = (a: Child, b: Child) => scoreMatch(profile(a), profile(b), config);
const field = (result: ReturnType<typeof score>, name: string) => result.fields.find((f) => f.field === name);

describe('duplicate scoring', () => {
  it('treats Traoré and Traore as the same name (diacritics) and ranks it above the phonetically close Touré', () => {
    const traore = score(aminata, { ...aminata, last: 'Traore' });
    const toure = score(aminata, { ...aminata, last: 'Touré', caregiver: 'Oumou Touré' });
    expect(traore).toMatchObject({ score: 1, likelihood: 'likely' });
    expect(field(traore, 'names')?.how).toBe('exact');
    expect(toure.score).toBeLessThan(traore.score);
    expect(toure.likelihood).toBeNull();
    expect(field(toure, 'names')?.how).toBe('different');
  });

  it('keeps Touré apart from Traoré even when birth and place agree, unless other fields speak for the match', () => {
    const sameEverythingButName = score(aminata, { ...aminata, last: 'Touré' });
    expect(sameEverythingButName.likelihood).not.toBe('likely');
    const differentBirthAndPlace = score(aminata, { ...aminata, last: 'Touré', dob: '2010-01-01', location: 'ML.ML05.ML0501', caregiver: 'Awa Touré' });
    expect(differentBirthAndPlace.likelihood).toBeNull();
  });

  it('matches doubled letters, y/i and ou/w spellings phonetically, below an exact spelling', () => {
    const exact = score({ ...aminata, last: 'Diallo' }, { ...aminata, last: 'Diallo' });
    const doubled = score({ ...aminata, last: 'Diallo' }, { ...aminata, last: 'Dialo' });
    const yi = score({ ...aminata, first: 'Kadiatou' }, { ...aminata, first: 'Kadyatou' });
    const ouw = score({ ...aminata, last: 'Ouattara' }, { ...aminata, last: 'Wattara' });
    for (const result of [doubled, yi, ouw]) {
      expect(field(result, 'names')?.how).toBe('phonetic');
      expect(result.likelihood).toBe('likely');
      expect(result.score).toBeLessThan(exact.score);
    }
  });

  it('matches swapped first and last names and says so', () => {
    const swapped = score(aminata, { ...aminata, first: 'Traore', last: 'Aminata' });
    expect(swapped.likelihood).toBe('likely');
    expect(field(swapped, 'names')).toMatchObject({ how: 'exact', swapped: true, score: 1 });
    expect(field(score(aminata, aminata), 'names')?.swapped).toBeUndefined();
  });

  it('counts a nickname field as a name token, and a short form contained in the full name as a nickname', () => {
    const stored: Child = { ...aminata, first: 'Fatoumata', nick: 'Fatou' };
    const byNickname = score({ ...aminata, first: 'Fatou' }, stored);
    expect(field(byNickname, 'names')?.how).toBe('nickname');
    expect(byNickname.likelihood).toBe('likely');
    const noNicknameStored = score({ ...aminata, first: 'Fatou' }, { ...aminata, first: 'Fatoumata' });
    expect(field(noNicknameStored, 'names')?.how).toBe('nickname');
    expect(noNicknameStored.score).toBeLessThan(byNickname.score);
    // An unmatched nickname costs nothing: it is optional.
    expect(score({ ...aminata, nick: 'Mina' }, aminata).score).toBe(1);
  });

  it('ranks candidates for an unaccented query: exact after normalization, then phonetic, then a shifted birth year, the unrelated child last', () => {
    const candidates: Array<[string, Child]> = [
      ['unrelated', { first: 'Awa', last: 'Keita', dob: '2011-02-02', caregiver: 'Seydou Keita', location: 'ML.ML05.ML0501' }],
      ['birth shifted', { ...aminata, dob: '2015-05-04' }],
      ['phonetic', { ...aminata, first: 'Amminata' }],
      ['exact', aminata],
      ['different family', { ...aminata, last: 'Touré', caregiver: 'Awa Touré' }],
    ];
    const ranked = candidates.map(([name, child]) => ({ name, ...score({ ...aminata, last: 'Traore' }, child) })).sort((a, b) => b.score - a.score);
    expect(ranked.map((r) => r.name)).toEqual(['exact', 'phonetic', 'birth shifted', 'different family', 'unrelated']);
    expect(ranked.find((r) => r.name === 'birth shifted')?.fields.find((f) => f.field === 'birth')).toMatchObject({ how: 'within_years', years: 1 });
  });

  it('uses estimated ages as birth years and compares places by their common path', () => {
    const estimated = score({ ...aminata, dob: undefined, age: 12 }, { ...aminata, dob: undefined, age: 11 });
    expect(field(estimated, 'birth')).toMatchObject({ how: 'within_years', years: 1 });
    const nearby = score(aminata, { ...aminata, location: 'ML.ML09.ML0902' });
    expect(field(nearby, 'location')?.how).toBe('same_area');
    expect(field(score(aminata, { ...aminata, location: 'ML.ML01.ML0101' }), 'location')?.how).toBe('different');
  });

  it('makes a shared identifier likely on its own, and shows but does not count a differing one', () => {
    const shared = score({ first: 'Amminata', last: 'Traore', dob: '2016-02-01', nationalId: 'abc123', caregiver: 'Seydou Keita', location: 'ML.ML05.ML0501' }, { ...aminata, nationalId: 'abc123' });
    expect(shared.score).toBeLessThan(config.thresholds.possible);
    expect(shared.likelihood).toBe('likely');
    expect(field(shared, 'identifiers')).toMatchObject({ how: 'exact', score: 1 });
    const differing = score({ ...aminata, nationalId: 'x1' }, { ...aminata, nationalId: 'y2' });
    expect(field(differing, 'identifiers')).toMatchObject({ how: 'different', weight: 0 });
    expect(differing.score).toBe(1);
  });

  it('takes a shared identifier on a child of the other sex, born years apart or with other names for a reused number', () => {
    const other = { first: 'Amminata', last: 'Traore', nationalId: 'AN-2014-00123', caregiver: 'Seydou Keita', location: 'ML.ML05.ML0501' };
    const otherSex = score({ ...other, dob: '2014-05-04', sex: 'male' }, { ...aminata, nationalId: 'AN-2014-00123' });
    const yearsApart = score({ ...other, dob: '2009-01-12' }, { ...aminata, nationalId: 'AN-2014-00123' });
    // Not one name a spelling, nickname or swap of the other's (Touré is not Traoré): a collision or a typo.
    const otherNames = score({ ...other, first: 'Mariam', last: 'Touré', dob: '2014-05-04' }, { ...aminata, nationalId: 'AN-2014-00123' });
    // Another given name in the same family: a sibling sharing the family booklet's number.
    const sibling = score({ ...aminata, first: 'Mariam', dob: '2012-08-15', nationalId: 'AN-2014-00123' }, { ...aminata, nationalId: 'AN-2014-00123' });
    for (const result of [otherSex, yearsApart, otherNames, sibling]) {
      expect(field(result, 'identifiers')).toMatchObject({ how: 'exact', score: 1 });
      expect(result.likelihood).toBeNull();
    }
  });

  it('does not count fields one side lacks', () => {
    const sparse = scoreMatch({ ...profile(aminata), caregiver: [], locationPath: null, birth: null }, profile(aminata), config);
    expect(sparse.fields.map((f) => f.field).sort()).toEqual(['names', 'sex']);
    expect(sparse.score).toBe(1);
  });

  it('does not take a shared one-letter code (a name starting with a vowel) for a spelling of the same name unless the spellings are close', () => {
    expect(field(score({ ...aminata, first: 'Awa' }, { ...aminata, first: 'Yaye' }), 'names')?.how).toBe('different');
    expect(field(score({ ...aminata, first: 'Yaye' }, { ...aminata, first: 'Iaye' }), 'names')?.how).toBe('phonetic');
  });

  it('computes pg_trgm-like similarity', () => {
    expect(trigramSimilarity('traore', 'traore')).toBe(1);
    expect(trigramSimilarity('traore', 'toure')).toBeLessThan(0.25);
    expect(trigramSimilarity('coulibaly', 'coulibali')).toBeGreaterThan(0.6);
  });
});

describe('common names', () => {
  // 200,000 cases where one girl in 30 is an Aminata and one child in 20 a Traoré (3,000 expected namesakes), while
  // Zeinab and Kassambara are carried by a few hundred each (0.1 expected namesake).
  const frequencies: NameFrequencies = { cases: 200_000, share: (code) => ({ AMNT: 0.03, TRR: 0.05, ZEIN: 0.001, KASS: 0.0005 })[code] ?? 0.0001 };
  // Same name, sex, place and estimated age, but another caregiver: what unrelated namesakes look like at scale.
  const stored: Child = { ...aminata, dob: undefined, age: 12, caregiver: 'Awa Traoré' };
  const registration: Child = { ...aminata, dob: undefined, age: 12, caregiver: 'Mariam Traoré' };
  const withFrequencies = (a: Child, b: Child) => scoreMatch(profile(a), profile(b), config, frequencies);

  it('does not report a pair that agrees only on a common name, sex, place and estimated age', () => {
    expect(score(registration, stored).likelihood).toBe('possible');
    const common = withFrequencies(registration, stored);
    expect(common.likelihood).toBeNull();
    expect(field(common, 'names')).toMatchObject({ how: 'exact', common: true });
    expect(common.score).toBe(score(registration, stored).score);
  });

  it('still reports the same facts for a rare name', () => {
    const rare = { first: 'Zeinab', last: 'Kassambara' };
    const result = withFrequencies({ ...registration, ...rare }, { ...stored, ...rare });
    expect(result.likelihood).toBe('possible');
    expect(field(result, 'names')?.common).toBeUndefined();
  });

  it('reports a common name when the caregiver nearby, the birthday or an identifier sets the child apart', () => {
    expect(withFrequencies(registration, { ...stored, caregiver: 'Mariam Traore' }).likelihood).toBe('likely');
    expect(withFrequencies(registration, { ...stored, caregiver: 'Mariam Traore', location: 'ML.ML09.ML0903' }).likelihood).toBe('likely');
    // The same caregiver's name at the other end of the country: a coincidence among thousands of namesakes.
    expect(withFrequencies(registration, { ...stored, caregiver: 'Mariam Traore', location: 'ML.ML05.ML0501' }).likelihood).toBeNull();
    const sameBirthday = withFrequencies({ ...aminata, caregiver: 'Mariam Traoré' }, { ...aminata, dob: '2015-05-04', caregiver: 'Mariam Traore' });
    expect(sameBirthday.likelihood).toBe('likely');
    const sameBirthdayNoCaregiver = scoreMatch({ ...profile(aminata), caregiver: [] }, profile({ ...aminata, dob: '2015-05-04' }), config, frequencies);
    expect(sameBirthdayNoCaregiver.likelihood).not.toBeNull();
    expect(withFrequencies({ ...registration, nationalId: 'ML-1' }, { ...stored, nationalId: 'ML-1' }).likelihood).toBe('likely');
    // The same birthday but a caregiver who is someone else: among thousands of namesakes, a few share a birthday.
    expect(withFrequencies({ ...aminata, caregiver: 'Mariam Traoré' }, { ...aminata, dob: '2015-05-04', caregiver: 'Awa Traoré' }).likelihood).toBeNull();
    // Two precise dates in the same year but on different days: the family knew the date, and it differs, whoever
    // the caregiver is.
    expect(withFrequencies({ ...aminata, caregiver: 'Mariam Traoré' }, { ...aminata, dob: '2014-09-20', caregiver: 'Mariam Traoré' }).likelihood).toBeNull();
  });
});

describe('matching configuration', () => {
  it('accepts the Mali pack and the defaults', () => {
    const pack = JSON.parse(readFileSync(path.resolve(__dirname, '../../../../form-definitions/mli/matching.json'), 'utf8'));
    expect(validateMatchingConfig(pack)).toEqual([]);
    expect(validateMatchingConfig(DEFAULT_MATCHING_CONFIG)).toEqual([]);
  });

  it('names every problem with its path', () => {
    const problems = validateMatchingConfig({
      id: 'x',
      thresholds: { likely: 0.5, possible: 0.9 },
      maxResults: 0,
      fields: { names: { weight: 10, fields: ['name_first; DROP'], nicknameFields: [] }, colour: {}, birth: { weight: -1, dateField: 'dob', ageField: 'age', referenceDateField: 'r', yearWindow: 20 } },
      nameScores: { exact: 2, phonetic: 0.8, nickname: 0.7, similar: 0.6, similarityFloor: 0.4 },
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        '/thresholds/possible: must not exceed likely',
        '/maxResults: expected an integer between 1 and 100',
        '/fields/colour: unknown matcher (expected one of names, sex, birth, caregiver, location, identifiers)',
        '/fields/names/fields: expected a list of field names',
        '/fields/birth/weight: expected a positive number up to 1000',
        '/fields/birth/yearWindow: expected an integer between 0 and 10',
        '/nameScores/exact: expected a number between 0 and 1',
      ]),
    );
  });
});
