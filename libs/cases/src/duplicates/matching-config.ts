/**
 * The `matching` document of a country pack (form-definitions/<country>/matching.json): which fields take part in
 * duplicate detection, their weights, and the thresholds of "likely" and "possible". Weights are relative; a field
 * only counts when both records hold it, so a sparse registration is not punished for what it does not say.
 */
export interface MatchingConfig {
  id: string;
  thresholds: { likely: number; possible: number };
  maxResults: number;
  fields: {
    names: { weight: number; fields: string[]; nicknameFields: string[] };
    sex?: { weight: number; field: string };
    birth?: { weight: number; dateField: string; ageField: string; referenceDateField: string; yearWindow: number };
    caregiver?: { weight: number; fields: string[] };
    location?: { weight: number; field: string };
    identifiers?: { weight: number; fields: string[] };
  };
  nameScores: { exact: number; phonetic: number; nickname: number; similar: number; similarityFloor: number };
  /**
   * A name that more than `namesakes` unrelated cases are expected to share (from name frequencies) does not
   * identify a child: such a pair is reported only when the caregiver, the birthday or an identifier agrees too.
   */
  commonNames?: { namesakes: number };
}

/** Used when a pack has no matching.json: Primero's field names, weights tuned on generated data (BENCHMARKS.md). */
export const DEFAULT_MATCHING_CONFIG: MatchingConfig = {
  id: 'default',
  thresholds: { likely: 0.85, possible: 0.75 },
  maxResults: 20,
  fields: {
    names: { weight: 30, fields: ['name_first', 'name_last'], nicknameFields: ['name_nickname'] },
    sex: { weight: 10, field: 'sex' },
    birth: { weight: 25, dateField: 'date_of_birth', ageField: 'age', referenceDateField: 'registration_date', yearWindow: 2 },
    caregiver: { weight: 20, fields: ['caregiver_name'] },
    location: { weight: 15, field: 'location_current' },
    identifiers: { weight: 40, fields: ['national_id_no', 'unhcr_id_no', 'birth_certificate_no'] },
  },
  nameScores: { exact: 1, phonetic: 0.85, nickname: 0.75, similar: 0.6, similarityFloor: 0.45 },
  commonNames: { namesakes: 1 },
};

// Field names end up in SQL as literals (so expression indexes match): only plain identifiers are accepted.
const FIELD_NAME = /^[a-z][a-z0-9_]{0,62}$/;
const FIELD_KEYS = ['names', 'sex', 'birth', 'caregiver', 'location', 'identifiers'];

/** Every problem of a matching document as `path: message`; empty when it is usable. */
export function validateMatchingConfig(body: unknown): string[] {
  const problems: string[] = [];
  const fail = (path: string, message: string) => problems.push(`${path}: ${message}`);
  if (!isObject(body)) return ['/: expected an object'];
  const known = new Set(['$schema', 'id', 'description', 'thresholds', 'maxResults', 'fields', 'nameScores', 'commonNames']);
  for (const key of Object.keys(body)) if (!known.has(key)) fail(`/${key}`, 'unknown property');
  if (typeof body.id !== 'string' || !body.id) fail('/id', 'expected a non-empty string');

  const thresholds = body.thresholds;
  if (!isObject(thresholds)) fail('/thresholds', 'expected {likely, possible}');
  else {
    for (const key of ['likely', 'possible']) if (!isUnit(thresholds[key])) fail(`/thresholds/${key}`, 'expected a number between 0 and 1');
    if (isUnit(thresholds.likely) && isUnit(thresholds.possible) && thresholds.possible > thresholds.likely) fail('/thresholds/possible', 'must not exceed likely');
  }
  if (!Number.isInteger(body.maxResults) || (body.maxResults as number) < 1 || (body.maxResults as number) > 100) fail('/maxResults', 'expected an integer between 1 and 100');

  const fields = body.fields;
  if (!isObject(fields)) fail('/fields', 'expected an object');
  else {
    for (const key of Object.keys(fields)) if (!FIELD_KEYS.includes(key)) fail(`/fields/${key}`, `unknown matcher (expected one of ${FIELD_KEYS.join(', ')})`);
    if (!isObject(fields.names)) fail('/fields/names', 'names are required');
    for (const key of FIELD_KEYS) {
      const matcher = fields[key];
      if (matcher === undefined) continue;
      const at = `/fields/${key}`;
      if (!isObject(matcher)) {
        fail(at, 'expected an object');
        continue;
      }
      if (typeof matcher.weight !== 'number' || matcher.weight <= 0 || matcher.weight > 1000) fail(`${at}/weight`, 'expected a positive number up to 1000');
      const singles = key === 'sex' || key === 'location' ? ['field'] : key === 'birth' ? ['dateField', 'ageField', 'referenceDateField'] : [];
      for (const name of singles) if (typeof matcher[name] !== 'string' || !FIELD_NAME.test(matcher[name] as string)) fail(`${at}/${name}`, 'expected a field name');
      const lists = key === 'names' ? ['fields', 'nicknameFields'] : key === 'caregiver' || key === 'identifiers' ? ['fields'] : [];
      for (const name of lists) {
        const list = matcher[name];
        if (!Array.isArray(list) || (name === 'fields' && list.length === 0) || list.some((f) => typeof f !== 'string' || !FIELD_NAME.test(f))) {
          fail(`${at}/${name}`, 'expected a list of field names');
        }
      }
      if (key === 'birth' && (!Number.isInteger(matcher.yearWindow) || (matcher.yearWindow as number) < 0 || (matcher.yearWindow as number) > 10)) {
        fail(`${at}/yearWindow`, 'expected an integer between 0 and 10');
      }
    }
  }
  const scores = body.nameScores;
  if (!isObject(scores)) fail('/nameScores', 'expected {exact, phonetic, nickname, similar, similarityFloor}');
  else for (const key of ['exact', 'phonetic', 'nickname', 'similar', 'similarityFloor']) if (!isUnit(scores[key])) fail(`/nameScores/${key}`, 'expected a number between 0 and 1');
  const common = body.commonNames;
  if (common !== undefined && (!isObject(common) || typeof common.namesakes !== 'number' || common.namesakes < 0)) fail('/commonNames/namesakes', 'expected a number of cases, 0 or more');
  return problems;
}

/** The configuration a snapshot serves: the published document when valid, the defaults otherwise. */
export function matchingConfigOf(body: unknown): MatchingConfig {
  return body !== undefined && validateMatchingConfig(body).length === 0 ? (body as MatchingConfig) : DEFAULT_MATCHING_CONFIG;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isUnit(value: unknown): value is number {
  return typeof value === 'number' && value >= 0 && value <= 1;
}
