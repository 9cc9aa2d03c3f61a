/**
 * Identifier of forms, fields, modules and record types: also a safe SQL/JSON key. `constructor` is the one such name
 * every JavaScript object already has (inherited from Object.prototype): a record leaving that field out would
 * still "have" it for Ajv and the engine, so it is refused here.
 */
export const NAME_PATTERN = '^(?!constructor$)[a-z][a-z0-9_]{0,62}$';
/** Stored option values (select, multiselect, tally buckets: keys of a stored object, hence `constructor` refused too). */
export const OPTION_ID_PATTERN = '^(?!constructor$)[a-z0-9][a-z0-9_]{0,62}$';
export const LOCALE_PATTERN = '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$';

export const localizedTextSchema = {
  type: 'object',
  description: 'Text per locale, e.g. {"fr": "Prénom", "en": "First name"}.',
  minProperties: 1,
  propertyNames: { pattern: LOCALE_PATTERN },
  additionalProperties: { type: 'string', minLength: 1 },
} as const;

export const optionSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', pattern: OPTION_ID_PATTERN },
    label: { $ref: '#/$defs/localizedText' },
    disabled: { type: 'boolean', description: 'Kept valid in stored data, refused when newly submitted.' },
  },
  required: ['id', 'label'],
} as const;
