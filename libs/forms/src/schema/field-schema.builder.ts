import type { FieldDefinition, OptionDefinition } from '../definitions/form-definition.types';
import type { LookupDefinition } from '../definitions/pack.types';
import { TUTELA_KEYWORD } from './form-ajv.factory';

export type JsonSchema = Record<string, unknown>;

/** Location codes are ltree labels. */
export const LOCATION_CODE_PATTERN = '^[A-Za-z0-9_]{1,64}$';
/** Bounds stored text when a definition sets none, so no field can hold an unbounded payload. */
export const DEFAULT_MAX_LENGTH = { text: 500, textarea: 10000 } as const;

export interface FieldSchemaContext {
  lookups: ReadonlyMap<string, LookupDefinition>;
}

const ARRAY_TYPES = new Set(['multiselect', 'subform']);

/** Whether a value of this field is stored as an array (for `required` also meaning "at least one item"). */
export const isArrayField = (field: FieldDefinition): boolean =>
  ARRAY_TYPES.has(field.type) || (field.type === 'attachment' && field.multiple === true);

export function optionsOf(field: FieldDefinition, lookups: ReadonlyMap<string, LookupDefinition>): readonly OptionDefinition[] {
  if (field.options) return field.options;
  return (field.lookup && lookups.get(field.lookup)?.options) || [];
}

const bounds = (min?: number, max?: number): JsonSchema => ({
  ...(min !== undefined && { minimum: min }),
  ...(max !== undefined && { maximum: max }),
});

const itemBounds = (field: FieldDefinition): JsonSchema => ({
  ...(field.minItems !== undefined && { minItems: field.minItems }),
  ...(field.maxItems !== undefined && { maxItems: field.maxItems }),
});

function tutelaAnnotation(field: FieldDefinition): JsonSchema {
  return {
    type: field.type,
    ...(field.lookup && { lookup: field.lookup }),
    ...(field.adminLevels && { adminLevels: field.adminLevels }),
    ...(field.notInFuture && { notInFuture: true }),
    ...(field.calculation && { calculation: field.calculation }),
    ...(field.sensitive && { sensitive: true }),
    ...(field.matchable && { matchable: true }),
  };
}

/**
 * The value schema of one non-subform field (subforms are assembled by the form compiler, which owns item
 * conditions). Separators hold no value and get none.
 */
export function fieldValueSchema(field: FieldDefinition, ctx: FieldSchemaContext): JsonSchema | null {
  const value = valueSchema(field, ctx);
  return value && { ...value, [TUTELA_KEYWORD]: tutelaAnnotation(field) };
}

function valueSchema(field: FieldDefinition, ctx: FieldSchemaContext): JsonSchema | null {
  switch (field.type) {
    case 'text':
    case 'textarea':
      // An empty string is not an answer: clients omit the key (or send null) instead.
      return {
        type: 'string',
        minLength: field.minLength ?? 1,
        maxLength: field.maxLength ?? DEFAULT_MAX_LENGTH[field.type],
        ...(field.pattern && { pattern: field.pattern }),
      };
    case 'integer':
    case 'number':
      return { type: field.type, ...bounds(field.min, field.max) };
    case 'boolean':
      return { type: 'boolean' };
    case 'date':
      return { type: 'string', format: 'date' };
    case 'datetime':
      return { type: 'string', format: 'date-time' };
    case 'select':
      return { type: 'string', enum: optionsOf(field, ctx.lookups).map((o) => o.id) };
    case 'multiselect':
      return {
        type: 'array',
        items: { type: 'string', enum: optionsOf(field, ctx.lookups).map((o) => o.id) },
        uniqueItems: true,
        ...itemBounds(field),
      };
    case 'location':
      return { type: 'string', pattern: LOCATION_CODE_PATTERN };
    case 'tally':
      return tallySchema(field);
    case 'calculated':
      return {
        type: field.valueType ?? 'number',
        ...bounds(field.min, field.max),
        ...(!field.manualFallback && { readOnly: true }),
      };
    case 'attachment':
      return field.multiple
        ? { type: 'array', items: { type: 'string', format: 'uuid' }, uniqueItems: true, ...itemBounds(field) }
        : { type: 'string', format: 'uuid' };
    case 'separator':
    case 'subform':
      return null;
  }
}

function tallySchema(field: FieldDefinition): JsonSchema {
  const count = { type: 'integer', minimum: 0 };
  const properties: JsonSchema = {};
  for (const bucket of field.buckets ?? []) properties[bucket.id] = count;
  properties.total = { ...count, readOnly: true };
  return { type: 'object', properties, additionalProperties: false };
}
