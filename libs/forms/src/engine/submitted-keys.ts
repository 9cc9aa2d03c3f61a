import type { FormPlan } from './form-plan';
import type { RecordCheckContext } from './record-checks';
import type { RecordDraft } from './record-draft';
import { DATA_POINTER } from './record-preparation';

type Data = Record<string, unknown>;

/**
 * The forms a submitted top-level field touches: the form defining it first, then the forms whose conditions or
 * calculations read it. Fields that lead to the same forms share one array, so a scan compares references.
 */
export type TouchedForms = readonly FormPlan[];

/** By field name; a prototype-less dictionary, which V8 looks up faster than a Map on this hot path. */
export type TouchIndex = Readonly<Record<string, TouchedForms | undefined>>;

const NO_FORMS: TouchedForms = [];

// These scans run on every case write: one lookup per submitted key, and the forms touched so far are merged with
// a key's forms only when they differ from the previous key's (consecutive keys mostly belong to one form). The
// result is the shared array of the first key's forms until another form joins, so most writes allocate nothing.
function addTouched(plans: TouchedForms, touched: TouchedForms): TouchedForms {
  if (plans.length === 0) return touched;
  let merged: FormPlan[] | undefined;
  for (const plan of touched) if (!plans.includes(plan)) (merged ??= [...plans]).push(plan);
  return merged ?? plans;
}

/**
 * The forms a patch touches, reporting its unknown keys; a null in the patch removes the key from `draft`
 * (JSON merge patch).
 */
export function scanPatch(patch: Readonly<Data>, touches: TouchIndex, draft: RecordDraft, ctx: RecordCheckContext): TouchedForms {
  let plans = NO_FORMS;
  let previous: TouchedForms | undefined;
  for (const name in patch) {
    if (patch[name] === null) draft.delete(name);
    const touched = touches[name];
    if (touched === undefined) ctx.unknownField(DATA_POINTER, name);
    else if (touched !== previous) {
      plans = addTouched(plans, touched);
      previous = touched;
    }
  }
  return plans;
}

/**
 * The same scan for a new record (the submission is the whole data), which the same pass copies into `draft`,
 * nulls left out: a new record almost always gains derived values, and one pass over its keys costs less than a
 * scan followed by a copy.
 */
export function scanNewRecord(record: Readonly<Data>, touches: TouchIndex, draft: RecordDraft, ctx: RecordCheckContext): TouchedForms {
  const copy: Data = {};
  let dropped = false;
  let plans = NO_FORMS;
  let previous: TouchedForms | undefined;
  for (const name in record) {
    const value = record[name];
    const touched = touches[name];
    if (touched === undefined) ctx.unknownField(DATA_POINTER, name);
    else if (touched !== previous) {
      plans = addTouched(plans, touched);
      previous = touched;
    }
    if (value === null) dropped = true;
    else copy[name] = value;
  }
  draft.adopt(copy, dropped);
  return plans;
}
