import { narrative, shortNote } from './case-texts';
import { CAREGIVER_GIVEN_NAMES, STREETS } from './names';
import { Person, isoDate } from './person';
import { Random } from './random';
import { Vocabulary } from './vocabulary';

export const WORKFLOW_STATES = ['registration', 'assessment', 'case_plan', 'implementation', 'follow_up', 'closure', 'closed'] as const;
export type WorkflowState = (typeof WORKFLOW_STATES)[number];

/** When the case entered each state it went through (index = position in WORKFLOW_STATES). */
export interface Lifecycle {
  state: WorkflowState;
  entered: Date[];
  updatedAt: Date;
}

type Data = Record<string, unknown>;

const DAY_MS = 86_400_000;
const plusDays = (date: Date, days: number): Date => new Date(date.getTime() + days * DAY_MS);

/** Form ids of the demo pack and the version the generated data follows. */
const FORMS_AT_REGISTRATION = ['registration', 'basic_identity', 'family_details', 'protection_concerns'] as const;

/**
 * The registration a front end would POST (`{"data": …}` of API.md), about 2 KB: registration, identity, family
 * and protection concerns. Calculated fields are left to the server, which refuses values it did not compute.
 */
export function registrationData(rng: Random, person: Person, locationCode: string, registeredAt: Date, vocabulary: Vocabulary, relativeLocation: () => string): Data {
  const { lookups } = vocabulary;
  const consent = rng.chance(0.95);
  const concerns = rng.sample(lookups.protection_concerns, rng.weighted([1, 2, 3], [0.5, 0.35, 0.15]));
  const risk = rng.weighted(lookups.risk_level, lookups.risk_level.map((r) => ({ high: 0.2, medium: 0.45, low: 0.35 })[r] ?? 0.2));
  const hasDisability = rng.chance(0.08);
  const data: Data = {
    registration_date: isoDate(registeredAt),
    referral_source: rng.pick(lookups.referral_source),
    consent_for_services: consent,
    ...(consent ? { consent_source: rng.pick(['child', 'parent_caregiver', 'legal_guardian']) } : { consent_not_given_reason: shortNote(rng) }),
    consent_for_data_sharing: consent && rng.chance(0.8),
    name_first: person.firstName,
    name_last: person.lastName,
    ...(person.nickname && { name_nickname: person.nickname }),
    sex: person.sex,
    ...(person.dateOfBirth ? { date_of_birth: person.dateOfBirth } : { age: person.estimatedAge, age_is_estimated: true }),
    nationality: person.nationality,
    ...(rng.chance(0.25) && { national_id_no: `${rng.digits(3)}${rng.digits(4)}${rng.digits(3)}${rng.digits(4)}${String.fromCharCode(65 + rng.int(0, 25))}` }),
    ...(person.nationality !== 'mali' && rng.chance(0.5) && { unhcr_id_no: `MLI-${rng.digits(2)}-${rng.digits(6)}` }),
    ...(rng.chance(0.4) && { birth_certificate_no: `AN-${registeredAt.getUTCFullYear() - rng.int(0, 15)}-${rng.digits(5)}` }),
    location_current: locationCode,
    ...(rng.chance(0.6) && { address_current: `${rng.pick(STREETS)}, porte ${rng.int(1, 400)}` }),
    caregiver_name: person.caregiverName,
    ...(rng.chance(0.6) && { caregiver_phone: `+223 ${rng.pick(['6', '7', '9'])}${rng.digits(1)} ${rng.digits(2)} ${rng.digits(2)} ${rng.digits(2)}` }),
    has_disability: hasDisability,
    ...(hasDisability && { disability_type: rng.pick(lookups.disability_type) }),
    household_composition: { boys: rng.int(0, 4), girls: rng.int(0, 4), adult_men: rng.int(0, 2), adult_women: rng.int(1, 3) },
    family_details: familyDetails(rng, person, vocabulary, relativeLocation),
    protection_concerns: concerns,
    ...(rng.chance(0.6) && { protection_concern_details: narrative(rng, rng.int(1, 3)) }),
    ...(concerns.some((c) => c === 'separated' || c === 'unaccompanied') && { separation_date: isoDate(plusDays(registeredAt, -rng.int(3, 200))) }),
    ...(concerns.includes('caafag') && { armed_group_details: narrative(rng, 1) }),
    risk_level: risk,
    ...(risk === 'high' && { risk_level_rationale: narrative(rng, 1) }),
  };
  return data;
}

function familyDetails(rng: Random, person: Person, vocabulary: Vocabulary, relativeLocation: () => string): Data[] {
  const count = rng.weighted([1, 2, 3, 4], [0.3, 0.35, 0.25, 0.1]);
  const items: Data[] = [];
  for (let i = 0; i < count; i++) {
    // The first relative listed is the caregiver the registration names.
    const caregiver = i === 0;
    const alive = caregiver ? 'alive' : rng.weighted(['alive', 'deceased', 'unknown'], [0.75, 0.15, 0.1]);
    items.push({
      unique_id: rng.uuid(),
      relation_name: caregiver ? person.caregiverName : `${rng.pick(CAREGIVER_GIVEN_NAMES)} ${person.lastName}`,
      relation: caregiver ? rng.pick(['mother', 'father', 'grandmother', 'aunt', 'uncle']) : rng.pick(vocabulary.lookups.relationship),
      relation_is_caregiver: caregiver,
      relation_age: rng.int(caregiver ? 20 : 2, caregiver ? 75 : 80),
      relation_is_alive: alive,
      ...(alive === 'alive' && rng.chance(0.4) && { relation_phone: `+223 7${rng.digits(1)} ${rng.digits(2)} ${rng.digits(2)} ${rng.digits(2)}` }),
      ...(rng.chance(0.5) && { relation_location: relativeLocation() }),
    });
  }
  return items;
}

