import { RoleDefinition } from '@tutela/access';
import { CountryDefinition, FormDefinition, FormsEngine, LocationNode, LookupDefinition } from '@tutela/forms';
import { CompiledWorkflow, WorkflowDefinition, WorkflowRegistry, compileWorkflow } from '@tutela/workflow';
import { MatchingConfig, matchingConfigOf } from '../duplicates/matching-config';

/**
 * The configuration one process serves from: immutable, rebuilt whole when anything is published (so a request never
 * sees half of a publish). Validators compile lazily inside the FormsEngine and are cached per form version.
 */
export interface ConfigSnapshot {
  revision: number;
  country: CountryDefinition;
  forms: FormsEngine;
  roles: ReadonlyMap<string, RoleDefinition>;
  workflows: ReadonlyMap<string, CompiledWorkflow>;
  /** Duplicate detection (matching.json, or the defaults). */
  matching: MatchingConfig;
  /** Current version of every document, for exports and `GET /forms` listings. */
  versions: ReadonlyMap<string, number>;
}

export interface ConfigDocumentRow {
  kind: 'country' | 'form' | 'lookup' | 'role' | 'workflow' | 'matching';
  id: string;
  version: number;
  body: unknown;
}

export const WORKFLOW_REGISTRY = WorkflowRegistry.withBuiltins();

/** `rows` holds every version of forms (old versions stay readable) and the latest of everything else. */
export function buildSnapshot(revision: number, rows: ConfigDocumentRow[], locations: LocationNode[]): ConfigSnapshot {
  const latest = new Map<string, ConfigDocumentRow>();
  for (const row of rows) {
    const key = `${row.kind}:${row.id}`;
    if ((latest.get(key)?.version ?? 0) < row.version) latest.set(key, row);
  }
  const current = (kind: ConfigDocumentRow['kind']) => [...latest.values()].filter((r) => r.kind === kind);
  const country = current('country')[0]?.body as CountryDefinition | undefined;
  if (!country) throw new Error('No country configuration has been published');

  const forms = new FormsEngine({
    forms: rows.filter((r) => r.kind === 'form').map((r) => ({ ...(r.body as FormDefinition), version: r.version })),
    lookups: current('lookup').map((r) => r.body as LookupDefinition),
    locations,
  });
  const workflows = new Map<string, CompiledWorkflow>();
  for (const row of current('workflow')) {
    const { workflow, problems } = compileWorkflow(row.body as WorkflowDefinition, WORKFLOW_REGISTRY, { locales: country.locales });
    if (!workflow || problems.length) throw new Error(`Published workflow ${row.id} v${row.version} does not compile: ${problems.map((p) => p.message).join('; ')}`);
    workflows.set(row.id, workflow);
  }
  return {
    revision,
    country,
    forms,
    roles: new Map(current('role').map((r) => [r.id, r.body as RoleDefinition])),
    workflows,
    matching: matchingConfigOf(current('matching')[0]?.body),
    versions: new Map([...latest.values()].map((r) => [`${r.kind}:${r.id}`, r.version])),
  };
}
