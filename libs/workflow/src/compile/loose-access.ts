/**
 * Readers for a definition that may not match the schema yet. The checks run on every file, valid or not, so the
 * loader can list every problem at once; these helpers let them skip malformed parts instead of crashing on them.
 */
export type LooseRecord = Record<string, unknown>;

export const isRecord = (value: unknown): value is LooseRecord =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const asString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The records of an array with their original index (for JSON pointers), skipping anything else. */
export function recordsOf(value: unknown): Array<[number, LooseRecord]> {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item, index): Array<[number, LooseRecord]> => (isRecord(item) ? [[index, item]] : []));
}

/** `from` of a transition as (state, pointer suffix) pairs, whether written as one state or a list. */
export function fromStates(value: unknown): Array<[string, string]> {
  if (typeof value === 'string') return [[value, '']];
  if (!Array.isArray(value)) return [];
  return value.flatMap((item, index): Array<[string, string]> => (typeof item === 'string' ? [[item, `/${index}`]] : []));
}
