import type { CalculatedField, ScopePlan } from './form-plan';
import { checkDisabledOption, checkLocation, checkSubforms, isFuture, type RecordCheckContext } from './record-checks';
import type { RecordDraft } from './record-draft';
import { deriveTallies } from './record-preparation';

// Functions generated once per form version for the per-write hot path. Named reads and writes in a fixed order are
// monomorphic: a fraction of the cost of loops over names (whose keyed loads and stores V8 handles
// megamorphically), and every copy of a form's records shares one hidden class, which keeps the Ajv validator's
// inline caches monomorphic too. Names come from configuration, so they enter the code as JSON string literals only,
// and a name `Object.prototype` has would read an inherited value or set the prototype (definitions built in code
// skip the meta-schema): a form with such a name gets no generated function and takes the general path.

type Data = Record<string, unknown>;

const plainNames = (names: readonly string[]): boolean => names.every((name) => !(name in Object.prototype));

/**
 * Copies the record's values of one form's top-level fields into `copy`, nulls left out, and returns how many of
 * those fields the record holds (nulls included): when that equals the record's key count, every key was a field.
 */
export type RecordCopier = (record: Readonly<Data>, copy: Data) => number;

export function compileCopier(names: readonly string[]): RecordCopier | undefined {
  if (!plainNames(names)) return undefined;
  const body = names.map((name) => {
    const key = JSON.stringify(name);
    return `v = r[${key}]; if (v !== undefined) { n++; if (v !== null) c[${key}] = v; }`;
  });
  return new Function('r', 'c', `'use strict'; let v; let n = 0;\n${body.join('\n')}\nreturn n;`) as RecordCopier;
}

/**
 * A new record prepared for storage: the data with the form's calculated fields computed (a copy, or the record
 * itself when nothing was derived), or undefined when the record is not the plain case this function handles — a
 * key that is not one of the form's fields (`keys` is the record's key count), a null or undefined value, or a
 * value sent for a calculated field — which the general path then handles.
 */
export type NewRecordPreparer = (record: Readonly<Data>, keys: number, now: Date) => Data | undefined;

/**
 * For a form whose record scope derives calculated fields only (no tally, no subform). A first pass reads and counts
 * the record's values; the copy is then built by a generated constructor whose prototype is Object.prototype, so
 * that it is a plain object like a literal, but with every field in-object (V8 sizes a constructor's instances from
 * the properties it assigns): no property backing store grown and reallocated while copying, and faster reads for
 * the validator.
 */
export function compileNewRecordPreparer(names: readonly string[], scope: ScopePlan): NewRecordPreparer | undefined {
  if (!plainNames(names) || scope.tallies.length > 0 || scope.subforms.length > 0) return undefined;
  const calculated = new Set(scope.calculated.map((field) => field.name));
  const count = names.map((name) => {
    const key = JSON.stringify(name);
    if (calculated.has(name)) return `if (r[${key}] !== undefined) return undefined;`;
    return `v = r[${key}]; if (v !== undefined) { if (v === null) return undefined; n++; }`;
  });
  if (scope.calculated.length === 0) {
    const source = `let v; let n = 0;\n${count.join('\n')}\nreturn n === keys ? r : undefined;`;
    return new Function(`'use strict'; return function prepareNewRecord(r, keys, now) {\n${source}\n};`)() as NewRecordPreparer;
  }
  const copy = names
    .filter((name) => !calculated.has(name))
    .map((name) => `v = r[${JSON.stringify(name)}]; if (v !== undefined) this[${JSON.stringify(name)}] = v;`);
  // Calculation inputs before the fields that read them (the plan's order); with nothing sent for them, a
  // calculated field is either computed or absent, whatever its manual fallback.
  const derive = scope.calculated.map(
    (field, i) => `v = calculations[${i}].calculate(this, now); if (v !== undefined) { this[${JSON.stringify(field.name)}] = v; changed = true; }`,
  );
  const factory = new Function(
    'calculations',
    `'use strict';
let changed = false;
function NewRecord(r, now) { let v;\n${copy.join('\n')}\n${derive.join('\n')}\n}
NewRecord.prototype = Object.prototype;
return function prepareNewRecord(r, keys, now) { let v; let n = 0;\n${count.join('\n')}
if (n !== keys) return undefined;
changed = false;
const c = new NewRecord(r, now);
return changed ? c : r;
};`,
  );
  return factory(scope.calculated as readonly CalculatedField[]) as NewRecordPreparer;
}

