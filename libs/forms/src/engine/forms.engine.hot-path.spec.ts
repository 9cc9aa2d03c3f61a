import { mliEngine } from '../../test-fixtures/mli-pack';
import type { FieldDefinition, FormDefinition } from '../definitions/form-definition.types';
import { FormsEngine } from './forms.engine';

// The shapes validateRecord takes on every case write: a new record (the service passes the submission as the
// whole data, scanned and copied in one pass) and a patch (copied only when something derived changes).

const now = new Date('2026-03-15T10:00:00Z');
const label = { en: 'Label', fr: 'Libellé' };

const identity = {
  name_first: 'Aminata',
  name_last: 'Traoré',
  sex: 'female',
  date_of_birth: '2014-06-01',
  nationality: 'mali',
  location_current: 'ML0901',
};

const form = (id: string, order: number, fields: FieldDefinition[]): FormDefinition => ({
  id,
  version: 1,
  recordType: 'case',
  module: 'cp',
  order,
  title: label,
  fields,
});

describe('FormsEngine.validateRecord on the write paths', () => {
  let engine: FormsEngine;
  const create = (record: Record<string, unknown>) => engine.validateRecord({ data: record, submitted: record, locale: 'en', now });
  const codes = (result: ReturnType<typeof create>) => result.errors.map((e) => `${e.path} ${e.code}`).sort();

  beforeAll(async () => {
    engine = await mliEngine();
  });

  describe('a new record', () => {
    it('computes calculated fields into a copy and leaves the submission untouched', () => {
      const record = { ...identity };
      const result = create(record);
      expect(result.valid).toBe(true);
      expect(result.data).toEqual({ ...identity, age: 11 });
      expect(result.data).not.toBe(record);
      expect(Object.getPrototypeOf(result.data)).toBe(Object.prototype);
      expect(JSON.stringify(result.data)).toBe(JSON.stringify({ ...identity, age: 11 }));
      expect(record).toEqual(identity);
    });

    it('refuses a client value for a calculated field and keeps the computed one', () => {
      const result = create({ ...identity, age: 7 });
      expect(codes(result)).toEqual(['/data/age calculated_field']);
      expect(result.data.age).toBe(11);
    });

    it('rejects unknown fields wherever they sit among known ones', () => {
      expect(codes(create({ nickname: 'x', ...identity, 'a/b': 1 }))).toEqual(['/data/a~1b unknown_field', '/data/nickname unknown_field']);
    });

    it('rejects a value in a hidden field and demands a visible required one', () => {
      expect(codes(create({ ...identity, disability_type: 'visual' }))).toEqual(['/data/disability_type hidden_field']);
      expect(codes(create({ ...identity, has_disability: true }))).toEqual(['/data/disability_type required']);
    });

    it('leaves out null values', () => {
      const result = create({ ...identity, name_nickname: null });
      expect(result.valid).toBe(true);
      expect(result.data).not.toHaveProperty('name_nickname');
    });

    it('hands back the submission itself when nothing is derived', () => {
      const record = { closure_date: '2026-03-01', closure_reason: 'goals_met' };
      const result = create(record);
      expect(result.valid).toBe(true);
      expect(result.data).toBe(record);
    });

    it('validates every form its keys touch, in one pass', () => {
      const result = create({ ...identity, closure_date: '2026-03-01', closure_reason: 'goals_met', risk_level: 'low' });
      expect(result.formVersions).toEqual({ basic_identity: 1, closure: 1, protection_concerns: 1 });
      expect(codes(result)).toEqual(['/data/protection_concerns required']);
    });
  });

  describe('a new record off the one-form fast path gets the same answers', () => {
    it('a key of another form, with or without a value for a calculated field', () => {
      const result = create({ ...identity, closure_date: '2026-03-01', closure_reason: 'goals_met' });
      expect(result.valid).toBe(true);
      expect(result.formVersions).toEqual({ basic_identity: 1, closure: 1 });
      expect(result.data).toEqual({ ...identity, age: 11, closure_date: '2026-03-01', closure_reason: 'goals_met' });
    });

    it('an unknown key listed first or last, and an undefined value', () => {
      expect(codes(create({ ...identity, zzz: 1 }))).toEqual(['/data/zzz unknown_field']);
      expect(codes(create({ zzz: 1, ...identity }))).toEqual(['/data/zzz unknown_field']);
      const result = create({ ...identity, name_nickname: undefined });
      expect(result.valid).toBe(true);
      expect(result.data).toEqual({ ...identity, age: 11 });
    });

    it('a manual value for a calculated field when its input is missing', () => {
      const { date_of_birth: _, ...withoutBirth } = identity;
      const manual = create({ ...withoutBirth, age: 9, age_is_estimated: true });
      expect(manual.valid).toBe(true);
      expect(manual.data).toEqual({ ...withoutBirth, age: 9, age_is_estimated: true });
      expect(codes(create({ ...withoutBirth, age: 40 }))).toEqual(['/data/age maximum']);
    });

    it('no derived value: the submission itself comes back', () => {
      const { date_of_birth: _, ...withoutBirth } = identity;
      const record = { ...withoutBirth };
      expect(create(record).data).toBe(record);
    });

    it('an invalid record on the fast path reports schema and server-side errors together', () => {
      const result = create({ ...identity, sex: 'x', date_of_birth: '2030-01-01', location_current: 'ML9999' });
      expect(codes(result)).toEqual(['/data/date_of_birth not_in_future', '/data/location_current unknown_location', '/data/sex enum']);
      expect(result.data).not.toHaveProperty('age');
    });
  });

  describe('a patch', () => {
    it('recomputes the age on every write that touches its form and refuses a client value', () => {
      const stored = { ...identity, age: 11 };
      const later = engine.validateRecord({ data: { ...stored, name_first: 'Awa' }, submitted: { name_first: 'Awa' }, stored, now: new Date('2027-07-01T00:00:00Z') });
      expect(later.data.age).toBe(13);
      const sent = engine.validateRecord({ data: { ...stored, age: 12 }, submitted: { age: 12 }, stored, now });
      expect(sent.errors.map((e) => e.code)).toEqual(['calculated_field']);
    });

    it('returns the merged data itself when nothing derived changes', () => {
      const stored = { ...identity, age: 11 };
      const merged = { ...stored, name_first: 'Awa' };
      expect(engine.validateRecord({ data: merged, submitted: { name_first: 'Awa' }, stored, now }).data).toBe(merged);
    });
  });

  it('validates a form whose condition reads a field of another form when only that field is sent', () => {
    const caregiver = form('caregiver', 1, [{ name: 'has_caregiver', type: 'boolean', label }]);
    const details = form('caregiver_details', 2, [
      { name: 'caregiver_contact', type: 'text', label, required: true, visibleIf: { field: 'has_caregiver', op: 'eq', value: true } },
    ]);
    const small = new FormsEngine({ forms: [caregiver, details], lookups: [], locations: [] });
    const patch = (submitted: Record<string, unknown>) => small.validateRecord({ data: submitted, submitted, now });

    const alone = patch({ has_caregiver: true });
    expect(alone.formVersions).toEqual({ caregiver: 1, caregiver_details: 1 });
    expect(alone.errors.map((e) => `${e.path} ${e.code}`)).toEqual(['/data/caregiver_contact required']);
    expect(patch({ has_caregiver: true, caregiver_contact: 'Mariam', other: 1 }).errors.map((e) => e.code)).toEqual(['unknown_field']);
  });
});

