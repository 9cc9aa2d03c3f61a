import { join } from 'node:path';
import { FIXTURES_DIR, loadMliPack } from '../../test-fixtures/mli-pack';
import type { CountryPack, PackProblem } from '../definitions/pack.types';
import { loadPackFromDir } from './pack.loader';
import { validatePack } from './pack.validator';

const fixture = (name: string) => loadPackFromDir(join(FIXTURES_DIR, 'packs', name));
const lines = (problems: PackProblem[]) => problems.map((p) => `${p.file} ${p.path}: ${p.message}`).sort();

async function problemsOf(name: string): Promise<string[]> {
  const { pack, problems } = await fixture(name);
  return lines([...problems, ...validatePack(pack)]);
}

describe('validatePack', () => {
  it('finds nothing wrong in the Mali demo pack', async () => {
    const pack = await loadMliPack();
    expect(validatePack(pack)).toEqual([]);
    expect(pack.forms).toHaveLength(10);
    expect(pack.locations.filter((l) => l.level === 1)).toHaveLength(20);
  });

  it('finds nothing wrong in a clean pack and ignores files owned by others (roles/, agencies.json)', async () => {
    const { pack, problems } = await fixture('clean');
    expect(problems).toEqual([]);
    expect(validatePack(pack)).toEqual([]);
    expect(pack.forms.map((f) => f.id)).toEqual(['intake']);
  });

  it('reports unknown references, duplicate names and misplaced forms', async () => {
    expect(await problemsOf('broken-references')).toEqual([
      'country.json /identifierFields/1: identifier field "passport_no" is not a case field',
      'country.json /identifierFields/2: identifier field "age" must be a text field',
      'forms/followup.json /module: unknown module "gbv"',
      'forms/intake.json /fields/0/name: duplicate field name "name" (also in form "followup" at /fields/0)',
      'forms/intake.json /fields/3/lookup: unknown lookup "colours"',
      'forms/intake.json /fields/4/visibleIf/field: condition on unknown field "colour"',
      'forms/intake.json /fields/7/requiredIf/field: condition on separator "section", which holds no value',
      'forms/intake.json /fields/8/calculation/fields: sum cannot read "name" (text)',
      'lookups/colors.json /options/3/id: duplicate option id "red"',
    ]);
  });

  it('reports conditions that can never hold and fields that can therefore never be shown', async () => {
    expect(await problemsOf('broken-unreachable')).toEqual([
      'forms/intake.json /fields/10/visibleIf: visibleIf conditions depend on each other in a cycle',
      'forms/intake.json /fields/11/requiredIf: requiredIf can never be true',
      'forms/intake.json /fields/5/fields/2/visibleIf/value: "old" is not a possible value of "kid_age"',
      // age has max 25: "gt 30" never holds.
      'forms/intake.json /fields/6/visibleIf: visibleIf can never be true: the field is never shown',
      // adult_details depends on adult_info, which is never shown.
      'forms/intake.json /fields/7/visibleIf: visibleIf can never be true: the field is never shown',
      'forms/intake.json /fields/8/visibleIf/value: "purple" is not a possible value of "color"',
    ]);
  });

  it('reports missing translations for en, fr and every locale the pack declares', async () => {
    const problems = await problemsOf('broken-translations');
    expect(problems).toEqual(
      expect.arrayContaining([
        'country.json /modules/0/name: missing translation: en',
        'forms/intake.json /title: missing translation: en, bm',
        'forms/intake.json /fields/0/label: missing translation: fr, bm',
        'forms/intake.json /fields/0/help: missing translation: en, bm',
        'forms/intake.json /fields/5/fields/1/label: missing translation: bm',
        'lookups/colors.json /options/1/label: missing translation: fr',
      ]),
    );
    expect(problems).toHaveLength(12);
  });

  it('reports unreadable files, meta-schema violations and bad location rows with row and column', async () => {
    const { pack, problems } = await fixture('broken-files');
    expect(problems).toContainEqual({ file: 'locations/tst.csv', path: '/rows/4/code', message: 'duplicate code "TL01" (first on row 3)', row: 4, column: 'code' });
    expect(lines([...problems, ...validatePack(pack)])).toEqual([
      'country.json : file is missing',
      'forms/intake.json /fields/0/requird: does not match the form meta-schema: unknown property "requird"',
      'forms/intake.json /fields/1/type: does not match the form meta-schema: must be one of "text", "textarea", "integer", "number", "boolean", "date", "datetime", "select", "multiselect", "location", "subform", "tally", "separator", "calculated", "attachment"',
      'forms/intake.json /fields/3: does not match the form meta-schema: must have exactly one of "options" or "lookup"',
      'forms/intake.json /fields/6/required: does not match the form meta-schema: is not allowed here',
      'forms/intake.json /version: does not match the form meta-schema: must be integer',
      'forms/syntax.json : unreadable JSON: Expected double-quoted property name in JSON at position 30',
      'forms/wrong_name.json /fields/3/lookup: unknown lookup "colors"',
      'forms/wrong_name.json /id: the file of "other_id" must be named other_id.json',
      'locations/tst.csv /rows/4/code: duplicate code "TL01" (first on row 3)',
      'locations/tst.csv /rows/5/code: code must be 1-64 letters, digits or underscores',
      'locations/tst.csv /rows/6/parent_code: unknown parent "TL02"',
      'locations/tst.csv /rows/7/level: level 3 under "TL01" (level 1) must be 2',
      'locations/tst.csv /rows/8/level: level 3 under "TL0101" (level 3) must be 4',
      'locations/tst.csv /rows/9/level: level must be an integer from 0 to 5',
      'locations/tst.csv /rows/9/name_fr: the location has no name',
      'lookups/empty.json : does not match the lookup meta-schema: missing property "options"',
    ]);
  });

  it('checks an in-memory pack (admin dry run) naming files by convention', async () => {
    const { pack } = await fixture('clean');
    const intake = pack.forms[0];
    const draft: CountryPack = {
      ...pack,
      sources: undefined,
      forms: [{ ...intake, version: 2, fields: [...intake.fields, { ...intake.fields[0] }] }],
      locations: [...pack.locations, { code: 'TL02', name: { fr: 'Sud' }, level: 2, parentCode: 'TL', path: 'TL.TL02' }],
    };
    expect(lines(validatePack(draft))).toEqual([
      'forms/intake.json /fields/6/name: duplicate field name "name" (also in form "intake" at /fields/0)',
      'locations /TL02: level 2 under a level-0 parent',
    ]);
  });

  it('refuses a subform inside a subform', async () => {
    const { pack } = await fixture('clean');
    const intake = pack.forms[0];
    const kids = intake.fields.find((f) => f.type === 'subform')!;
    const nested = { ...kids, fields: [...kids.fields!, { ...kids, name: 'grandkids' }] };
    const form = { ...intake, fields: intake.fields.map((f) => (f === kids ? nested : f)) };
    expect(lines(validatePack({ ...pack, forms: [form] }))).toEqual([
      'forms/intake.json /fields/5/fields/2/type: does not match the form meta-schema: has a value that is not allowed here (e.g. a subform inside a subform)',
    ]);
  });

  it('refuses a second registration form and a module without one', async () => {
    const { pack } = await fixture('clean');
    const second = { ...pack.forms[0], id: 'intake_bis', fields: [{ name: 'bis', type: 'text' as const, label: { en: 'Bis', fr: 'Bis' } }] };
    expect(lines(validatePack({ ...pack, sources: undefined, forms: [...pack.forms, second] }))).toEqual([
      'forms/intake_bis.json /registration: a second registration form for cp/case (also "intake")',
    ]);
    const none = { ...pack.forms[0], registration: false };
    expect(lines(validatePack({ ...pack, forms: [none] }))).toEqual(['country.json /modules/0: no registration form for cp/case']);
  });

  it('refuses `constructor` as a field name or option id: every JavaScript object inherits one', async () => {
    const { pack } = await fixture('clean');
    const intake = pack.forms[0];
    const field = { name: 'constructor', type: 'select' as const, label: { en: 'Builder', fr: 'Constructeur' }, options: [{ id: 'constructor', label: { en: 'Yes', fr: 'Oui' } }] };
    const problems = lines(validatePack({ ...pack, sources: undefined, forms: [{ ...intake, fields: [...intake.fields, field] }] }));
    expect(problems.filter((p) => p.includes(`/fields/${intake.fields.length}/`))).toEqual([
      expect.stringMatching(new RegExp(`^forms/intake.json /fields/${intake.fields.length}/name: `)),
      expect.stringMatching(new RegExp(`^forms/intake.json /fields/${intake.fields.length}/options/0/id: `)),
    ]);
  });
});
