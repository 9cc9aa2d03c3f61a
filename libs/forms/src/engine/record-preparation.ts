import { randomUUID } from 'node:crypto';
import type { FieldDefinition } from '../definitions/form-definition.types';
import { SUBFORM_ITEM_ID } from '../schema/form-schema.compiler';
import { calculateField, isObject } from './calculations';
import type { FormPlan, ScopePlan } from './form-plan';
import type { RecordCheckContext } from './record-checks';

type Data = Record<string, unknown>;

export const DATA_POINTER = '/data';

/**
 * Copy-on-write view of the record data: the caller's object is copied on the first real change only, so a patch
 * that changes nothing derived costs no copy of a large record. Object.assign rather than spread: adding a key to a
 * spread clone gives every record its own hidden class and makes the Ajv validator several times slower on it.
 */
class RecordDraft {
  private owned = false;

  constructor(public value: Data) {}

  set(name: string, next: unknown): void {
    if (this.value[name] === next) return;
    this.own()[name] = next;
  }

  delete(name: string): void {
    if (name in this.value) delete this.own()[name];
  }

  private own(): Data {
    if (!this.owned) {
      this.value = Object.assign({}, this.value);
      this.owned = true;
    }
    return this.value;
  }
}

function tallyTotal(value: Readonly<Data>, field: FieldDefinition): number {
  let total = 0;
  for (const bucket of field.buckets ?? []) {
    const count = value[bucket.id];
    if (typeof count === 'number') total += count;
  }
  return total;
}

/**
 * Recomputes a scope's calculated fields and tally totals. `submitted` is the client's patch at the top level,
 * null inside subform items.
 */
function derive(plan: ScopePlan, draft: RecordDraft, submitted: Readonly<Data> | null, pointer: string, ctx: RecordCheckContext): void {
  for (const field of plan.calculated) {
    const computed = calculateField(field, draft.value, ctx.now);
    const sent = submitted?.[field.name];
    // Top level only: a value the client set that the server would not have computed is refused, not silently
    // replaced. Subform items are resent whole, so their stale derived values are simply recomputed.
    if (sent !== undefined && sent !== null && sent !== computed && (computed !== undefined || !field.manualFallback)) {
      ctx.fail(`${pointer}/${field.name}`, 'calculated_field');
    }
    if (computed !== undefined) draft.set(field.name, computed);
    else if (!field.manualFallback) draft.delete(field.name);
  }
  for (const field of plan.tallies) {
    const tally = draft.value[field.name];
    if (!isObject(tally)) continue;
    const total = tallyTotal(tally, field);
    if (tally.total !== total) draft.set(field.name, { ...tally, total });
  }
}

function prepareItem(item: unknown, plan: ScopePlan, ctx: RecordCheckContext): unknown {
  if (!isObject(item)) return item;
  const copy: Data = { [SUBFORM_ITEM_ID]: item[SUBFORM_ITEM_ID] ?? randomUUID() };
  for (const key in item) if (item[key] !== null && key !== SUBFORM_ITEM_ID) copy[key] = item[key];
  derive(plan, new RecordDraft(copy), null, '', ctx);
  return copy;
}

/**
 * The record data as it will be stored: `null` in the patch removes the key (JSON merge patch), items of submitted
 * subforms get a `unique_id` when they have none, and the touched forms' calculated fields and tally totals are
 * recomputed. The caller's objects are never mutated; when nothing changes, `data` itself is returned.
 * `clears` tells whether the patch holds any null.
 */
export function prepareRecord(data: Readonly<Data>, submitted: Readonly<Data>, plans: readonly FormPlan[], clears: boolean, ctx: RecordCheckContext): Data {
  const draft = new RecordDraft(data as Data);
  if (clears) for (const key in submitted) if (submitted[key] === null) draft.delete(key);
  for (const plan of plans) {
    for (const subform of plan.scope.subforms) {
      const items = draft.value[subform.name];
      if (submitted[subform.name] !== undefined && Array.isArray(items)) {
        draft.set(subform.name, items.map((item) => prepareItem(item, subform.scope, ctx)));
      }
    }
  }
  for (const plan of plans) derive(plan.scope, draft, submitted, DATA_POINTER, ctx);
  return draft.value;
}