describe('FormsEngine.validateRecord on field names the generated code must not trust', () => {
  it('validates a form with a field named like an Object.prototype member', () => {
    const odd = form('odd', 1, [
      { name: 'constructor', type: 'integer', label },
      { name: 'twice', type: 'calculated', valueType: 'integer', label, calculation: { op: 'sum', fields: ['constructor', 'constructor'] } },
    ]);
    const engine = new FormsEngine({ forms: [odd], lookups: [], locations: [] });
    const validate = (record: Record<string, unknown>) => engine.validateRecord({ data: record, submitted: record, now });
    expect(validate({ constructor: 2 })).toMatchObject({ valid: true, data: { constructor: 2, twice: 4 } });
    // Nothing inherited is read as a value: an empty record derives nothing.
    const empty = {};
    expect(validate(empty)).toMatchObject({ valid: true, data: empty });
    expect(validate({ twice: 1 }).errors.map((e) => e.code)).toContain('calculated_field');
  });
});

describe('FormsEngine.validateRecord on subform items', () => {
  it('recomputes derived values inside each submitted item', () => {
    const household = form('household', 1, [
      {
        name: 'members',
        type: 'subform',
        label,
        fields: [
          { name: 'boys', type: 'integer', label },
          { name: 'girls', type: 'integer', label },
          { name: 'children', type: 'calculated', valueType: 'integer', label, calculation: { op: 'sum', fields: ['boys', 'girls'] } },
        ],
      },
    ]);
    const engine = new FormsEngine({ forms: [household], lookups: [], locations: [] });
    const record = { members: [{ boys: 1, girls: 2, children: 9 }] };
    const result = engine.validateRecord({ data: record, submitted: record, now });
    expect(result.valid).toBe(true);
    expect(result.data.members).toEqual([expect.objectContaining({ boys: 1, girls: 2, children: 3 })]);
  });
});
