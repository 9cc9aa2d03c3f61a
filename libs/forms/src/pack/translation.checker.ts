import type { FieldDefinition, FormDefinition, LocalizedText } from '../definitions/form-definition.types';
import type { CountryDefinition, LookupDefinition, PackProblem } from '../definitions/pack.types';

/** Every form and lookup text must exist in these locales at least, whatever the pack declares. */
export const MANDATORY_LOCALES = ['en', 'fr'] as const;

type Texts = Array<{ text: LocalizedText | undefined; path: string }>;

function fieldTexts(field: FieldDefinition, path: string): Texts {
  return [
    { text: field.label, path: `${path}/label` },
    { text: field.help, path: `${path}/help` },
    ...(field.options ?? []).map((o, i) => ({ text: o.label, path: `${path}/options/${i}/label` })),
    ...(field.buckets ?? []).map((b, i) => ({ text: b.label, path: `${path}/buckets/${i}/label` })),
    ...(field.fields ?? []).flatMap((f, i) => fieldTexts(f, `${path}/fields/${i}`)),
  ];
}

const formTexts = (form: FormDefinition): Texts => [
  { text: form.title, path: '/title' },
  { text: form.description, path: '/description' },
  { text: form.help, path: '/help' },
  ...form.fields.flatMap((f, i) => fieldTexts(f, `/fields/${i}`)),
];

const lookupTexts = (lookup: LookupDefinition): Texts => [
  { text: lookup.name, path: '/name' },
  ...lookup.options.map((o, i) => ({ text: o.label, path: `/options/${i}/label` })),
];

const countryTexts = (country: CountryDefinition): Texts => [
  { text: country.name, path: '/name' },
  ...country.modules.map((m, i) => ({ text: m.name, path: `/modules/${i}/name` })),
];

export function missingTranslations(texts: Texts, locales: readonly string[], file: string): PackProblem[] {
  const problems: PackProblem[] = [];
  for (const { text, path } of texts) {
    if (!text) continue;
    const missing = locales.filter((l) => !text[l]?.trim());
    if (missing.length > 0) problems.push({ file, path, message: `missing translation: ${missing.join(', ')}` });
  }
  return problems;
}

export const formTranslationProblems = (form: FormDefinition, locales: readonly string[], file: string): PackProblem[] =>
  missingTranslations(formTexts(form), locales, file);

export const lookupTranslationProblems = (lookup: LookupDefinition, locales: readonly string[], file: string): PackProblem[] =>
  missingTranslations(lookupTexts(lookup), locales, file);

export const countryTranslationProblems = (country: CountryDefinition, locales: readonly string[], file: string): PackProblem[] =>
  missingTranslations(countryTexts(country), locales, file);
