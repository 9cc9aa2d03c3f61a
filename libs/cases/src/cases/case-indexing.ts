import { CountryDefinition, FormsEngine } from '@tutela/forms';
import { CaseData } from './case.types';

/** Columns derived from `data` on every write, so lists, scope and dashboards never parse JSON. */
export interface CaseIndexColumns {
  locationCode: string | null;
  locationPath: string | null;
  riskLevel: string | null;
  sex: string | null;
  age: number | null;
  protectionConcerns: string[];
  /** Raw names joined; SQL normalizes them (tutela_normalize / tutela_phonetic) so one definition serves all. */
  names: string;
  identifiers: string[];
}

/** Top-level text fields named `name_*` (Primero's convention) hold the child's names. */
const NAME_FIELD = /^name_/;
export const LOCATION_FIELD = 'location_current';

export function normalizeIdentifier(value: string): string {
  return value.trim().toLowerCase().replace(/[\s-]+/g, '');
}

export function indexColumns(
  data: CaseData,
  context: { forms: FormsEngine; country: CountryDefinition; shortId: string; fallbackLocationCode: string | null },
): CaseIndexColumns {
  const text = (field: string) => (typeof data[field] === 'string' ? (data[field] as string) : null);
  const locationCode = text(LOCATION_FIELD) ?? context.fallbackLocationCode;
  const names = context.forms
    .fieldCatalog('case')
    .filter((f) => f.type === 'text' && NAME_FIELD.test(f.name))
    .map((f) => text(f.name))
    .filter((v): v is string => Boolean(v))
    .join(' ');
  const identifiers = [context.shortId, ...context.country.identifierFields.map(text)]
    .filter((v): v is string => Boolean(v))
    .map(normalizeIdentifier);
  const age = data.age;
  const concerns = data.protection_concerns;
  return {
    locationCode,
    locationPath: locationCode ? (context.forms.locationPath(locationCode) ?? null) : null,
    riskLevel: text('risk_level'),
    sex: text('sex'),
    age: typeof age === 'number' && Number.isInteger(age) ? age : null,
    protectionConcerns: Array.isArray(concerns) ? concerns.filter((c): c is string => typeof c === 'string') : [],
    names,
    identifiers: [...new Set(identifiers)],
  };
}
