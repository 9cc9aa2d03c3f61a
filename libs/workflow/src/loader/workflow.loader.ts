import { readFile, readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { CompiledWorkflow } from '../compile/compiled-workflow.types';
import { compileWorkflow } from '../compile/workflow.compiler';
import { WorkflowProblem } from '../definition/workflow-problem.types';
import { isRecord } from '../compile/loose-access';
import { WorkflowRegistry } from '../registry/workflow.registry';

export interface LoadWorkflowsOptions {
  /** Guards and actions the files may use (default: the built-ins). */
  registry?: WorkflowRegistry;
  /** Locales every label must carry (default: en and fr). */
  locales?: readonly string[];
  /** When given, `dir` is the root of all packs and the files are read from `dir/<country>/`. */
  country?: string;
}

export interface LoadWorkflowsResult {
  /** The workflows of the files that have no problem. */
  workflows: CompiledWorkflow[];
  /** Every problem of every file; the service should refuse to start unless it is empty. */
  problems: WorkflowProblem[];
}

/**
 * Reads and compiles every `*.json` of a country's workflow folder. Each file holds one workflow whose `id` is the
 * file name, which keeps ids unique and lets exports and the admin API write a workflow back to the same place.
 */
export async function loadWorkflowsFromDir(dir: string, options: LoadWorkflowsOptions = {}): Promise<LoadWorkflowsResult> {
  const folder = options.country ? path.join(dir, options.country) : dir;
  const registry = options.registry ?? WorkflowRegistry.withBuiltins();
  let names: string[];
  try {
    names = (await readdir(folder)).filter((name) => name.endsWith('.json')).sort();
  } catch (error) {
    return { workflows: [], problems: [{ file: folder, path: '', code: 'unreadable_file', message: (error as Error).message }] };
  }
  const workflows: CompiledWorkflow[] = [];
  const problems: WorkflowProblem[] = [];
  for (const name of names) {
    const file = path.join(folder, name);
    const parsed = await readJson(file);
    if ('problem' in parsed) {
      problems.push(parsed.problem);
      continue;
    }
    const fileProblems = identityProblems(parsed.value, file);
    const result = compileWorkflow(parsed.value, registry, { file, ...(options.locales ? { locales: options.locales } : {}) });
    fileProblems.push(...result.problems);
    problems.push(...fileProblems);
    if (result.workflow && fileProblems.length === 0) workflows.push(result.workflow);
  }
  return { workflows, problems };
}

async function readJson(file: string): Promise<{ value: unknown } | { problem: WorkflowProblem }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { problem: { file, path: '', code: 'unreadable_file', message: (error as Error).message } };
  }
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return { problem: { file, path: '', code: 'invalid_json', message: (error as Error).message } };
  }
}

function identityProblems(definition: unknown, file: string): WorkflowProblem[] {
  if (!isRecord(definition) || typeof definition.id !== 'string') return [];
  const expected = path.basename(file, '.json');
  if (definition.id === expected) return [];
  return [{ file, path: '/id', code: 'id_mismatch', message: `id "${definition.id}" differs from the file name "${expected}.json"` }];
}
