import { LOCALE_PATTERN, localizedTextSchema, NAME_PATTERN, optionSchema } from './shared.meta-schema';

/** JSON meta-schema of a lookup file (`lookups/<id>.json`). */
export const lookupDefinitionMetaSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'Tutela lookup (option list)',
  type: 'object',
  properties: {
    $schema: { type: 'string' },
    id: { type: 'string', pattern: NAME_PATTERN },
    name: { $ref: '#/$defs/localizedText' },
    locked: { type: 'boolean' },
    options: {
      type: 'array',
      minItems: 1,
      items: {
        ...optionSchema,
        properties: { ...optionSchema.properties, tags: { type: 'array', items: { type: 'string', pattern: NAME_PATTERN } } },
        additionalProperties: false,
      },
    },
  },
  required: ['id', 'name', 'options'],
  additionalProperties: false,
  $defs: { localizedText: localizedTextSchema },
} as const;

/** JSON meta-schema of `country.json`. */
export const countryDefinitionMetaSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'Tutela country pack',
  type: 'object',
  properties: {
    $schema: { type: 'string' },
    id: { type: 'string', pattern: '^[a-z]{3}$', description: 'ISO 3166-1 alpha-3 code, lower case.' },
    name: { $ref: '#/$defs/localizedText' },
    locales: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', pattern: LOCALE_PATTERN } },
    defaultLocale: { type: 'string', pattern: LOCALE_PATTERN },
    modules: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        properties: {
          id: { type: 'string', pattern: NAME_PATTERN },
          name: { $ref: '#/$defs/localizedText' },
          recordTypes: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', pattern: NAME_PATTERN } },
        },
        required: ['id', 'name', 'recordTypes'],
        additionalProperties: false,
      },
    },
    identifierFields: { type: 'array', uniqueItems: true, items: { type: 'string', pattern: NAME_PATTERN } },
  },
  required: ['id', 'name', 'locales', 'defaultLocale', 'modules', 'identifierFields'],
  additionalProperties: false,
  $defs: { localizedText: localizedTextSchema },
} as const;
