import { CountryDefinition, FormDefinition, LocationNode, LookupDefinition } from '@tutela/forms';
import { ErrorDetail } from '@tutela/common';
import { compileWorkflow } from '@tutela/workflow';
import { validateMatchingConfig } from '../duplicates/matching-config';
import { checksumOf } from './canonical-json';
import { PublishDocument } from './config-publisher.service';
import { problem, problemDetails } from './config-problems';
import { ConfigSnapshot, WORKFLOW_REGISTRY } from './config-snapshot';
import { planLocationImport } from './location-import-plan';
import { checkPackWith, removedOptions } from './pack-check';

export interface BundleContents {
  documents: PublishDocument[];
  locations: LocationNode[];
  problems: ErrorDetail[];
}

type Kind = PublishDocument['kind'];
const JSON_FILE = /^(forms|lookups|roles|workflows)\/([a-z][a-z0-9_]{0,63})\.json$/;
const FOLDER_KIND: Record<string, Kind> = { forms: 'form', lookups: 'lookup', roles: 'role', workflows: 'workflow' };
const CSV_FILE = /^locations\/[a-z0-9_-]{1,64}\.csv$/;

/**
 * Reads and checks a configuration bundle (`{"files": {"country.json": …, "forms/<id>.json": …}}`, the pack layout)
 * against the current configuration: every problem of every file, nothing trusted before all of it passed. Files
 * the bundle leaves out keep their current version (a bundle never deletes). Roles are compared, not published:
 * role changes go through /admin/roles, whose escalation checks a bundle cannot be trusted to repeat.
 *
 * `current` maps `kind:id` to the checksum of the latest stored version.
 */
export function readBundle(files: Record<string, unknown>, snapshot: ConfigSnapshot, current: ReadonlyMap<string, string>): BundleContents {
  const problems: ErrorDetail[] = [];
  const documents: PublishDocument[] = [];
  let locations: LocationNode[] = [];
  const forms: Array<{ form: FormDefinition; file: string }> = [];
  const lookups: Array<{ lookup: LookupDefinition; file: string }> = [];
  let country: CountryDefinition | undefined;

  for (const [file, raw] of Object.entries(files)) {
    if (CSV_FILE.test(file)) {
      if (typeof raw !== 'string') problems.push(problem(file, '/', 'a location file is CSV text', 'type'));
      else {
        const plan = planLocationImport(raw, snapshot.forms.locations.nodes, file);
        problems.push(...problemDetails(plan.problems, 'invalid_csv'));
        locations = plan.changes;
      }
      continue;
    }
    const body = jsonBody(file, raw, problems);
    if (body === undefined) continue;
    const match = JSON_FILE.exec(file);
    if (file === 'country.json') {
      if (body.id !== snapshot.country.id) problems.push(problem(file, '/id', `this instance serves "${snapshot.country.id}"`, 'const'));
      country = body as unknown as CountryDefinition;
      documents.push({ kind: 'country', id: snapshot.country.id, body });
    } else if (file === 'matching.json') {
      for (const line of validateMatchingConfig(body)) problems.push(matchingProblem(file, line));
      documents.push({ kind: 'matching', id: snapshot.country.id, body });
    } else if (!match) {
      problems.push(problem(file, '/', 'unknown file: expected country.json, matching.json, forms/, lookups/, roles/, workflows/<id>.json or locations/<name>.csv', 'unknown_file'));
    } else if (body.id !== match[2]) {
      problems.push(problem(file, '/id', `the id must be "${match[2]}", the file's name`, 'const'));
    } else {
      const kind = FOLDER_KIND[match[1]];
      const id = match[2];
      if (kind === 'role') {
        if (current.get(`role:${id}`) !== checksumOf(body)) problems.push(problem(file, '/', 'roles change through /admin/roles (with its escalation checks), not through a bundle', 'role_change_refused'));
      } else if (kind === 'workflow') {
        const { problems: found } = compileWorkflow(body, WORKFLOW_REGISTRY, { locales: (country ?? snapshot.country).locales });
        problems.push(...found.map((p) => problem(file, p.path || '/', p.message, p.code)));
        documents.push({ kind, id, body });
      } else if (kind === 'form') {
        const { version: _numberedByTheDatabase, ...stored } = body;
        const before = snapshot.forms.getForm(id);
        forms.push({ form: { ...stored, version: (before?.version ?? 0) + 1 } as unknown as FormDefinition, file });
        for (const field of before?.fields ?? []) {
          const after = Array.isArray(stored.fields) ? (stored.fields as FormDefinition['fields']).find((f) => f?.name === field.name) : undefined;
          for (const option of removedOptions(field.options, after?.options)) problems.push(problem(file, '/fields', `option "${option}" of "${field.name}" may be in stored data: disable it instead`, 'option_removed'));
        }
        documents.push({ kind, id, body: stored });
      } else {
        const before = snapshot.forms.lookup(id);
        if (before?.locked && current.get(`lookup:${id}`) !== checksumOf(body)) problems.push(problem(file, '/locked', 'locked lookups cannot be changed', 'locked'));
        for (const option of removedOptions(before?.options, (body as unknown as LookupDefinition).options)) {
          problems.push(problem(file, '/options', `option "${option}" may be in stored data: disable it instead`, 'option_removed'));
        }
        lookups.push({ lookup: body as unknown as LookupDefinition, file });
        documents.push({ kind, id, body });
      }
    }
  }
  problems.push(...problemDetails(checkPackWith(snapshot, { country, forms, lookups })));
  return { documents, locations, problems };
}

function jsonBody(file: string, raw: unknown, problems: ErrorDetail[]): Record<string, unknown> | undefined {
  let value = raw;
  if (typeof raw === 'string' && file.endsWith('.json')) {
    try {
      value = JSON.parse(raw);
    } catch (error) {
      problems.push(problem(file, '/', `not JSON: ${(error as Error).message}`, 'json'));
      return undefined;
    }
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    problems.push(problem(file, '/', file.endsWith('.json') ? 'expected a JSON object' : 'unknown file', file.endsWith('.json') ? 'type' : 'unknown_file'));
    return undefined;
  }
  return value as Record<string, unknown>;
}

function matchingProblem(file: string, line: string): ErrorDetail {
  const at = line.indexOf(': ');
  return problem(file, at > 0 ? line.slice(0, at) : '/', at > 0 ? line.slice(at + 2) : line, 'invalid_definition');
}
