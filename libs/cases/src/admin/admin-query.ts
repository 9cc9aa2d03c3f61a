import { DefinitionIssue } from '@tutela/access';
import { ErrorDetail, TutelaError } from '@tutela/common';

export const DEFAULT_PER = 50;
export const MAX_PER = 500;

export interface Paging {
  page: number;
  per: number;
}

/** `page` (≥ 1) and `per` (1..500) from a query string; anything else is 422 naming the parameter. */
export function parsePaging(raw: Record<string, unknown>, problems: ErrorDetail[]): Paging {
  return {
    page: positiveInt(raw, 'page', 1, Number.MAX_SAFE_INTEGER, problems),
    per: positiveInt(raw, 'per', DEFAULT_PER, MAX_PER, problems),
  };
}

function positiveInt(raw: Record<string, unknown>, name: string, fallback: number, max: number, problems: ErrorDetail[]): number {
  const value = raw[name];
  if (value === undefined || value === '') return fallback;
  const parsed = typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(parsed) || parsed < 1 || parsed > max) {
    problems.push({ path: `/${name}`, code: 'range', message: `${name} must be an integer from 1 to ${max}` });
    return fallback;
  }
  return parsed;
}

/** An optional text query parameter (a repeated parameter arrives as an array: refused, not guessed). */
export function optionalText(raw: Record<string, unknown>, name: string, pattern: RegExp, problems: ErrorDetail[]): string | undefined {
  const value = raw[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !pattern.test(value)) {
    problems.push({ path: `/${name}`, code: 'pattern', message: `${name} is not valid` });
    return undefined;
  }
  return value;
}

/** The access lib's definition issues as API error details (its Ajv messages already name the rule). */
export function issuesToDetails(issues: DefinitionIssue[]): ErrorDetail[] {
  return issues.map((issue) => ({ path: issue.path || '/', code: 'invalid', message: issue.message }));
}

export function throwIfProblems(problems: ErrorDetail[]): void {
  if (problems.length > 0) throw TutelaError.validation(problems);
}

/** PostgreSQL's unique_violation: two administrators creating the same id at once. */
export const isUniqueViolation = (error: unknown): boolean => (error as { code?: string } | null)?.code === '23505';

/** Admin resources named by a slug: anything else names nothing (404), like an unknown id. */
export const SLUG = /^[a-z][a-z0-9_]{0,62}$/;
