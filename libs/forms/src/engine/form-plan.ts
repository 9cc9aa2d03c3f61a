import type Ajv2020 from 'ajv/dist/2020';
import type { ValidateFunction } from 'ajv';
import { conditionFieldNames } from '../conditions/condition.utils';
import type { FieldDefinition, FieldType, FormDefinition } from '../definitions/form-definition.types';
import type { LookupDefinition } from '../definitions/pack.types';
import { optionsOf } from '../schema/field-schema.builder';
import { compileFormSchema } from '../schema/form-schema.compiler';
import { calculationInputs, compileCalculation, type CompiledCalculation } from './calculations';
import {
  compileCopier,
  compileFormVersions,
  compileNewRecordPreparer,
  compileRecordChecks,
  compileRecordDeriver,
  type NewRecordPreparer,
  type RecordChecks,
  type RecordCopier,
  type RecordDeriver,
} from './form-codegen';
import { propertyKey } from './property-key';
import { DATA_POINTER } from './record-preparation';

// Every name below is a propertyKey: the engine reads and writes record keys by these names on every write.

/** A calculated field with its calculation compiled once per form version. */
export interface CalculatedField {
  name: string;
  manualFallback: boolean;
  calculate: CompiledCalculation;
}

/** What the engine checks around Ajv in one scope (the record, or the items of one subform). */
export interface ScopePlan {
  /** Calculated fields, inputs before the fields that read them. */
  calculated: CalculatedField[];
  tallies: Array<{ name: string; buckets: string[] }>;
  notInFuture: Array<{ name: string; type: FieldType }>;
  /** Select/multiselect fields whose options include disabled ones. */
  disabledOptions: Array<{ name: string; disabled: ReadonlySet<string> }>;
  locations: Array<{ name: string; adminLevels?: readonly number[] }>;
  subforms: Array<{ name: string; scope: ScopePlan }>;
  /** Whether preparing a record may change this scope: calculated fields, tally totals or subform item ids. */
  derives: boolean;
}

// Depth-first on calculation inputs; a cycle (reported by validatePack) simply stops the descent.
function calculationOrder(fields: readonly FieldDefinition[]): FieldDefinition[] {
  const calculated = new Map(fields.filter((f) => f.type === 'calculated').map((f) => [f.name, f]));
  const ordered: FieldDefinition[] = [];
  const visiting = new Set<string>();
  const visit = (field: FieldDefinition): void => {
    if (ordered.includes(field) || visiting.has(field.name)) return;
    visiting.add(field.name);
    for (const input of calculationInputs(field.calculation!)) {
      const dependency = calculated.get(input);
      if (dependency) visit(dependency);
    }
    ordered.push(field);
  };
  calculated.forEach(visit);
  return ordered;
}

function scopePlan(fields: readonly FieldDefinition[], lookups: ReadonlyMap<string, LookupDefinition>): ScopePlan {
  const disabledOptions: ScopePlan['disabledOptions'] = [];
  for (const field of fields) {
    if (field.type !== 'select' && field.type !== 'multiselect') continue;
    const disabled = new Set(optionsOf(field, lookups).filter((o) => o.disabled).map((o) => o.id));
    if (disabled.size > 0) disabledOptions.push({ name: propertyKey(field.name), disabled });
  }
  const calculated = calculationOrder(fields).map((field) => ({
    name: propertyKey(field.name),
    manualFallback: field.manualFallback === true,
    calculate: compileCalculation(field),
  }));
  const tallies = fields
    .filter((f) => f.type === 'tally')
    .map((f) => ({ name: propertyKey(f.name), buckets: (f.buckets ?? []).map((b) => propertyKey(b.id)) }));
  const subforms = fields
    .filter((f) => f.type === 'subform')
    .map((f) => ({ name: propertyKey(f.name), scope: scopePlan(f.fields ?? [], lookups) }));
  return {
    calculated,
    tallies,
    notInFuture: fields.filter((f) => f.notInFuture).map((f) => ({ name: propertyKey(f.name), type: f.type })),
    disabledOptions,
    locations: fields.filter((f) => f.type === 'location').map((f) => ({ name: propertyKey(f.name), adminLevels: f.adminLevels })),
    subforms,
    derives: calculated.length > 0 || tallies.length > 0 || subforms.length > 0,
  };
}

/**
 * Everything derived once from one published form version: the server-side checks per scope, the top-level
 * names it reads, and its Ajv validator, compiled on first use and then reused for every record.
 */
export class FormPlan {
  readonly scope: ScopePlan;
  /** The form id as a property key of `formVersions` (see propertyKey). */
  readonly formId: string;
  /** Top-level fields holding a value (separators excluded). */
  readonly valueFields: readonly FieldDefinition[];
  /** Top-level names this form's conditions and calculations read (possibly another form's fields). */
  readonly reads: ReadonlySet<string>;
  /** Copies a new record's values of this form's fields in the form's field order (see scanNewRecord). */
  readonly copyRecord: RecordCopier | undefined;
  /** Prepares a new record holding only this form's fields, in the plain case (see validateRecord). */
  readonly prepareNewRecord: NewRecordPreparer | undefined;
  /** checkScope on the record's top-level scope, generated (undefined: use checkScope). */
  readonly checkRecord: RecordChecks | undefined;
  /** The top-level derive of a patch, generated (undefined: use derive). */
  readonly deriveRecord: RecordDeriver | undefined;
  /** A fresh `formVersions` of this form alone. */
  readonly formVersions: () => Record<string, number>;
  /**
   * Whether no other current form of the record type reads this form's fields, so that a record holding only this
   * form's fields touches this form alone. Set by the engine when it indexes the record type.
   */
  standalone = false;
  private validator?: ValidateFunction;

  constructor(
    readonly form: FormDefinition,
    private readonly lookups: ReadonlyMap<string, LookupDefinition>,
    private readonly ajv: () => Ajv2020,
  ) {
    this.scope = scopePlan(form.fields, lookups);
    this.formId = propertyKey(form.id);
    this.valueFields = form.fields.filter((f) => f.type !== 'separator');
    const names = this.valueFields.map((f) => propertyKey(f.name));
    this.copyRecord = compileCopier(names);
    this.prepareNewRecord = compileNewRecordPreparer(names, this.scope);
    this.formVersions = compileFormVersions(this.formId, form.version);
    this.checkRecord = compileRecordChecks(this.scope, DATA_POINTER);
    this.deriveRecord = compileRecordDeriver(this.scope, DATA_POINTER);
    const reads = new Set<string>();
    for (const field of form.fields) {
      for (const condition of [field.visibleIf, field.requiredIf]) {
        if (condition) conditionFieldNames(condition).forEach((name) => reads.add(name));
      }
      if (field.calculation) calculationInputs(field.calculation).forEach((name) => reads.add(name));
    }
    this.reads = reads;
  }

  get validate(): ValidateFunction {
    this.validator ??= this.ajv().compile(compileFormSchema(this.form, { lookups: this.lookups }));
    return this.validator;
  }
}
