import { comparisonsOf } from '../conditions/condition.utils';
import type { Condition, ConditionValue, FieldDefinition, FormDefinition } from '../definitions/form-definition.types';
import type { LookupDefinition, PackProblem } from '../definitions/pack.types';
import { calculationInputs } from '../engine/calculations';
import { SUBFORM_ITEM_ID } from '../schema/form-schema.compiler';
import { NUMERIC_FIELD_TYPES, ReachabilityAnalyzer } from './reachability.analyzer';

export interface SourcedForm {
  form: FormDefinition;
  file: string;
}

interface Entry {
  field: FieldDefinition;
  file: string;
  pointer: string;
  formId: string;
}

type Scope = Map<string, Entry>;
type Report = (entry: Pick<Entry, 'file' | 'pointer'>, suffix: string, message: string) => void;

const CALCULATION_INPUT_TYPES: Record<string, ReadonlySet<string>> = {
  age: new Set(['date', 'datetime']),
  sum: NUMERIC_FIELD_TYPES,
  avg: NUMERIC_FIELD_TYPES,
  count: new Set(['subform']),
};

const fieldsOf = (scope: Scope): Map<string, FieldDefinition> => new Map([...scope].map(([n, e]) => [n, e.field]));

/** Fields of a scope by name; a repeated name is reported where it repeats. */
function scopeOf(entries: Entry[], report: Report, item: boolean): Scope {
  const scope: Scope = new Map();
  for (const entry of entries) {
    const first = scope.get(entry.field.name);
    if (item && entry.field.name === SUBFORM_ITEM_ID) report(entry, '/name', `"${SUBFORM_ITEM_ID}" is reserved for the server-assigned item id`);
    else if (first) report(entry, '/name', `duplicate field name "${entry.field.name}" (also in form "${first.formId}" at ${first.pointer})`);
    else scope.set(entry.field.name, entry);
  }
  return scope;
}

function checkComparisons(condition: Condition, self: string, scope: Scope, analyzer: ReachabilityAnalyzer, at: string, entry: Entry, report: Report): boolean {
  let clean = true;
  const problem = (pointer: string, message: string): void => {
    clean = false;
    report(entry, `${at}${pointer}`, message);
  };
  for (const { comparison, pointer } of comparisonsOf(condition)) {
    const { field: name, op, value } = comparison;
    const target = scope.get(name)?.field;
    if (name === self) problem(`${pointer}/field`, `condition refers to the field itself`);
    else if (!target) problem(`${pointer}/field`, `condition on unknown field "${name}"`);
    else if (target.type === 'separator') problem(`${pointer}/field`, `condition on separator "${name}", which holds no value`);
    else if ((target.type === 'subform' || target.type === 'tally') && op !== 'present' && op !== 'absent') {
      problem(`${pointer}/op`, `"${name}" is a ${target.type}: only present/absent apply`);
    } else if (['gt', 'gte', 'lt', 'lte'].includes(op) && !NUMERIC_FIELD_TYPES.has(target.type)) {
      problem(`${pointer}/op`, `"${op}" needs a numeric field, "${name}" is ${target.type}`);
    } else if (op === 'includes' && target.type !== 'multiselect') {
      problem(`${pointer}/op`, `"includes" needs a multiselect field, "${name}" is ${target.type}`);
    } else if (target.type === 'multiselect' && op !== 'includes' && op !== 'present' && op !== 'absent') {
      problem(`${pointer}/op`, `"${name}" is a multiselect: compare it with "includes"`);
    } else if (['eq', 'ne', 'in', 'notIn', 'includes'].includes(op)) {
      const values = (Array.isArray(value) ? value : [value]) as ConditionValue[];
      values.forEach((v, i) => {
        if (!analyzer.admits(target, v, op === 'includes')) {
          problem(`${pointer}/value${Array.isArray(value) ? `/${i}` : ''}`, `${JSON.stringify(v)} is not a possible value of "${name}"`);
        }
      });
    }
  }
  return clean;
}

function checkCalculation(entry: Entry, scope: Scope, report: Report): void {
  const calculation = entry.field.calculation;
  if (!calculation) return;
  const allowed = CALCULATION_INPUT_TYPES[calculation.op];
  const suffix = calculation.op === 'age' ? '/calculation/from' : calculation.op === 'count' ? '/calculation/subform' : '/calculation/fields';
  for (const input of calculationInputs(calculation)) {
    const target = scope.get(input)?.field;
    if (!target) report(entry, suffix, `calculation reads unknown field "${input}"`);
    else if (!allowed.has(target.type)) report(entry, suffix, `${calculation.op} cannot read "${input}" (${target.type})`);
  }
}

