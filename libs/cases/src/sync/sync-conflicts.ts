import { SUBFORM_ITEM_ID } from '@tutela/forms';
import { isDeepStrictEqual } from 'node:util';
import { DESTROY_KEY, mergeCaseData } from '../cases/case-merge';
import { CaseData, FieldChanges } from '../cases/case.types';

type Item = Record<string, unknown>;
const isItem = (value: unknown): value is Item => typeof value === 'object' && value !== null && !Array.isArray(value);

/** What one side changed in one field: the whole value, or some keys of some subform items (by unique_id). */
type Touched = { kind: 'whole' } | { kind: 'items'; items: Map<string, Set<string> | 'whole'> };

/** A field (or one subform item of it) both the server and the tablet changed since the tablet's base version. */
export interface SyncConflict {
  field: string;
  /** The subform item both sides changed (the rest of that subform merged fine). */
  itemId?: string;
  /** For an item: the item keys both sides changed (empty when one side added or removed the whole item). */
  keys?: string[];
  /** The current server value (the field, or the item; null when the item no longer exists). */
  server: unknown;
  /** What the tablet sent for it. */
  client: unknown;
}

/** One history event after the tablet's base version. */
export interface ServerEvent {
  version: number | null;
  changes: FieldChanges;
}

/**
 * Three-way comparison of an offline edit against the server: the base is the version the tablet edited, the server
 * side is what history events after it changed, the client side is the patch. A field (or subform item key) changed
 * on both sides is a conflict, unless both sides converged on the same value (the tablet retrying, or two people
 * making the same correction). Everything else merges. Pure: the caller loads the events.
 */
export function findConflicts(input: {
  current: CaseData;
  patch: CaseData;
  events: ServerEvent[];
  subformFields: ReadonlySet<string>;
}): SyncConflict[] {
  const { current, patch, events, subformFields } = input;
  const server = serverTouched(events, subformFields);
  const conflicts: SyncConflict[] = [];
  for (const [field, clientValue] of Object.entries(patch)) {
    const serverSide = server.get(field);
    if (!serverSide) continue;
    const clientSide = clientTouched(field, clientValue, subformFields);
    if (serverSide.kind === 'whole' || clientSide.kind === 'whole') {
      if (!converges(current, { [field]: clientValue }, field, subformFields)) conflicts.push({ field, server: current[field] ?? null, client: clientValue });
      continue;
    }
    for (const [itemId, clientKeys] of clientSide.items) {
      const serverKeys = serverSide.items.get(itemId);
      if (!serverKeys) continue;
      const keys = clientKeys === 'whole' || serverKeys === 'whole' ? [] : [...clientKeys].filter((k) => serverKeys.has(k));
      if (clientKeys !== 'whole' && serverKeys !== 'whole' && keys.length === 0) continue;
      const clientItem = (clientValue as Item[]).find((item) => isItem(item) && item[SUBFORM_ITEM_ID] === itemId);
      if (converges(current, { [field]: [clientItem] }, field, subformFields)) continue;
      const serverItem = Array.isArray(current[field]) ? (current[field] as Item[]).find((item) => isItem(item) && item[SUBFORM_ITEM_ID] === itemId) : undefined;
      conflicts.push({ field, itemId, keys, server: serverItem ?? null, client: clientItem });
    }
  }
  return conflicts;
}

/** Whether the history after the base covers every version up to `current` (otherwise nothing can be proven). */
export function historyIsComplete(events: ServerEvent[], baseVersion: number, currentVersion: number): boolean {
  const seen = new Set(events.map((event) => event.version).filter((v): v is number => typeof v === 'number'));
  for (let v = baseVersion + 1; v <= currentVersion; v++) if (!seen.has(v)) return false;
  return true;
}

/** Applying the tablet's value to the current data changes nothing: both sides already agree. */
function converges(current: CaseData, patch: CaseData, field: string, subformFields: ReadonlySet<string>): boolean {
  const merged = mergeCaseData(current, patch, subformFields);
  return isDeepStrictEqual(merged[field] ?? null, current[field] ?? null);
}

function serverTouched(events: ServerEvent[], subformFields: ReadonlySet<string>): Map<string, Touched> {
  const touched = new Map<string, Touched>();
  for (const event of events) {
    for (const [field, change] of Object.entries(event.changes ?? {})) {
      const before = touched.get(field);
      if (before?.kind === 'whole') continue;
      if (!subformFields.has(field) || !Array.isArray(change?.from) || !Array.isArray(change?.to)) {
        touched.set(field, { kind: 'whole' });
        continue;
      }
      const items = before?.kind === 'items' ? before.items : new Map<string, Set<string> | 'whole'>();
      addItemChanges(items, change.from as unknown[], change.to as unknown[]);
      touched.set(field, { kind: 'items', items });
    }
  }
  return touched;
}

/** A subform diff lists changed items before and after: keys that differ, or the whole item when added or removed. */
function addItemChanges(items: Map<string, Set<string> | 'whole'>, from: unknown[], to: unknown[]): void {
  const byId = (list: unknown[]) => new Map(list.filter(isItem).map((item) => [String(item[SUBFORM_ITEM_ID]), item]));
  const before = byId(from);
  const after = byId(to);
  for (const id of new Set([...before.keys(), ...after.keys()])) {
    const a = before.get(id);
    const b = after.get(id);
    if (!a || !b) {
      items.set(id, 'whole');
      continue;
    }
    const existing = items.get(id);
    if (existing === 'whole') continue;
    const keys = existing ?? new Set<string>();
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) if (!isDeepStrictEqual(a[key], b[key])) keys.add(key);
    items.set(id, keys);
  }
}

function clientTouched(field: string, value: unknown, subformFields: ReadonlySet<string>): Touched {
  if (!subformFields.has(field) || !Array.isArray(value) || !value.every(isItem)) return { kind: 'whole' };
  const items = new Map<string, Set<string> | 'whole'>();
  for (const item of value as Item[]) {
    const id = item[SUBFORM_ITEM_ID];
    // An item without an id is new: nobody else can have changed it.
    if (typeof id !== 'string') continue;
    if (item[DESTROY_KEY] === true) items.set(id, 'whole');
    else items.set(id, new Set(Object.keys(item).filter((key) => key !== SUBFORM_ITEM_ID)));
  }
  return { kind: 'items', items };
}
