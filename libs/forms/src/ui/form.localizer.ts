import type { FieldDefinition, FormDefinition, LocalizedText, OptionDefinition } from '../definitions/form-definition.types';
import type { LookupDefinition } from '../definitions/pack.types';
import { localizeText } from './locale';

export interface LocalizedOption {
  id: string;
  label: string;
  disabled?: boolean;
}

/** A field with every text in one locale; select options resolved from their lookup when lookups are given. */
export interface LocalizedField
  extends Omit<FieldDefinition, 'label' | 'help' | 'options' | 'fields' | 'buckets'> {
  label: string;
  help?: string;
  options?: LocalizedOption[];
  fields?: LocalizedField[];
  buckets?: Array<{ id: string; label: string }>;
}

export interface LocalizedForm extends Omit<FormDefinition, 'title' | 'description' | 'help' | 'fields' | '$schema'> {
  locale: string;
  title: string;
  description?: string;
  help?: string;
  fields: LocalizedField[];
}

type LookupSource = ReadonlyMap<string, LookupDefinition> | readonly LookupDefinition[] | undefined;

const optional = (text: LocalizedText | undefined, locale: string): string | undefined =>
  text && localizeText(text, locale);

const localizeOptions = (options: readonly OptionDefinition[], locale: string): LocalizedOption[] =>
  options.map((o) => ({ id: o.id, label: localizeText(o.label, locale), ...(o.disabled && { disabled: true }) }));

function findLookup(lookups: LookupSource, id: string): LookupDefinition | undefined {
  if (!lookups) return undefined;
  return lookups instanceof Map ? lookups.get(id) : (lookups as readonly LookupDefinition[]).find((l) => l.id === id);
}

function localizeField(field: FieldDefinition, locale: string, lookups: LookupSource): LocalizedField {
  const { label, help, options, fields, buckets, ...rest } = field;
  const resolved = options ?? (field.lookup ? findLookup(lookups, field.lookup)?.options : undefined);
  return {
    ...rest,
    label: localizeText(label, locale),
    ...(help && { help: localizeText(help, locale) }),
    ...(resolved && { options: localizeOptions(resolved, locale) }),
    ...(fields && { fields: fields.map((f) => localizeField(f, locale, lookups)) }),
    ...(buckets && { buckets: buckets.map((b) => ({ id: b.id, label: localizeText(b.label, locale) })) }),
  };
}

/** The definition as a front end shows it in `locale` (fallback: base language, then English). */
export function localizeForm(form: FormDefinition, locale: string, lookups?: LookupSource): LocalizedForm {
  const { title, description, help, fields, $schema: _schema, ...rest } = form;
  return {
    ...rest,
    locale,
    title: localizeText(title, locale),
    ...(description && { description: optional(description, locale) }),
    ...(help && { help: optional(help, locale) }),
    fields: fields.map((f) => localizeField(f, locale, lookups)),
  };
}