/** A fresh `formVersions` object holding one form, built as a literal (one hidden class, no keyed store). */
export function compileFormVersions(formId: string, version: number): () => Record<string, number> {
  if (!plainNames([formId]) || !Number.isSafeInteger(version)) return () => ({ [formId]: version });
  return new Function(`'use strict'; return function formVersions() { return { ${JSON.stringify(formId)}: ${version} }; };`)() as () => Record<
    string,
    number
  >;
}

/** checkScope for the record's top-level scope (`submitted` the client's patch, `previous` the stored data). */
export type RecordChecks = (data: Readonly<Data>, submitted: Readonly<Data>, previous: Readonly<Data> | undefined, ctx: RecordCheckContext) => void;

/** The same checks as checkScope, in the same order, with each field's name, path and rule written in. */
export function compileRecordChecks(scope: ScopePlan, pointer: string): RecordChecks | undefined {
  const names = [...scope.notInFuture, ...scope.disabledOptions, ...scope.locations].map((rule) => rule.name);
  if (!plainNames(names)) return undefined;
  const key = JSON.stringify;
  const before = (name: string) => `(p === undefined ? undefined : p[${key(name)}])`;
  const lines = [
    ...scope.notInFuture.map(
      ({ name, type }) => `if (u[${key(name)}] !== undefined && isFuture(s[${key(name)}], ${key(type)}, ctx)) ctx.fail(${key(`${pointer}/${name}`)}, 'not_in_future');`,
    ),
    ...scope.disabledOptions.map(
      ({ name }, i) =>
        `if (u[${key(name)}] !== undefined) checkDisabledOption(s[${key(name)}], ${before(name)}, scope.disabledOptions[${i}].disabled, ${key(`${pointer}/${name}`)}, ctx);`,
    ),
    ...scope.locations.map(
      ({ name }, i) =>
        `v = s[${key(name)}]; if (u[${key(name)}] !== undefined && v !== ${before(name)}) checkLocation(v, scope.locations[${i}].adminLevels, ${key(pointer)}, ${key(name)}, ctx);`,
    ),
    ...(scope.subforms.length > 0 ? [`checkSubforms(scope, s, u, p, ${key(pointer)}, ctx);`] : []),
  ];
  const factory = new Function(
    'scope',
    'isFuture',
    'checkDisabledOption',
    'checkLocation',
    'checkSubforms',
    `'use strict'; return function checkRecord(s, u, p, ctx) { let v;\n${lines.join('\n')}\n};`,
  );
  return factory(scope, isFuture, checkDisabledOption, checkLocation, checkSubforms) as RecordChecks;
}

/** The top-level derive of record-preparation (calculated fields, then tallies) for a client's patch. */
export type RecordDeriver = (draft: RecordDraft, submitted: Readonly<Data>, ctx: RecordCheckContext) => void;

export function compileRecordDeriver(scope: ScopePlan, pointer: string): RecordDeriver | undefined {
  if (!plainNames(scope.calculated.map((field) => field.name))) return undefined;
  const key = JSON.stringify;
  const lines = scope.calculated.map(({ name, manualFallback }, i) => {
    const k = key(name);
    // A value the client set that the server would not have computed is refused, not silently replaced.
    const refused = manualFallback ? '(c !== undefined)' : 'true';
    return [
      `c = calculations[${i}].calculate(d.value, ctx.now); x = u[${k}];`,
      `if (x !== undefined && x !== null && x !== c && ${refused}) ctx.fail(${key(`${pointer}/${name}`)}, 'calculated_field');`,
      manualFallback ? `if (c !== undefined && d.value[${k}] !== c) d.set(${k}, c);` : `if (c !== undefined) { if (d.value[${k}] !== c) d.set(${k}, c); } else d.delete(${k});`,
    ].join('\n');
  });
  if (scope.tallies.length > 0) lines.push('deriveTallies(scope, d);');
  const factory = new Function(
    'scope',
    'calculations',
    'deriveTallies',
    `'use strict'; return function deriveRecord(d, u, ctx) { let c; let x;\n${lines.join('\n')}\n};`,
  );
  return factory(scope, scope.calculated, deriveTallies) as RecordDeriver;
}
