import { diffCaseData } from './case-merge';
import { CaseData, FieldChanges } from './case.types';

/**
 * A create event stores the data it set under this key instead of `{field: {from: null, to}}` per field: the same
 * information without a second, larger copy of the data, and written from the statement's own parameter (nothing
 * diffed or serialised twice per create). Field names are lower-case identifiers, so no field can be called so.
 */
export const INITIAL_DATA_KEY = '$initial';

/** `case_events.changes` as stored: a diff, or (creates since 2026-12-07) the initial data. */
export type StoredChanges = FieldChanges | { [INITIAL_DATA_KEY]: CaseData };

/** The diff an event stands for: a create's initial data is the diff from nothing (what `diffCaseData` gives). */
export function eventChanges(stored: StoredChanges, subformFields: ReadonlySet<string>): FieldChanges {
  const initial = (stored as { [INITIAL_DATA_KEY]?: CaseData })[INITIAL_DATA_KEY];
  return initial ? diffCaseData({}, initial, subformFields) : (stored as FieldChanges);
}

/** The data of version 1, from a create event in either form. */
export function initialData(stored: StoredChanges): CaseData {
  const initial = (stored as { [INITIAL_DATA_KEY]?: CaseData })[INITIAL_DATA_KEY];
  return initial ?? Object.fromEntries(Object.entries(stored as FieldChanges).map(([field, change]) => [field, change.to]));
}
