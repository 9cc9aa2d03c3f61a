import { Vocabulary } from '../generate/vocabulary';

const text = (maxLength: number) => ({ type: 'string', maxLength });
const date = { type: 'string', format: 'date' };
const oneOf = (values: readonly string[]) => ({ type: 'string', enum: values });
const LOCATION = { type: 'string', pattern: '^[A-Za-z0-9_]{1,64}$' };
const PHONE = { type: 'string', maxLength: 20, pattern: '^\\+?[0-9 ]{6,20}$' };
const ID = { type: 'string', maxLength: 30, pattern: '^[A-Za-z0-9 -]+$' };

/**
 * A plain JSON Schema 2020-12 of the create payload's `data` (types, enums, lengths, patterns, formats, closed
 * objects, subform items), written by hand: what a bare Ajv validates when nothing else runs. The forms engine
 * checks more (conditions, calculated fields, location levels), which is the overhead the ratio shows.
 */
export function casePayloadSchema(vocabulary: Vocabulary): object {
  const { lookups } = vocabulary;
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    additionalProperties: false,
    required: ['registration_date', 'consent_for_services', 'name_first', 'name_last', 'sex', 'protection_concerns', 'risk_level'],
    properties: {
      registration_date: date,
      referral_source: oneOf(lookups.referral_source),
      consent_for_services: { type: 'boolean' },
      consent_source: oneOf(['child', 'parent_caregiver', 'legal_guardian', 'other']),
      consent_for_data_sharing: { type: 'boolean' },
      consent_not_given_reason: text(2000),
      name_first: text(100),
      name_last: text(100),
      name_nickname: text(100),
      sex: oneOf(lookups.sex),
      date_of_birth: date,
      age: { type: 'integer', minimum: 0, maximum: 25 },
      age_is_estimated: { type: 'boolean' },
      nationality: oneOf(lookups.nationality),
      national_id_no: ID,
      unhcr_id_no: ID,
      birth_certificate_no: text(50),
      location_current: LOCATION,
      address_current: text(500),
      caregiver_name: text(200),
      caregiver_phone: PHONE,
      has_disability: { type: 'boolean' },
      disability_type: oneOf(lookups.disability_type),
      household_composition: {
        type: 'object',
        additionalProperties: false,
        properties: Object.fromEntries(['boys', 'girls', 'adult_men', 'adult_women'].map((k) => [k, { type: 'integer', minimum: 0 }])),
      },
      family_details: {
        type: 'array',
        maxItems: 30,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['relation_name', 'relation'],
          properties: {
            unique_id: { type: 'string', format: 'uuid' },
            relation_name: text(200),
            relation: oneOf(lookups.relationship),
            relation_is_caregiver: { type: 'boolean' },
            relation_age: { type: 'integer', minimum: 0, maximum: 120 },
            relation_is_alive: oneOf(['alive', 'deceased', 'unknown']),
            relation_phone: PHONE,
            relation_location: LOCATION,
          },
        },
      },
      protection_concerns: { type: 'array', minItems: 1, uniqueItems: true, items: oneOf(lookups.protection_concerns) },
      protection_concern_details: text(5000),
      separation_date: date,
      armed_group_details: text(5000),
      risk_level: oneOf(lookups.risk_level),
      risk_level_rationale: text(2000),
      case_notes: {
        type: 'array',
        maxItems: 200,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['note_date', 'note_subject', 'note_text'],
          properties: { unique_id: { type: 'string', format: 'uuid' }, note_date: date, note_subject: text(200), note_text: text(5000) },
        },
      },
    },
  };
}
