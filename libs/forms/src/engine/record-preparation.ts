import { randomUUID } from 'node:crypto';
import { SUBFORM_ITEM_ID } from '../schema/form-schema.compiler';
import { isObject } from './calculations';
import type { FormPlan, ScopePlan } from './form-plan';
import type { RecordCheckContext } from './record-checks';
import { RecordDraft } from './record-draft';

type Data = Record<string, unknown>;

export const DATA_POINTER = '/data';

function tallyTotal(value: Readonly<Data>, buckets: readonly string[]): number {
  let total = 0;
  for (const bucket of buckets) {
    const count = value[bucket];
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
    const computed = field.calculate(draft.value, ctx.now);
    const sent = submitted?.[field.name];
    // Top level only: a value the client set that the server would not have computed is refused, not silently
    // replaced. Subform items are resent whole, so their stale derived values are simply recomputed.
    if (sent !== undefined && sent !== null && sent !== computed && (computed !== undefined || !field.manualFallback)) {
      ctx.fail(`${pointer}/${field.name}`, 'calculated_field');
    }
    if (computed !== undefined) draft.set(field.name, computed);
    else if (!field.manualFallback) draft.delete(field.name);
  }
  deriveTallies(plan, draft);
}

/** Recomputes the totals of a scope's tallies. */
export function deriveTallies(plan: ScopePlan, draft: RecordDraft): void {
  for (const { name, buckets } of plan.tallies) {
    const tally = draft.value[name];
    if (!isObject(tally)) continue;
    const total = tallyTotal(tally, buckets);
    if (tally.total !== total) draft.set(name, { ...tally, total });
  }
}

function prepareItem(item: unknown, plan: ScopePlan, ctx: RecordCheckContext): unknown {
  if (!isObject(item)) return item;
  const copy: Data = { [SUBFORM_ITEM_ID]: item[SUBFORM_ITEM_ID] ?? randomUUID() };
  for (const key in item) if (item[key] !== null && key !== SUBFORM_ITEM_ID) copy[key] = item[key];
  // The item is a fresh copy already: derived values go straight into it.
  const draft = new RecordDraft(item);
  draft.adopt(copy, true);
  derive(plan, draft, null, '', ctx);
  return draft.result;
}

/**
 * The record data as it will be stored (the scan of the submitted keys already removed the keys the patch sets to
 * null): items of submitted subforms get a `unique_id` when they have none, and the touched forms' calculated fields
 * and tally totals are recomputed. The caller's objects are never mutated; when nothing changes, the caller's data
 * itself is returned.
 */
export function prepareRecord(draft: RecordDraft, submitted: Readonly<Data>, plans: readonly FormPlan[], ctx: RecordCheckContext): Data {
  for (const plan of plans) {
    for (const subform of plan.scope.subforms) {
      const items = draft.value[subform.name];
      if (submitted[subform.name] !== undefined && Array.isArray(items)) {
        draft.set(subform.name, items.map((item) => prepareItem(item, subform.scope, ctx)));
      }
    }
  }
  for (const plan of plans) {
    if (plan.deriveRecord) plan.deriveRecord(draft, submitted, ctx);
    else derive(plan.scope, draft, submitted, DATA_POINTER, ctx);
  }
  return draft.result;
}