function checkCalculationCycles(scope: Scope, report: Report): void {
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (entry: Entry): void => {
    state.set(entry.field.name, 'visiting');
    for (const input of calculationInputs(entry.field.calculation!)) {
      const next = scope.get(input);
      if (next?.field.type !== 'calculated') continue;
      if (state.get(input) === 'visiting') report(entry, '/calculation', `calculation cycle through "${input}"`);
      else if (!state.has(input)) visit(next);
    }
    state.set(entry.field.name, 'done');
  };
  for (const entry of scope.values()) if (entry.field.type === 'calculated' && !state.has(entry.field.name)) visit(entry);
}

function checkOwnRules(entry: Entry, lookups: ReadonlyMap<string, LookupDefinition>, report: Report): void {
  const { field } = entry;
  if (field.lookup && !lookups.has(field.lookup)) report(entry, '/lookup', `unknown lookup "${field.lookup}"`);
  const repeated = (ids: string[], what: string): void =>
    ids.forEach((id, i) => ids.indexOf(id) !== i && report(entry, `/${what}/${i}/id`, `duplicate ${what.slice(0, -1)} id "${id}"`));
  if (field.options) repeated(field.options.map((o) => o.id), 'options');
  if (field.buckets) repeated(field.buckets.map((b) => b.id), 'buckets');
  const inverted: Array<[number | undefined, number | undefined, string]> = [
    [field.min, field.max, 'min'],
    [field.minLength, field.maxLength, 'minLength'],
    [field.minItems, field.maxItems, 'minItems'],
  ];
  for (const [low, high, name] of inverted) {
    if (low !== undefined && high !== undefined && low > high) report(entry, `/${name}`, `${name} is greater than its maximum`);
  }
  if (field.required && field.requiredIf) report(entry, '/requiredIf', 'requiredIf has no effect on a field that is always required');
}

function checkScope(scope: Scope, lookups: ReadonlyMap<string, LookupDefinition>, report: Report): void {
  const analyzer = new ReachabilityAnalyzer(fieldsOf(scope), lookups);
  for (const entry of scope.values()) {
    const { field } = entry;
    checkOwnRules(entry, lookups, report);
    checkCalculation(entry, scope, report);
    for (const key of ['visibleIf', 'requiredIf'] as const) {
      const condition = field[key];
      if (!condition) continue;
      const clean = checkComparisons(condition, field.name, scope, analyzer, `/${key}`, entry, report);
      if (clean && !analyzer.canBeTrue(condition)) {
        report(entry, `/${key}`, key === 'visibleIf' ? 'visibleIf can never be true: the field is never shown' : 'requiredIf can never be true');
      }
    }
    if (field.type === 'subform') {
      const items = (field.fields ?? []).map((f, i) => ({ field: f, file: entry.file, formId: entry.formId, pointer: `${entry.pointer}/fields/${i}` }));
      const itemScope = scopeOf(items, report, true);
      checkScope(itemScope, lookups, report);
    }
    const where = field.calculation?.op === 'count' ? field.calculation.where : undefined;
    const counted = where && scope.get((field.calculation as { subform: string }).subform)?.field;
    if (where && counted?.type === 'subform') {
      const itemScope: Scope = new Map((counted.fields ?? []).map((f) => [f.name, { ...entry, field: f }]));
      checkComparisons(where, '', itemScope, new ReachabilityAnalyzer(fieldsOf(itemScope), lookups), '/calculation/where', entry, report);
    }
  }
  for (const name of analyzer.cycles) report(scope.get(name)!, '/visibleIf', 'visibleIf conditions depend on each other in a cycle');
  checkCalculationCycles(scope, report);
}

/**
 * Field-level rules across every form of one record type (field names share one flat `data` object): unique
 * names, known lookups, sound conditions that can be true, calculations reading fields of the right type.
 */
export function checkRecordTypeFields(forms: readonly SourcedForm[], lookups: ReadonlyMap<string, LookupDefinition>): PackProblem[] {
  const problems: PackProblem[] = [];
  const report: Report = (entry, suffix, message) => problems.push({ file: entry.file, path: `${entry.pointer}${suffix}`, message });
  const entries = forms.flatMap(({ form, file }) =>
    form.fields.map((field, i) => ({ field, file, formId: form.id, pointer: `/fields/${i}` })),
  );
  checkScope(scopeOf(entries, report, false), lookups, report);
  return problems;
}
