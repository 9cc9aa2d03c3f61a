import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  CaseSnapshot,
  CompileOptions,
  CompiledWorkflow,
  TransitionContext,
  WorkflowRegistry,
  compileWorkflow,
} from '@tutela/workflow';

/** Shared helpers for the workflow specs: fixtures, a compiled workflow, a case and a context with chosen rights. */
export const FIXTURES_DIR = __dirname;
export const REPO_ROOT = path.resolve(__dirname, '../../..');

export const readFixture = (relativePath: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path.join(FIXTURES_DIR, relativePath), 'utf8')) as Record<string, unknown>;

export function compileOrFail(definition: unknown, registry = WorkflowRegistry.withBuiltins(), options: CompileOptions = {}): CompiledWorkflow {
  const { workflow, problems } = compileWorkflow(definition, registry, options);
  if (!workflow) throw new Error(`Expected a valid workflow, got: ${JSON.stringify(problems, null, 2)}`);
  return workflow;
}

export const NOW = new Date('2026-03-10T09:30:00.000Z');

export function makeContext(
  options: { actorId?: string; now?: Date; locale?: string; timeZone?: string; permissions?: string[]; completeForms?: string[] } = {},
): TransitionContext {
  const permissions = new Set(options.permissions ?? []);
  const completeForms = new Set(options.completeForms ?? []);
  return {
    actorId: options.actorId ?? 'worker-1',
    now: options.now ?? NOW,
    locale: options.locale ?? 'en',
    ...(options.timeZone ? { timeZone: options.timeZone } : {}),
    can: (permission) => permissions.has(permission),
    isFormComplete: (formId) => completeForms.has(formId),
  };
}

export function makeSnapshot(overrides: Partial<CaseSnapshot> = {}): CaseSnapshot {
  return { state: 'open', data: {}, ownerId: 'worker-1', approvals: {}, ...overrides };
}

export const hours = (n: number): number => n * 3600 * 1000;
