import { AgencyDefinition, RoleDefinition, UserAccountDefinition, UserGroupDefinition, validateAccessPack } from '@tutela/access';
import { CountryDefinition, FormDefinition, LocationNode, LookupDefinition, loadPackFromDir, validatePack } from '@tutela/forms';
import { WorkflowDefinition, loadWorkflowsFromDir } from '@tutela/workflow';
import { readFile, readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { validateMatchingConfig } from '../duplicates/matching-config';

/** Everything a country pack holds, as read from `form-definitions/<country>/` and `workflows/<country>/`. */
export interface PackContents {
  country: CountryDefinition;
  forms: FormDefinition[];
  lookups: LookupDefinition[];
  locations: LocationNode[];
  roles: RoleDefinition[];
  workflows: WorkflowDefinition[];
  agencies: AgencyDefinition[];
  userGroups: UserGroupDefinition[];
  demoUsers: UserAccountDefinition[];
  /** matching.json (duplicate detection); optional, the defaults apply without it. */
  matching?: unknown;
}

export interface PackReadResult {
  contents: PackContents | null;
  /** `file: path: message` lines; the service refuses to start while any exists. */
  problems: string[];
}

/** Reads and checks a whole country pack: forms (forms lib), roles and accounts (access lib), workflows (workflow lib). */
export async function readCountryPack(formDefinitionsDir: string, workflowsDir: string, country: string): Promise<PackReadResult> {
  const root = path.join(formDefinitionsDir, country);
  const problems: string[] = [];
  const report = (file: string, where: string, message: string) => problems.push(`${file}${where ? ` ${where}` : ''}: ${message}`);

  const loaded = await loadPackFromDir(root);
  for (const p of [...loaded.problems, ...validatePack(loaded.pack)]) report(p.file, p.path, p.message);

  const roles = await readJsonFolder<RoleDefinition>(path.join(root, 'roles'), problems);
  const agencies = (await readJsonFile<AgencyDefinition[]>(path.join(root, 'agencies.json'), problems)) ?? [];
  const userGroups = (await readJsonFile<UserGroupDefinition[]>(path.join(root, 'user-groups.json'), problems)) ?? [];
  const demoUsers = await readJsonFile<UserAccountDefinition[]>(path.join(root, 'demo-users.json'), problems, true);
  const matching = await readJsonFile<unknown>(path.join(root, 'matching.json'), problems, true);
  if (matching !== undefined) for (const p of validateMatchingConfig(matching)) report('matching.json', '', p);
  const accessIssues = validateAccessPack(
    {
      roles: roles.map((r) => ({ file: `roles/${r.file}`, definition: r.value })),
      agencies: { file: 'agencies.json', definition: agencies },
      userGroups: { file: 'user-groups.json', definition: userGroups },
      ...(demoUsers ? { users: { file: 'demo-users.json', definition: demoUsers } } : {}),
    },
    { knownFormIds: loaded.pack.forms.map((f) => f.id), knownLocationCodes: loaded.pack.locations.map((l) => l.code) },
  );
  for (const p of accessIssues) report(p.file ?? 'pack', p.path, p.message);

  const workflowResult = await loadWorkflowsFromDir(path.join(workflowsDir, country), { locales: loaded.pack.country?.locales });
  for (const p of workflowResult.problems) report(path.relative(process.cwd(), p.file ?? ''), p.path, p.message);

  if (problems.length > 0 || !loaded.pack.country) return { contents: null, problems };
  return {
    contents: {
      country: loaded.pack.country,
      forms: loaded.pack.forms,
      lookups: loaded.pack.lookups,
      locations: loaded.pack.locations,
      roles: roles.map((r) => r.value),
      workflows: workflowResult.workflows.map((w) => w.definition as WorkflowDefinition),
      agencies,
      userGroups,
      demoUsers: demoUsers ?? [],
      ...(matching !== undefined ? { matching } : {}),
    },
    problems,
  };
}

async function readJsonFolder<T>(dir: string, problems: string[]): Promise<Array<{ file: string; value: T }>> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  } catch {
    problems.push(`${dir}: folder is missing`);
    return [];
  }
  const out: Array<{ file: string; value: T }> = [];
  for (const name of names) {
    const value = await readJsonFile<T>(path.join(dir, name), problems);
    if (value !== undefined) out.push({ file: name, value });
  }
  return out;
}

async function readJsonFile<T>(file: string, problems: string[], optional = false): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    if (!(missing && optional)) problems.push(`${file}: ${missing ? 'file is missing' : (error as Error).message}`);
    return undefined;
  }
}
