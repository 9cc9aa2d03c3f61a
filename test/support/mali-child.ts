import { randomUUID } from 'node:crypto';

/**
 * Registration data the Mali pack accepts (registration, consent and basic identity forms), with a family name made
 * unique per call so searches in a shared test database find only the suite's own children. Suites override what
 * their scenario is about.
 */
export function maliChild(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    registration_date: '2026-10-01',
    consent_for_services: true,
    consent_source: 'parent_caregiver',
    name_first: 'Aminata',
    name_last: `Traoré-${randomUUID().slice(0, 6)}`,
    sex: 'female',
    date_of_birth: '2014-05-04',
    location_current: 'ML0901',
    ...overrides,
  };
}
