import { randomUUID } from 'node:crypto';
import type { FieldDefinition } from '../definitions/form-definition.types';
import { SUBFORM_ITEM_ID } from '../schema/form-schema.compiler';
import { calculateField, isObject } from './calculations';
import type { FormPlan, ScopePlan } from './form-plan';
import type { RecordCheckContext } from './record-checks';

type Data = Record<string, unknown>;

export const DATA_POINTER = '/data';

function withTotal(value: unknown, field: FieldDefinition): unknown {
  if (!isObject(value)) return value;
  let total = 0;
  for (const bucket of field.buckets ?? []) {
    const count = value[bucket.id];
    if (typeof count === 'number') total += count;
  }
  return { ...value, total };
}

/**
 * Recomputes a scope's calculated fields and tally totals in place (the scope is already a private copy).
 * `submitted` is the client's patch at the top level, null inside subform items.
 */
function derive(plan: ScopePlan, scope: Data, submitted: Readonly<Data> | null, pointer: string, ctx: RecordCheckContext): void {
  for (const field of plan.calculated) {
    const computed = calculateField(field, scope, ctx.now);
    const sent = submitted?.[field.name];
    // Top level only: a value the client set that the server would not have computed is refused, not silently
    // replaced. Subform items are resent whole, so their stale derived values are simply recomputed.
    if (sent !== undefined && sent !== null && sent !== computed && (computed !== undefined || !field.manualFallback)) {
      ctx.fail(`${pointer}/${field.name}`, 'calculated_field');
    }
    if (computed !== undefined) scope[field.name] = computed;
    else if (!field.manualFallback && field.name in scope) delete scope[field.name];
  }
  for (const field of plan.tallies) {
    if (scope[field.name] !== undefined) scope[field.name] = withTotal(scope[field.name], field);
  }
}

function prepareItem(item: unknown, plan: ScopePlan, ctx: RecordCheckContext): unknown {
  if (!isObject(item)) return item;
  const copy: Data = { [SUBFORM_ITEM_ID]: item[SUBFORM_ITEM_ID] ?? randomUUID() };
  for (const key in item) if (item[key] !== null && key !== SUBFORM_ITEM_ID) copy[key] = item[key];
  derive(plan, copy, null, '', ctx);
  return copy;
}

/**
 * The record data as it will be stored: `null` in the patch removes the key (JSON merge patch), items of submitted
 * subforms get a `unique_id` when they have none, and the touched forms' calculated fields and tally totals are
 * recomputed. The caller's objects are never mutated. `clears` tells whether the patch holds any null.
 */
export function prepareRecord(data: Readonly<Data>, submitted: Readonly<Data>, plans: readonly FormPlan[], clears: boolean, ctx: RecordCheckContext): Data {
  // Object.assign, not spread: adding a calculated key to a spread clone gives every record its own hidden class
  // and makes the Ajv validator run several times slower on it.
  const out: Data = Object.assign({}, data);
  if (clears) for (const key in submitted) if (submitted[key] === null) delete out[key];
  for (const plan of plans) {
    for (const subform of plan.scope.subforms) {
      const items = out[subform.name];
      if (submitted[subform.name] !== undefined && Array.isArray(items)) {
        out[subform.name] = items.map((item) => prepareItem(item, subform.scope, ctx));
      }
    }
  }
  for (const plan of plans) derive(plan.scope, out, submitted, DATA_POINTER, ctx);
  return out;
}
