import type { FormDefinition } from '../definitions/form-definition.types';
import type { CountryDefinition, CountryPack, LocationNode, LookupDefinition, PackProblem } from '../definitions/pack.types';
import { checkRecordTypeFields, type SourcedForm } from './field-rules.checker';
import { checkMetaSchema } from './meta-schema.checker';
import {
  countryTranslationProblems,
  formTranslationProblems,
  lookupTranslationProblems,
  MANDATORY_LOCALES,
} from './translation.checker';

export const COUNTRY_FILE = 'country.json';

const formFile = (pack: CountryPack, i: number): string => pack.sources?.forms[i] ?? `forms/${pack.forms[i]?.id}.json`;
const lookupFile = (pack: CountryPack, i: number): string => pack.sources?.lookups[i] ?? `lookups/${pack.lookups[i]?.id}.json`;

function checkCountry(country: CountryDefinition, locales: readonly string[]): PackProblem[] {
  const problems = countryTranslationProblems(country, locales, COUNTRY_FILE);
  if (!country.locales.includes(country.defaultLocale)) {
    problems.push({ file: COUNTRY_FILE, path: '/defaultLocale', message: `"${country.defaultLocale}" is not one of the locales` });
  }
  country.modules.forEach((m, i) => {
    if (country.modules.findIndex((other) => other.id === m.id) !== i) {
      problems.push({ file: COUNTRY_FILE, path: `/modules/${i}/id`, message: `duplicate module "${m.id}"` });
    }
  });
  return problems;
}

function checkFormPlacement(forms: readonly SourcedForm[], country: CountryDefinition | null, complete: boolean): PackProblem[] {
  const problems: PackProblem[] = [];
  const firstFile = new Map<string, string>();
  const registration = new Map<string, SourcedForm>();
  for (const { form, file } of forms) {
    const earlier = firstFile.get(form.id);
    if (earlier) problems.push({ file, path: '/id', message: `duplicate form id "${form.id}" (also in ${earlier})` });
    else firstFile.set(form.id, file);
    if (country) {
      const module = country.modules.find((m) => m.id === form.module);
      if (!module) problems.push({ file, path: '/module', message: `unknown module "${form.module}"` });
      else if (!module.recordTypes.includes(form.recordType)) {
        problems.push({ file, path: '/recordType', message: `module "${module.id}" has no record type "${form.recordType}"` });
      }
    }
    if (!form.registration) continue;
    const key = `${form.module}/${form.recordType}`;
    const other = registration.get(key);
    if (other) problems.push({ file, path: '/registration', message: `a second registration form for ${key} (also "${other.form.id}")` });
    else registration.set(key, { form, file });
  }
  for (const module of complete ? (country?.modules ?? []) : []) {
    for (const recordType of module.recordTypes) {
      const has = forms.some(({ form }) => form.module === module.id && form.recordType === recordType);
      if (has && !registration.has(`${module.id}/${recordType}`)) {
        problems.push({ file: COUNTRY_FILE, path: `/modules/${country!.modules.indexOf(module)}`, message: `no registration form for ${module.id}/${recordType}` });
      }
    }
  }
  return problems;
}

function checkIdentifierFields(country: CountryDefinition, forms: readonly SourcedForm[]): PackProblem[] {
  const caseFields = new Map(
    forms.filter(({ form }) => form.recordType === 'case').flatMap(({ form }) => form.fields.map((f) => [f.name, f] as const)),
  );
  return country.identifierFields.flatMap((name, i) => {
    const field = caseFields.get(name);
    if (field?.type === 'text') return [];
    const message = field ? `identifier field "${name}" must be a text field` : `identifier field "${name}" is not a case field`;
    return [{ file: COUNTRY_FILE, path: `/identifierFields/${i}`, message }];
  });
}

function checkLocations(nodes: readonly LocationNode[], file: string): PackProblem[] {
  const problems: PackProblem[] = [];
  const byCode = new Map<string, LocationNode>();
  for (const node of nodes) {
    const at = `/${node.code}`;
    if (byCode.has(node.code)) problems.push({ file, path: at, message: `duplicate location code "${node.code}"` });
    byCode.set(node.code, node);
  }
  for (const node of nodes) {
    const at = `/${node.code}`;
    const parent = node.parentCode === null ? undefined : byCode.get(node.parentCode);
    const expectedPath = parent ? `${parent.path}.${node.code}` : node.code;
    if (node.parentCode === null && node.level !== 0) problems.push({ file, path: at, message: 'a location without parent must be level 0' });
    else if (node.parentCode !== null && !parent) problems.push({ file, path: at, message: `unknown parent "${node.parentCode}"` });
    else if (parent && parent.level !== node.level - 1) problems.push({ file, path: at, message: `level ${node.level} under a level-${parent.level} parent` });
    else if (node.path !== expectedPath) problems.push({ file, path: at, message: `path must be "${expectedPath}"` });
    // Place names are often the same in every language, so a location needs a name, not every translation.
    if (!Object.values(node.name ?? {}).some((name) => name?.trim())) problems.push({ file, path: at, message: 'the location has no name' });
  }
  return problems;
}

/**
 * Every problem of a country pack, each with file and JSON path: meta-schema violations, duplicate or unknown
 * ids, field-name clashes across a record type, unknown lookups, conditions on unknown fields or that can never
 * be true (unreachable fields), bad calculations, missing translations (en, fr and the pack's locales) and an
 * inconsistent location tree. Definitions that fail their meta-schema are left out of the deeper checks.
 */
export function validatePack(pack: CountryPack): PackProblem[] {
  const problems: PackProblem[] = [];
  const countryShape = pack.country ? checkMetaSchema('country', pack.country, COUNTRY_FILE) : [];
  problems.push(...countryShape);
  const country = countryShape.length === 0 ? pack.country : null;
  const locales = [...new Set([...MANDATORY_LOCALES, ...(country?.locales ?? [])])];
  if (country) problems.push(...checkCountry(country, locales));

  const lookups = new Map<string, LookupDefinition>();
  pack.lookups.forEach((lookup, i) => {
    const file = lookupFile(pack, i);
    const shape = checkMetaSchema('lookup', lookup, file);
    problems.push(...shape);
    if (shape.length > 0) return;
    if (lookups.has(lookup.id)) problems.push({ file, path: '/id', message: `duplicate lookup id "${lookup.id}"` });
    lookups.set(lookup.id, lookup);
    lookup.options.forEach((o, j) => {
      if (lookup.options.findIndex((other) => other.id === o.id) !== j) {
        problems.push({ file, path: `/options/${j}/id`, message: `duplicate option id "${o.id}"` });
      }
    });
    problems.push(...lookupTranslationProblems(lookup, locales, file));
  });

  const forms: SourcedForm[] = [];
  pack.forms.forEach((form: FormDefinition, i) => {
    const file = formFile(pack, i);
    const shape = checkMetaSchema('form', form, file);
    problems.push(...shape);
    if (shape.length > 0) return;
    forms.push({ form, file });
    problems.push(...formTranslationProblems(form, locales, file));
  });
  // Checks about what the pack lacks would only echo a form that failed its meta-schema: run them on whole packs.
  const complete = forms.length === pack.forms.length;
  problems.push(...checkFormPlacement(forms, country, complete));
  for (const recordType of new Set(forms.map(({ form }) => form.recordType))) {
    problems.push(...checkRecordTypeFields(forms.filter(({ form }) => form.recordType === recordType), lookups));
  }
  if (country && complete) problems.push(...checkIdentifierFields(country, forms));
  problems.push(...checkLocations(pack.locations, pack.sources?.locations ?? 'locations'));
  return problems;
}
