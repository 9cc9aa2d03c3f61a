import Ajv2020 from 'ajv/dist/2020';
import { loadMliPack, mliEngine } from '../../test-fixtures/mli-pack';
import type { FormDefinition } from '../definitions/form-definition.types';
import { FormsEngine } from './forms.engine';

const now = new Date('2026-03-15T10:00:00Z');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const identity = {
  name_first: 'Aminata',
  name_last: 'Traoré',
  sex: 'female',
  date_of_birth: '2014-06-01',
  nationality: 'mali',
  location_current: 'ML0901',
};

describe('FormsEngine', () => {
  let engine: FormsEngine;
  const validate = (patch: Record<string, unknown>, stored: Record<string, unknown> = {}, locale = 'en') =>
    engine.validateRecord({ data: { ...stored, ...patch }, submitted: patch, stored, locale, now });
  const codes = (result: ReturnType<typeof validate>) => result.errors.map((e) => `${e.path} ${e.code}`).sort();

  beforeAll(async () => {
    engine = await mliEngine();
  });

  describe('validateRecord', () => {
    it('accepts a valid identity, computes the age and reports the form version', () => {
      const result = validate(identity);
      expect(result.errors).toEqual([]);
      expect(result.valid).toBe(true);
      expect(result.data.age).toBe(11);
      expect(result.formVersions).toEqual({ basic_identity: 1 });
    });

    it('validates only the forms the patch touches', () => {
      // registration_date is required on the registration form, which this patch does not touch.
      expect(validate({ risk_level: 'low', protection_concerns: ['orphan'] }).formVersions).toEqual({ protection_concerns: 1 });
      expect(validate({ risk_level: 'low', protection_concerns: ['orphan'] }).valid).toBe(true);
    });

    it('reports every failing field with a /data pointer', () => {
      const result = validate({ name_first: '', sex: 'unknown', date_of_birth: '2014-13-45', nickname: 'x' });
      expect(codes(result)).toEqual([
        '/data/date_of_birth format',
        '/data/name_first minLength',
        '/data/name_last required',
        '/data/nickname unknown_field',
        '/data/sex enum',
      ]);
    });

    it('escapes client-supplied keys in error pointers', () => {
      const result = validate({ 'a/b~c': 1, family_details: [{ relation_name: 'A', relation: 'mother', 'x/y': 1 }] });
      expect(codes(result)).toEqual(['/data/a~1b~0c unknown_field', '/data/family_details/0/x~1y unknown_field']);
    });

    it('rejects a value in a hidden field and demands a visible required one', () => {
      expect(codes(validate({ ...identity, disability_type: 'visual' }))).toEqual(['/data/disability_type hidden_field']);
      expect(codes(validate({ ...identity, has_disability: false, disability_type: 'visual' }))).toEqual(['/data/disability_type hidden_field']);
      expect(codes(validate({ ...identity, has_disability: true }))).toEqual(['/data/disability_type required']);
      expect(validate({ ...identity, has_disability: true, disability_type: 'visual' }).valid).toBe(true);
    });

    it('applies requiredIf only when its condition holds', () => {
      const concerns = { protection_concerns: ['neglect'] };
      expect(codes(validate({ ...concerns, risk_level: 'high' }))).toEqual(['/data/risk_level_rationale required']);
      expect(validate({ ...concerns, risk_level: 'medium' }).valid).toBe(true);
    });

    it('evaluates multiselect conditions (includes)', () => {
      const base = { risk_level: 'medium', separation_date: '2025-01-10' };
      expect(codes(validate({ ...base, protection_concerns: ['orphan'] }))).toEqual(['/data/separation_date hidden_field']);
      expect(validate({ ...base, protection_concerns: ['orphan', 'unaccompanied'] }).valid).toBe(true);
    });

    it('validates subform items with item-level conditions and JSON pointers into the item', () => {
      const result = validate({
        family_details: [
          { relation_name: 'Fatoumata', relation: 'mother', relation_is_alive: 'alive', relation_phone: '+223 70 00 00 00' },
          { relation: 'other', relation_is_alive: 'deceased', relation_phone: '+223 70 00 00 01', extra: 1 },
        ],
      });
      expect(codes(result)).toEqual([
        '/data/family_details/1/extra unknown_field',
        '/data/family_details/1/relation_name required',
        '/data/family_details/1/relation_other required',
        '/data/family_details/1/relation_phone hidden_field',
      ]);
    });

    it('gives new subform items a unique_id and keeps existing ones', () => {
      const existing = '6f1c1f1e-8d2a-4c1b-9a55-2f8e3c4d5a6b';
      const result = validate({
        family_details: [
          { unique_id: existing, relation_name: 'Moussa', relation: 'father', relation_is_caregiver: true },
          { relation_name: 'Awa', relation: 'sibling', relation_age: 9 },
        ],
      });
      expect(result.valid).toBe(true);
      const items = result.data.family_details as Array<Record<string, unknown>>;
      expect(items[0].unique_id).toBe(existing);
      expect(items[1].unique_id).toMatch(UUID);
      expect(result.data).toMatchObject({ family_members_count: 2, caregiver_count: 1 });
    });

    it('refuses two items with the same unique_id', () => {
      const id = '6f1c1f1e-8d2a-4c1b-9a55-2f8e3c4d5a6b';
      const item = { unique_id: id, relation_name: 'Moussa', relation: 'father' };
      expect(codes(validate({ family_details: [item, { ...item }] }))).toEqual(['/data/family_details/1/unique_id duplicate_item_id']);
    });

    it('never mutates the caller data', () => {
      const patch = { family_details: [{ relation_name: 'Awa', relation: 'sibling', relation_is_caregiver: null }] };
      const frozen = JSON.stringify(patch);
      const result = validate(patch);
      expect(JSON.stringify(patch)).toBe(frozen);
      expect((result.data.family_details as object[])[0]).not.toHaveProperty('relation_is_caregiver');
    });

    it('treats null as "remove the field" (JSON merge patch)', () => {
      const stored = { ...identity, name_nickname: 'Ami' };
      const result = validate({ name_nickname: null }, stored);
      expect(result.valid).toBe(true);
      expect(result.data).not.toHaveProperty('name_nickname');
    });

    describe('calculated fields', () => {
      it('uses a hand-entered age only when there is no date of birth', () => {
        const { date_of_birth: _dob, ...noDob } = identity;
        expect(validate({ ...noDob, age: 7 }).data.age).toBe(7);
        expect(codes(validate({ ...noDob, age: 30 }))).toEqual(['/data/age maximum']);
        expect(codes(validate({ ...identity, age: 7 }))).toEqual(['/data/age calculated_field']);
        expect(validate({ ...identity, age: 11 }).valid).toBe(true);
      });

      it('recomputes sums and averages and refuses client values for them', () => {
        const scores = { assessment_date: '2026-03-01', assessment_score_safety: 4, assessment_score_health: 1, assessment_score_education: 2, assessment_score_psychosocial: 3, assessment_score_family: 0 };
        const result = validate(scores);
        expect(result.errors).toEqual([]);
        expect(result.data).toMatchObject({ assessment_total_score: 10, assessment_average_score: 2 });
        expect(codes(validate({ ...scores, assessment_total_score: 12 }))).toEqual(['/data/assessment_total_score calculated_field']);
      });

      it('recomputes derived values when an input stored on another form changes', () => {
        const stored = { ...identity, age: 11 };
        const result = validate({ date_of_birth: '2010-01-01' }, stored);
        expect(result.data.age).toBe(16);
      });

      it('computes tally totals', () => {
        const result = validate({ household_composition: { boys: 2, girls: 3, adult_women: 1, total: 99 } });
        expect(result.valid).toBe(true);
        expect(result.data.household_composition).toEqual({ boys: 2, girls: 3, adult_women: 1, total: 6 });
      });
    });

    describe('server-only rules', () => {
      it('refuses dates in the future', () => {
        expect(codes(validate({ ...identity, date_of_birth: '2026-03-17' }))).toEqual(['/data/date_of_birth not_in_future']);
        // Tomorrow in UTC is still today somewhere: no client is refused for entering its own date.
        expect(validate({ ...identity, date_of_birth: '2026-03-15' }).valid).toBe(true);
      });

      it('refuses a disabled option only when it is newly submitted', () => {
        const concerns = { protection_concerns: ['orphan', 'armed_conflict'], risk_level: 'low' };
        expect(codes(validate(concerns))).toEqual(['/data/protection_concerns/1 disabled_option']);
        const stored = { protection_concerns: ['armed_conflict'], risk_level: 'low' };
        expect(validate(concerns, stored).valid).toBe(true);
        expect(validate({ risk_level: 'medium' }, stored).valid).toBe(true);
      });

      it('checks location codes and admin levels of new values', () => {
        expect(codes(validate({ ...identity, location_current: 'ML9999' }))).toEqual(['/data/location_current unknown_location']);
        expect(codes(validate({ ...identity, location_current: 'ML01' }))).toEqual(['/data/location_current location_level']);
        expect(codes(validate({ ...identity, location_current: 'not a code' }))).toEqual(['/data/location_current pattern']);
        expect(validate({ ...identity, location_current: 'ML020201' }).valid).toBe(true);
      });
    });

    it('localizes messages in French and falls back to English', () => {
      const fr = validate({ name_first: 'A', sex: 'x', nickname: 1 }, {}, 'fr-ML');
      expect(fr.errors.map((e) => e.message).sort()).toEqual([
        "doit être égal à une des valeurs prédéfinies",
        'est obligatoire',
        "n'est un champ d'aucun formulaire en vigueur",
      ]);
      const other = validate({ name_first: 'A', sex: 'female' }, {}, 'bm');
      expect(other.errors).toEqual([{ path: '/data/name_last', code: 'required', message: 'is required' }]);
    });

    it('compiles each validator once and reuses it for later records', () => {
      const compile = jest.spyOn(Ajv2020.prototype, 'compile');
      try {
        validate({ closure_date: '2026-03-01', closure_reason: 'goals_met' });
        validate({ closure_date: '2026-03-02', closure_reason: 'lost_contact' });
        validate({ closure_reason: 'other' });
        expect(compile).toHaveBeenCalledTimes(1);
      } finally {
        compile.mockRestore();
      }
    });
  });

  describe('configuration queries', () => {
    it('lists the current forms in order, the registration form first', () => {
      const ids = engine.currentForms().map((f) => f.id);
      expect(ids[0]).toBe('registration');
      expect(ids).toHaveLength(10);
      expect(engine.registrationForm()?.id).toBe('registration');
      expect(engine.currentForms('incident')).toEqual([]);
    });

    it('builds a field catalog with flags and subform fields', () => {
      const catalog = engine.fieldCatalog();
      const byName = new Map(catalog.map((e) => [e.name, e]));
      expect(byName.get('sex')).toEqual({ name: 'sex', formId: 'basic_identity', type: 'select', sensitive: false, matchable: true, filterable: true });
      expect(byName.get('disability_type')?.sensitive).toBe(true);
      expect(byName.has('identity_documents_separator')).toBe(false);
      expect(byName.get('family_details')?.subformFields?.map((f) => f.name)).toContain('relation_phone');
    });

    it('reports stored fields no current form defines', () => {
      expect(engine.obsoleteFields({ ...identity, old_field: 1 })).toEqual(['old_field']);
    });

    it('tells whether a form is complete', () => {
      expect(engine.isFormComplete('basic_identity', identity)).toBe(true);
      expect(engine.isFormComplete('basic_identity', { ...identity, has_disability: true })).toBe(false);
      expect(engine.isFormComplete('case_plan', { case_plan_date: '2026-01-01', case_plan_goal: 'x', case_plan_actions: [] })).toBe(false);
      expect(engine.isFormComplete('case_plan', {
        case_plan_date: '2026-01-01',
        case_plan_goal: 'x',
        case_plan_actions: [{ action_need: 'education', action_description: 'Inscription', action_status: 'planned' }],
      })).toBe(true);
      expect(engine.isFormComplete('no_such_form', {})).toBe(false);
    });

    it('answers lookups and locations', () => {
      expect(engine.lookup('sex')?.options.map((o) => o.id)).toEqual(['male', 'female']);
      expect(engine.location('ML0903')?.name.fr).toBe('Commune III');
      expect(engine.locationPath('ML020201')).toBe('ML.ML02.ML0202.ML020201');
      expect(engine.locationsUnder('ML09').map((n) => n.code)).toEqual(['ML0901', 'ML0902', 'ML0903', 'ML0904', 'ML0905', 'ML0906']);
    });
  });

  describe('versions', () => {
    it('validates against the latest version and keeps older ones readable', async () => {
      const pack = await loadMliPack();
      const v1 = pack.forms.find((f) => f.id === 'closure')!;
      const v2: FormDefinition = { ...v1, version: 2, fields: v1.fields.filter((f) => f.name !== 'closure_comments') };
      const next = new FormsEngine({ forms: [...pack.forms, v2], lookups: pack.lookups, locations: pack.locations });

      expect(next.getForm('closure')?.version).toBe(2);
      expect(next.getForm('closure', 1)?.fields.some((f) => f.name === 'closure_comments')).toBe(true);
      const dropped = next.validateRecord({ data: { closure_comments: 'x' }, submitted: { closure_comments: 'x' }, now });
      expect(dropped.errors.map((e) => e.code)).toEqual(['unknown_field']);
      expect(next.obsoleteFields({ closure_comments: 'x', closure_date: '2026-01-01' })).toEqual(['closure_comments']);
      const data = { closure_date: '2026-01-01', closure_reason: 'goals_met' };
      expect(next.validateRecord({ data, submitted: data, now }).formVersions).toEqual({ closure: 2 });
    });
  });
});
