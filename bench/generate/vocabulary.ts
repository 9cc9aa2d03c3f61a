import * as fs from 'node:fs';
import * as path from 'node:path';

/** Option ids the generator draws from, per lookup, and the identifier fields that `q` searches. */
export interface Vocabulary {
  lookups: Record<LookupId, string[]>;
  identifierFields: string[];
}

export type LookupId = keyof typeof FALLBACK_LOOKUPS;

/**
 * The demo pack's option ids, used for a lookup the pack does not have: generated data must pass the forms engine,
 * so values come from the pack whenever it is there.
 */
const FALLBACK_LOOKUPS = {
  sex: ['male', 'female'],
  risk_level: ['high', 'medium', 'low'],
  nationality: ['mali', 'burkina_faso', 'cote_d_ivoire', 'guinea', 'senegal', 'mauritania', 'niger', 'other', 'unknown'],
  protection_concerns: [
    'separated', 'unaccompanied', 'abandoned', 'orphan', 'physical_violence', 'sexual_violence', 'psychological_violence',
    'neglect', 'child_marriage', 'child_labour', 'trafficking', 'talibe_begging', 'street_child', 'caafag', 'displaced',
    'no_birth_registration', 'psychosocial_distress', 'other',
  ],
  relationship: ['mother', 'father', 'grandmother', 'grandfather', 'aunt', 'uncle', 'sibling', 'cousin', 'stepparent', 'foster_carer', 'marabout'],
  service_type: ['health', 'mental_health_psychosocial', 'education', 'vocational_training', 'legal', 'birth_registration', 'family_tracing', 'alternative_care', 'shelter', 'nutrition'],
  action_status: ['planned', 'in_progress', 'done', 'cancelled'],
  followup_type: ['home_visit', 'school_visit', 'office_visit', 'phone_call'],
  closure_reason: ['goals_met', 'child_reached_18', 'transferred', 'family_relocated', 'lost_contact', 'refused_services'],
  disability_type: ['physical', 'visual', 'hearing', 'speech', 'intellectual', 'psychosocial', 'multiple'],
  referral_source: ['community', 'family', 'self', 'police', 'health_facility', 'school', 'social_services', 'ngo', 'hotline'],
};

const FALLBACK_IDENTIFIER_FIELDS = ['national_id_no', 'unhcr_id_no', 'birth_certificate_no'];

export function loadVocabulary(packDir: string | undefined): Vocabulary {
  const lookups = {} as Record<LookupId, string[]>;
  for (const id of Object.keys(FALLBACK_LOOKUPS) as LookupId[]) {
    const fromPack = packDir ? readLookup(path.join(packDir, 'lookups', `${id}.json`)) : undefined;
    lookups[id] = fromPack && fromPack.length > 0 ? fromPack : FALLBACK_LOOKUPS[id];
  }
  const country = packDir ? readJson(path.join(packDir, 'country.json')) : undefined;
  const identifierFields = Array.isArray(country?.identifierFields) ? (country.identifierFields as string[]) : FALLBACK_IDENTIFIER_FIELDS;
  return { lookups, identifierFields };
}

function readLookup(file: string): string[] | undefined {
  const lookup = readJson(file);
  if (!Array.isArray(lookup?.options)) return undefined;
  // "other" needs a free-text companion field in most forms; the generator leaves it out to stay valid.
  return (lookup.options as Array<{ id?: unknown; disabled?: boolean }>)
    .filter((o) => typeof o.id === 'string' && !o.disabled && o.id !== 'other')
    .map((o) => o.id as string);
}

function readJson(file: string): any {
  if (!fs.existsSync(file)) return undefined;
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}
