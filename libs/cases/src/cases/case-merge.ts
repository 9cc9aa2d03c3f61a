import { SUBFORM_ITEM_ID } from '@tutela/forms';
import { CaseData, FieldChanges } from './case.types';

/** Subform items marked so are removed by a PATCH (Primero's convention). */
export const DESTROY_KEY = '_destroy';

type Item = Record<string, unknown>;
const isItem = (value: unknown): value is Item => typeof value === 'object' && value !== null && !Array.isArray(value);
const isItemArray = (value: unknown): value is Item[] => Array.isArray(value) && value.every(isItem);

/**
 * Applies a PATCH to stored data. Top-level: a value replaces, `null` removes. Subform arrays merge item by item on
 * `unique_id` (fields of a matched item merge the same way; an item with `_destroy: true` is removed; an item with no
 * or an unknown id is appended), so two tablets editing different items of the same subform never overwrite each
 * other and a client never has to send what it cannot read.
 */
export function mergeCaseData(stored: CaseData, patch: CaseData, subformFields: ReadonlySet<string>): CaseData {
  const merged: CaseData = { ...stored };
  for (const [field, value] of Object.entries(patch)) {
    if (value === null) delete merged[field];
    else if (subformFields.has(field) && isItemArray(value)) merged[field] = mergeItems(isItemArray(stored[field]) ? stored[field] : [], value);
    else merged[field] = value;
  }
  return merged;
}

function mergeItems(stored: Item[], patch: Item[]): Item[] {
  const result = stored.map((item) => ({ ...item }));
  for (const incoming of patch) {
    const id = incoming[SUBFORM_ITEM_ID];
    const index = typeof id === 'string' ? result.findIndex((item) => item[SUBFORM_ITEM_ID] === id) : -1;
    if (incoming[DESTROY_KEY] === true) {
      if (index >= 0) result.splice(index, 1);
      continue;
    }
    if (index < 0) {
      result.push(withoutNulls(incoming));
      continue;
    }
    const item = result[index];
    for (const [key, value] of Object.entries(incoming)) {
      if (value === null) delete item[key];
      else item[key] = value;
    }
  }
  return result;
}

function withoutNulls(item: Item): Item {
  return Object.fromEntries(Object.entries(item).filter(([, value]) => value !== null));
}

/** Field-level differences between two versions of `data`, subform items compared by id. */
export function diffCaseData(before: CaseData, after: CaseData, subformFields: ReadonlySet<string>): FieldChanges {
  const changes: FieldChanges = {};
  for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const from = before[field];
    const to = after[field];
    if (subformFields.has(field) && (isItemArray(from) || isItemArray(to))) {
      const itemChanges = diffItems(isItemArray(from) ? from : [], isItemArray(to) ? to : []);
      if (itemChanges) changes[field] = itemChanges;
    } else if (!sameValue(from, to)) {
      changes[field] = { from: from ?? null, to: to ?? null };
    }
  }
  return changes;
}

function diffItems(before: Item[], after: Item[]): { from: Item[]; to: Item[] } | null {
  const beforeById = new Map(before.map((item) => [item[SUBFORM_ITEM_ID], item]));
  const afterById = new Map(after.map((item) => [item[SUBFORM_ITEM_ID], item]));
  const from = before.filter((item) => !sameValue(item, afterById.get(item[SUBFORM_ITEM_ID])));
  const to = after.filter((item) => !sameValue(item, beforeById.get(item[SUBFORM_ITEM_ID])));
  return from.length || to.length ? { from, to } : null;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return keysA.length === keysB.length && keysA.every((k) => sameValue((a as Item)[k], (b as Item)[k]));
}
