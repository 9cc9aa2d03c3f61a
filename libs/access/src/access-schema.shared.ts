/** Ids of roles, agencies, groups, modules and forms: the same shape as the forms engine's names. */
export const ID_PATTERN = '^[a-z][a-z0-9_]{0,62}$';
export const LOCALE_PATTERN = '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$';

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/** Names shown to users: English and French are required (the admin UI and the demo pack use both). */
export const localizedNameSchema = {
  type: 'object',
  required: ['en', 'fr'],
  properties: { en: { type: 'string', minLength: 1, maxLength: 200 }, fr: { type: 'string', minLength: 1, maxLength: 200 } },
  propertyNames: { pattern: LOCALE_PATTERN },
  additionalProperties: { type: 'string', minLength: 1, maxLength: 200 },
} as const;

export const localizedDescriptionSchema = {
  type: 'object',
  propertyNames: { pattern: LOCALE_PATTERN },
  additionalProperties: { type: 'string', minLength: 1, maxLength: 2000 },
} as const;

export const idListSchema = {
  type: 'array',
  uniqueItems: true,
  items: { type: 'string', pattern: ID_PATTERN },
} as const;
