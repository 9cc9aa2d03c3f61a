import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FormDefinition } from '../definitions/form-definition.types';
import type { CountryDefinition, CountryPack, LookupDefinition, PackProblem } from '../definitions/pack.types';
import { parseLocationsCsv } from '../locations/locations-csv.parser';
import { COUNTRY_FILE } from './pack.validator';

export interface LoadedPack {
  pack: CountryPack;
  /** What could not be read at all (missing files, JSON syntax, CSV rows); run validatePack for the rest. */
  problems: PackProblem[];
}

async function filesIn(dir: string, extension: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isFile() && e.name.endsWith(extension)).map((e) => e.name).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

async function readJson(root: string, file: string, problems: PackProblem[]): Promise<unknown> {
  try {
    return JSON.parse(await readFile(join(root, file), 'utf8'));
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    problems.push({ file, path: '', message: missing ? 'file is missing' : `unreadable JSON: ${(error as Error).message}` });
    return undefined;
  }
}

/** Definitions of one folder (forms/ or lookups/), each expected in a file named after its id. */
async function readDefinitions<T extends { id?: unknown }>(root: string, folder: string, problems: PackProblem[]) {
  const definitions: T[] = [];
  const files: string[] = [];
  for (const name of await filesIn(join(root, folder), '.json')) {
    const file = `${folder}/${name}`;
    const value = (await readJson(root, file, problems)) as T | undefined;
    if (value === undefined) continue;
    if (typeof value === 'object' && value !== null && typeof value.id === 'string' && `${value.id}.json` !== name) {
      problems.push({ file, path: '/id', message: `the file of "${value.id}" must be named ${value.id}.json` });
    }
    definitions.push(value);
    files.push(file);
  }
  return { definitions, files };
}

/**
 * Reads a country pack folder: `country.json`, `forms/*.json`, `lookups/*.json`, `locations/*.csv`. Other files
 * and folders (roles/, agencies.json, …) belong to other parts of the configuration and are ignored. Definitions
 * are returned as read; `validatePack` checks them.
 */
export async function loadPackFromDir(dir: string): Promise<LoadedPack> {
  const problems: PackProblem[] = [];
  const country = (await readJson(dir, COUNTRY_FILE, problems)) as CountryDefinition | undefined;
  const forms = await readDefinitions<FormDefinition>(dir, 'forms', problems);
  const lookups = await readDefinitions<LookupDefinition>(dir, 'lookups', problems);

  const csvFiles = await filesIn(join(dir, 'locations'), '.csv');
  const locations = [];
  for (const name of csvFiles) {
    const file = `locations/${name}`;
    const parsed = parseLocationsCsv(await readFile(join(dir, file), 'utf8'), file);
    locations.push(...parsed.nodes);
    problems.push(...parsed.problems);
  }

  return {
    pack: {
      country: country ?? null,
      forms: forms.definitions,
      lookups: lookups.definitions,
      locations,
      sources: { forms: forms.files, lookups: lookups.files, locations: csvFiles.length === 1 ? `locations/${csvFiles[0]}` : 'locations' },
    },
    problems,
  };
}
