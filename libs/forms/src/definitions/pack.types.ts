import type { FormDefinition, LocalizedText, OptionDefinition } from './form-definition.types';

export interface LookupOption extends OptionDefinition {
  tags?: string[];
}

export interface LookupDefinition {
  $schema?: string;
  id: string;
  name: LocalizedText;
  options: LookupOption[];
  /** Administrators may not edit a locked lookup through the admin API. */
  locked?: boolean;
}

export interface LocationNode {
  code: string;
  name: LocalizedText;
  /** Admin level 0 (country) to 5. */
  level: number;
  parentCode: string | null;
  /** ltree-compatible path of codes from the root, e.g. `ML.ML01.ML0101`. */
  path: string;
  type?: string;
  disabled?: boolean;
}

export interface ModuleDefinition {
  id: string;
  name: LocalizedText;
  recordTypes: string[];
}

export interface CountryDefinition {
  $schema?: string;
  id: string;
  name: LocalizedText;
  locales: string[];
  defaultLocale: string;
  modules: ModuleDefinition[];
  /** Top-level text fields the `q` list parameter searches (ids such as national_id_no). */
  identifierFields: string[];
}

/** A country's configuration as loaded from `form-definitions/<country>/` (checked by `validatePack`). */
export interface CountryPack {
  /** Null when country.json is missing or unreadable (reported by the loader). */
  country: CountryDefinition | null;
  forms: FormDefinition[];
  lookups: LookupDefinition[];
  locations: LocationNode[];
  /** Where each definition came from, for problem reports (default: `forms/<id>.json`, `lookups/<id>.json`). */
  sources?: PackSources;
}

/** Pack-relative files, index for index with `forms` and `lookups`. */
export interface PackSources {
  forms: string[];
  lookups: string[];
  locations: string;
}

/** One problem in a pack: the pack-relative file, a JSON pointer (or `/rows/<row>/<column>` in CSV) and a message. */
export interface PackProblem {
  file: string;
  path: string;
  message: string;
  /** CSV problems: 1-based line of the row (the header is row 1) and the column name, when known. */
  row?: number;
  column?: string;
}
