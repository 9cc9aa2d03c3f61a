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
 * The same scan for a new record (the submission is the whole data), which is also copied into `draft`, nulls left
 * out: a new record almost always gains derived values. The common case is a record whose keys are all fields of
 * one form that no other form reads: that form is the first key's, its generated copier copies the record, and a
 * count of the keys proves that none was left out, with no lookup per key. Any other record takes the general scan.
 */
export function scanNewRecord(record: Readonly<Data>, touches: TouchIndex, draft: RecordDraft, ctx: RecordCheckContext): TouchedForms {
  let first: TouchedForms | undefined;
  let keys = 0;
  let dropped = false;
  for (const name in record) {
    if (keys++ === 0) first = touches[name];
    if (record[name] === null) dropped = true;
  }
  const plan = first?.[0];
  if (plan?.standalone && plan.copyRecord) {
    const copy: Data = {};
    // The copier counts the form's fields the record holds (not undefined): as many as the keys means every key is
    // one of them and none is undefined, so the record touches this form alone (standalone) and nothing is unknown.
    if (plan.copyRecord(record, copy) === keys) {
      draft.adopt(copy, dropped);
      return first!;
    }
  }
  return scanAndCopy(record, touches, draft, ctx);
}

function scanAndCopy(record: Readonly<Data>, touches: TouchIndex, draft: RecordDraft, ctx: RecordCheckContext): TouchedForms {
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
