import { conditionToSchema } from '../conditions/condition-schema.compiler';
import type { FieldDefinition, FormDefinition } from '../definitions/form-definition.types';
import type { LookupDefinition } from '../definitions/pack.types';
import { localizeText } from '../ui/locale';
import { fieldValueSchema, isArrayField, type FieldSchemaContext, type JsonSchema } from './field-schema.builder';
import { TUTELA_KEYWORD } from './form-ajv.factory';

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';
/** Server-assigned identity of a subform item (crypto randomUUID). */
export const SUBFORM_ITEM_ID = 'unique_id';

export interface FormSchemaContext {
  /** Lookups referenced by select fields (their option ids become enums). */
  lookups: ReadonlyMap<string, LookupDefinition> | readonly LookupDefinition[];
  /** When set, `title`/`description` annotations are added in this locale (for front ends). */
  locale?: string;
  /** `false` leaves out the `if`/`then` clauses (type generation); default true. */
  conditions?: boolean;
}

interface CompileOptions extends FieldSchemaContext {
  locale?: string;
  conditions: boolean;
}

// Array-valued fields are "filled" only with at least one item, so `required` on them also demands minItems 1.
const filled = (field: FieldDefinition): JsonSchema => ({
  required: [field.name],
  ...(isArrayField(field) && { properties: { [field.name]: { minItems: 1 } } }),
});

// A hidden field must hold no value: `false` as its schema rejects any value, at the field's own pointer.
const hidden = (field: FieldDefinition): JsonSchema => ({ properties: { [field.name]: false } });

/** The if/then/else clause enforcing a field's visibleIf/requiredIf, or null when it has no condition. */
function conditionClause(field: FieldDefinition): JsonSchema | null {
  const requiredWhenVisible = field.required
    ? filled(field)
    : field.requiredIf && { if: conditionToSchema(field.requiredIf), then: filled(field) };
  if (field.visibleIf) {
    return {
      if: conditionToSchema(field.visibleIf),
      ...(requiredWhenVisible && { then: requiredWhenVisible }),
      else: hidden(field),
    };
  }
  return !field.required && requiredWhenVisible ? requiredWhenVisible : null;
}

/** The object schema of one scope: the form's top level, or one subform item. */
function scopeSchema(fields: readonly FieldDefinition[], opts: CompileOptions, item: boolean): JsonSchema {
  const properties: JsonSchema = item ? { [SUBFORM_ITEM_ID]: { type: 'string', format: 'uuid', readOnly: true } } : {};
  const required: string[] = [];
  const clauses: JsonSchema[] = [];
  for (const field of fields) {
    const value = field.type === 'subform' ? subformSchema(field, opts) : fieldValueSchema(field, opts);
    if (!value) continue;
    const unconditional = field.required && !field.visibleIf;
    if (unconditional) required.push(field.name);
    properties[field.name] = {
      ...value,
      ...(unconditional && isArrayField(field) && { minItems: Math.max(1, field.minItems ?? 1) }),
      ...labels(field, opts.locale),
    };
    const clause = opts.conditions && conditionClause(field);
    if (clause) clauses.push(clause);
  }
  return {
    type: 'object',
    properties,
    ...(required.length > 0 && { required }),
    ...(clauses.length > 0 && { allOf: clauses }),
    // Items are closed objects; the top level is not, since one record's data spans every form.
    ...(item && { additionalProperties: false }),
  };
}

function subformSchema(field: FieldDefinition, opts: CompileOptions): JsonSchema {
  return {
    type: 'array',
    items: scopeSchema(field.fields ?? [], opts, true),
    ...(field.minItems !== undefined && { minItems: field.minItems }),
    ...(field.maxItems !== undefined && { maxItems: field.maxItems }),
    [TUTELA_KEYWORD]: { type: 'subform', ...(field.sensitive && { sensitive: true }) },
  };
}

const labels = (field: FieldDefinition, locale: string | undefined): JsonSchema =>
  locale
    ? { title: localizeText(field.label, locale), ...(field.help && { description: localizeText(field.help, locale) }) }
    : {};

const toLookupMap = (lookups: FormSchemaContext['lookups']): ReadonlyMap<string, LookupDefinition> =>
  lookups instanceof Map ? lookups : new Map((lookups as readonly LookupDefinition[]).map((l) => [l.id, l]));

/**
 * Compiles a form definition to the JSON Schema 2020-12 that Ajv enforces on the record data and front ends
 * receive: select options as enums, visibleIf/requiredIf as if/then/else (hidden fields must be empty, visible
 * required fields present). Server-only rules (not in the future, disabled options, location codes, calculated
 * values) are applied by the FormsEngine around it.
 */
export function compileFormSchema(form: FormDefinition, ctx: FormSchemaContext): JsonSchema {
  const opts: CompileOptions = { lookups: toLookupMap(ctx.lookups), locale: ctx.locale, conditions: ctx.conditions ?? true };
  return {
    $schema: JSON_SCHEMA_DIALECT,
    ...(ctx.locale && {
      title: localizeText(form.title, ctx.locale),
      ...(form.description && { description: localizeText(form.description, ctx.locale) }),
    }),
    [TUTELA_KEYWORD]: { form: form.id, version: form.version, recordType: form.recordType, module: form.module },
    ...scopeSchema(form.fields, opts, false),
  };
}
