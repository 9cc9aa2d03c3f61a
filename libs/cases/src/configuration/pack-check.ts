import { CountryDefinition, FormDefinition, LocationNode, LookupDefinition, OptionDefinition, PackProblem, validatePack } from '@tutela/forms';
import { ConfigSnapshot } from './config-snapshot';

export interface PackOverrides {
  country?: CountryDefinition;
  forms?: Array<{ form: FormDefinition; file: string }>;
  lookups?: Array<{ lookup: LookupDefinition; file: string }>;
  locations?: LocationNode[];
}

const idsOf = (snapshot: ConfigSnapshot, kind: string): string[] =>
  [...snapshot.versions.keys()].filter((k) => k.startsWith(`${kind}:`)).map((k) => k.slice(kind.length + 1));

/**
 * Every problem of the current configuration with some documents replaced (or added): a change is checked against
 * the whole pack, so an unknown lookup, a field name used by another form or a condition on a missing field is
 * caught before anything is published. Problems name the file each definition would have in a bundle.
 */
export function checkPackWith(snapshot: ConfigSnapshot, overrides: PackOverrides): PackProblem[] {
  const formOverrides = new Map((overrides.forms ?? []).map((o) => [o.form.id, o]));
  const lookupOverrides = new Map((overrides.lookups ?? []).map((o) => [o.lookup.id, o]));
  const forms = idsOf(snapshot, 'form')
    .filter((id) => !formOverrides.has(id))
    .map((id) => ({ form: snapshot.forms.getForm(id)!, file: `forms/${id}.json` }))
    .concat([...formOverrides.values()]);
  const lookups = idsOf(snapshot, 'lookup')
    .filter((id) => !lookupOverrides.has(id))
    .map((id) => ({ lookup: snapshot.forms.lookup(id)!, file: `lookups/${id}.json` }))
    .concat([...lookupOverrides.values()]);
  return validatePack({
    country: overrides.country ?? snapshot.country,
    forms: forms.map((f) => f.form),
    lookups: lookups.map((l) => l.lookup),
    locations: overrides.locations ?? [...snapshot.forms.locations.nodes],
    sources: { forms: forms.map((f) => f.file), lookups: lookups.map((l) => l.file), locations: `locations/${snapshot.country.id}.csv` },
  });
}

/** Options present before and missing now: stored data may hold them, so they may be disabled, never removed. */
export function removedOptions(before: readonly OptionDefinition[] | undefined, after: readonly OptionDefinition[] | undefined): string[] {
  if (!before || !Array.isArray(after)) return [];
  const kept = new Set(after.map((o) => o?.id));
  return before.map((o) => o.id).filter((id) => !kept.has(id));
}