/**
 * What the stored record holds once the case went through `lifecycle`: the registration plus the forms of each
 * step reached, and the calculated fields the server would have stored (ages as of the last update).
 */
export function storedData(rng: Random, registration: Data, lifecycle: Lifecycle, vocabulary: Vocabulary): { data: Data; formVersions: Record<string, number> } {
  const { lookups } = vocabulary;
  const reached = WORKFLOW_STATES.indexOf(lifecycle.state);
  const data: Data = { ...registration };
  const forms: string[] = [...FORMS_AT_REGISTRATION];
  const on = (stage: number, offsetDays: number): string => isoDate(plusDays(lifecycle.entered[stage], offsetDays));
  // Dates the forms mark not-in-future never pass the last update, which is never after "now".
  const past = (stage: number, offsetDays: number): string => {
    const date = plusDays(lifecycle.entered[stage], offsetDays);
    return isoDate(date > lifecycle.updatedAt ? lifecycle.updatedAt : date);
  };

  if (typeof registration.date_of_birth === 'string') data.age = ageAt(registration.date_of_birth, lifecycle.updatedAt);
  const family = registration.family_details as Data[];
  const tally = registration.household_composition as Record<string, number>;
  data.household_composition = { ...tally, total: Object.values(tally).reduce((a, b) => a + b, 0) };
  data.family_members_count = family.length;
  data.caregiver_count = family.filter((f) => f.relation_is_caregiver === true).length;

  if (reached >= 2 || (reached === 1 && rng.chance(0.5))) {
    const scores = ['safety', 'health', 'education', 'psychosocial', 'family'].map((k) => [`assessment_score_${k}`, rng.int(0, 4)] as const);
    const total = scores.reduce((sum, [, v]) => sum + v, 0);
    const attends = rng.chance(0.55);
    Object.assign(data, Object.fromEntries(scores), {
      assessment_date: past(1, rng.int(0, 3)),
      assessment_total_score: total,
      assessment_average_score: Math.round((total / scores.length) * 10) / 10,
      child_attends_school: attends,
      ...(attends && { school_name: `École fondamentale de ${rng.pick(['Bagadadji', 'Missira', 'Niarela', 'Banconi', 'Sébénikoro', 'Kalaban'])}` }),
      immediate_needs: rng.sample(lookups.service_type, rng.int(1, 3)),
      assessment_summary: narrative(rng, rng.int(2, 4)),
    });
    forms.push('assessment');
  }
  if (reached >= 3 || (reached === 2 && rng.chance(0.5))) {
    data.case_plan_date = past(2, rng.int(0, 5));
    data.case_plan_goal = narrative(rng, 1);
    data.case_plan_actions = Array.from({ length: rng.int(1, 3) }, () => ({
      unique_id: rng.uuid(),
      action_need: rng.pick(lookups.service_type),
      action_description: shortNote(rng),
      action_responsible: rng.pick(['Travailleur social', 'Famille', 'ONG partenaire', 'Centre de santé']),
      action_due_date: on(2, rng.int(14, 90)),
      action_status: rng.pick(lookups.action_status),
    }));
    forms.push('case_plan');
  }
  if (reached >= 3) {
    const services = Array.from({ length: rng.int(1, 3) }, () => {
      const implemented = reached >= 4 || rng.chance(0.4);
      return {
        unique_id: rng.uuid(),
        service_type: rng.pick(lookups.service_type),
        service_provider_agency: rng.pick(['Centre de santé communautaire', 'ONG partenaire', 'Direction régionale', 'Tribunal pour enfants']),
        service_referral: true,
        service_referral_date: past(3, rng.int(0, 10)),
        ...(implemented && { service_implemented: true, service_implemented_on: past(3, rng.int(10, 20)) }),
      };
    });
    data.services = services;
    data.services_implemented_count = services.filter((s) => s.service_implemented === true).length;
    forms.push('services');
  }
  if (reached >= 4) {
    data.follow_ups = Array.from({ length: rng.int(1, 4) }, (_, i) => ({
      unique_id: rng.uuid(),
      followup_type: rng.pick(lookups.followup_type),
      followup_date: past(4, i * 7 + rng.int(0, 6)),
      followup_comments: shortNote(rng),
      followup_needed: rng.chance(0.3),
    }));
    forms.push('follow_up');
  }
  if (reached >= 5) {
    Object.assign(data, {
      closure_date: past(5, rng.int(0, 3)),
      closure_reason: rng.pick(lookups.closure_reason),
      closure_goals_achieved: rng.chance(0.7),
      closure_comments: shortNote(rng),
    });
    forms.push('closure');
  }
  return { data, formVersions: Object.fromEntries(forms.map((f) => [f, 1])) };
}

/** Full years, as the forms engine computes `age` from `date_of_birth`. */
export function ageAt(dateOfBirth: string, at: Date): number {
  const [y, m, d] = dateOfBirth.split('-').map(Number);
  let age = at.getUTCFullYear() - y;
  if (at.getUTCMonth() + 1 < m || (at.getUTCMonth() + 1 === m && at.getUTCDate() < d)) age -= 1;
  return Math.max(0, age);
}
