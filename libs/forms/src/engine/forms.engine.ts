import type { ErrorDetail } from '@tutela/common';
import type Ajv2020 from 'ajv/dist/2020';
import type { FieldDefinition, FieldType, FormDefinition } from '../definitions/form-definition.types';
import type { LocationNode, LookupDefinition } from '../definitions/pack.types';
import { LocationTree } from '../locations/location-tree';
import { createFormAjv } from '../schema/form-ajv.factory';
import { compileFormSchema } from '../schema/form-schema.compiler';
import { localizeForm, type LocalizedForm } from '../ui/form.localizer';
import { buildUiSchema, type UiElement } from '../ui/ui-schema.builder';
import { isFormComplete } from './form-completeness';
import { FormPlan } from './form-plan';
import { checkScope, RecordCheckContext } from './record-checks';
import { RecordDraft } from './record-draft';
import { DATA_POINTER, prepareRecord } from './record-preparation';
import { scanNewRecord, scanPatch, type TouchedForms, type TouchIndex } from './submitted-keys';
import { mapAjvErrors } from './validation-messages';

/** Immutable configuration an engine is built from; build a new engine when it changes. */
export interface FormsSnapshot {
  /** Every published version of every form. */
  forms: readonly FormDefinition[];
  lookups: readonly LookupDefinition[];
  locations: readonly LocationNode[];
}

export interface FieldCatalogEntry {
  name: string;
  formId: string;
  type: FieldType;
  sensitive: boolean;
  matchable: boolean;
  filterable: boolean;
  subformFields?: FieldCatalogEntry[];
}

export interface ValidateRecordInput {
  /** Default `case`. */
  recordType?: string;
  /** The complete record data after the caller merged the stored data and the patch. */
  data: Readonly<Record<string, unknown>>;
  /** The patch as the client sent it: decides which forms are validated and which values are new. */
  submitted: Readonly<Record<string, unknown>>;
  /** The data before the patch, when there was a stored record: values already stored are never "new". */
  stored?: Readonly<Record<string, unknown>>;
  /** Language of the error messages (en or fr; anything else gets English). */
  locale?: string;
  now?: Date;
}

export interface ValidateRecordResult {
  valid: boolean;
  errors: ErrorDetail[];
  /**
   * The data to store: nulls removed, calculated fields and tally totals recomputed, subform item ids assigned.
   * The input `data` object itself when nothing had to change (never mutated either way).
   */
  data: Record<string, unknown>;
  /** Version of each form validated, by form id. */
  formVersions: Record<string, number>;
}

interface RecordTypeIndex {
  forms: FormDefinition[];
  touches: TouchIndex;
  /** Whether any current form of the record type derives values: only then is a new record copied while scanned. */
  derives: boolean;
}

// A value that already breaks its schema (wrong type, malformed code) is reported once, by the schema.
function withoutSchemaPaths(errors: readonly ErrorDetail[], schemaErrors: readonly ErrorDetail[]): ErrorDetail[] {
  const paths = new Set(schemaErrors.map((e) => e.path));
  return errors.filter((e) => !paths.has(e.path));
}

/**
 * Validates and prepares record data against the current published forms of a configuration snapshot. Building
 * one is cheap: validators compile on first use and are cached per form id and version for the engine's life.
 */
export class FormsEngine {
  private readonly catalogs = new Map<string, FieldCatalogEntry[]>();
  private readonly subformNames = new Map<string, ReadonlySet<string>>();
  readonly locations: LocationTree;
  private readonly versions = new Map<string, FormDefinition[]>();
  private readonly lookups: ReadonlyMap<string, LookupDefinition>;
  private readonly plans = new Map<string, FormPlan>();
  private readonly recordTypes = new Map<string, RecordTypeIndex>();
  private ajvInstance?: Ajv2020;
  private lastRecordType?: string;
  private lastIndex?: RecordTypeIndex;

  constructor(snapshot: FormsSnapshot) {
    for (const form of snapshot.forms) {
      const list = this.versions.get(form.id) ?? [];
      list.push(form);
      this.versions.set(form.id, list);
    }
    for (const list of this.versions.values()) list.sort((a, b) => a.version - b.version);
    this.lookups = new Map(snapshot.lookups.map((l) => [l.id, l]));
    this.locations = new LocationTree(snapshot.locations);
  }

  /** The latest version of each form of a record type, by `order` then id. */
  currentForms(recordType = 'case'): FormDefinition[] {
    return [...this.index(recordType).forms];
  }

  /** A form by id: the latest version, or the given one. */
  getForm(id: string, version?: number): FormDefinition | undefined {
    const list = this.versions.get(id);
    if (!list) return undefined;
    return version === undefined ? list[list.length - 1] : list.find((f) => f.version === version);
  }

  registrationForm(recordType = 'case', module?: string): FormDefinition | undefined {
    return this.index(recordType).forms.find((f) => f.registration && (!module || f.module === module));
  }

  /** Built once per record type: the engine is immutable, and every case write and list asks for it. */
  fieldCatalog(recordType = 'case'): FieldCatalogEntry[] {
    let catalog = this.catalogs.get(recordType);
    if (!catalog) this.catalogs.set(recordType, (catalog = this.buildFieldCatalog(recordType)));
    return catalog;
  }

  /** Top-level subform fields: their items merge and diff by `unique_id` rather than as whole values. */
  subformFieldNames(recordType = 'case'): ReadonlySet<string> {
    let names = this.subformNames.get(recordType);
    if (!names) {
      names = new Set(this.fieldCatalog(recordType).filter((f) => f.type === 'subform').map((f) => f.name));
      this.subformNames.set(recordType, names);
    }
    return names;
  }

  private buildFieldCatalog(recordType: string): FieldCatalogEntry[] {
    const entry = (field: FieldDefinition, formId: string): FieldCatalogEntry => ({
      name: field.name,
      formId,
      type: field.type,
      sensitive: field.sensitive === true,
      matchable: field.matchable === true,
      filterable: field.filterable === true,
      ...(field.type === 'subform' && {
        subformFields: (field.fields ?? []).filter((f) => f.type !== 'separator').map((f) => entry(f, formId)),
      }),
    });
    return this.index(recordType).forms.flatMap((form) =>
      form.fields.filter((f) => f.type !== 'separator').map((f) => entry(f, form.id)),
    );
  }

  lookup(id: string): LookupDefinition | undefined {
    return this.lookups.get(id);
  }

  location(code: string): LocationNode | undefined {
    return this.locations.get(code);
  }

  locationsUnder(code: string): LocationNode[] {
    return this.locations.descendantsOf(code);
  }

  locationPath(code: string): string | undefined {
    return this.locations.pathOf(code);
  }

  /** Stored top-level keys that no current form of the record type defines any more. */
  obsoleteFields(data: Readonly<Record<string, unknown>>, recordType = 'case'): string[] {
    const known = this.index(recordType).touches;
    return Object.keys(data).filter((key) => known[key] === undefined);
  }

  /** Whether every field of the current version of a form that is required while visible is filled. */
  isFormComplete(formId: string, data: Readonly<Record<string, unknown>>): boolean {
    const form = this.getForm(formId);
    return !!form && isFormComplete(form.fields, data);
  }

  /** The JSON Schema of a form version, optionally with titles in a locale (what GET /forms/:id serves). */
  formSchema(form: FormDefinition, locale?: string): Record<string, unknown> {
    return compileFormSchema(form, { lookups: this.lookups, locale });
  }

  uiSchema(form: FormDefinition, locale: string): UiElement {
    return buildUiSchema(form, locale);
  }

  localizedForm(form: FormDefinition, locale: string): LocalizedForm {
    return localizeForm(form, locale, this.lookups);
  }

  validateRecord(input: ValidateRecordInput): ValidateRecordResult {
    const index = this.index(input.recordType ?? 'case');
    if (input.submitted === input.data) {
      const result = this.validateNewRecord(index, input);
      if (result !== undefined) return result;
    }
    const ctx = new RecordCheckContext(input.locale, input.now ?? new Date(), this.locations);
    const submitted = input.submitted as Record<string, unknown>;

    const draft = new RecordDraft(input.data);
    const plans =
      submitted === input.data && index.derives ? scanNewRecord(submitted, index.touches, draft, ctx) : scanPatch(submitted, index.touches, draft, ctx);
    const data = prepareRecord(draft, submitted, plans, ctx);
    const formVersions: Record<string, number> = plans.length === 1 ? plans[0].formVersions() : {};
    let schemaErrors: ErrorDetail[] | undefined;
    for (const plan of plans) {
      formVersions[plan.formId] = plan.form.version;
      const validate = plan.validate;
      if (!validate(data)) (schemaErrors ??= []).push(...mapAjvErrors(validate.errors!, DATA_POINTER, ctx.locale));
      if (plan.checkRecord) plan.checkRecord(data, submitted, input.stored, ctx);
      else checkScope(plan.scope, data, submitted, input.stored, DATA_POINTER, ctx);
    }
    const errors = schemaErrors ? [...schemaErrors, ...withoutSchemaPaths(ctx.errors, schemaErrors)] : ctx.errors;
    return { valid: errors.length === 0, errors, data, formVersions };
  }

  /**
   * The common new record: every key is a field of one form that no other form reads, with no null, no undefined
   * and no value for a calculated field. That form's generated preparer then copies it and computes its calculated
   * fields in one pass, with no lookup per key (a key count proves that no key was left out). Undefined for any
   * other record, which the general path handles.
   */
  private validateNewRecord(index: RecordTypeIndex, input: ValidateRecordInput): ValidateRecordResult | undefined {
    const record = input.data;
    let keys = 0;
    let first: TouchedForms | undefined;
    for (const name in record) if (keys++ === 0) first = index.touches[name];
    const plan = first?.[0];
    if (plan === undefined || !plan.standalone || plan.prepareNewRecord === undefined) return undefined;
    const now = input.now ?? new Date();
    const data = plan.prepareNewRecord(record, keys, now);
    if (data === undefined) return undefined;
    const ctx = new RecordCheckContext(input.locale, now, this.locations);
    const validate = plan.validate;
    const schemaErrors = validate(data) ? undefined : mapAjvErrors(validate.errors!, DATA_POINTER, ctx.locale);
    if (plan.checkRecord) plan.checkRecord(data, record, undefined, ctx);
    else checkScope(plan.scope, data, record, undefined, DATA_POINTER, ctx);
    const errors = schemaErrors ? [...schemaErrors, ...withoutSchemaPaths(ctx.errors, schemaErrors)] : ctx.errors;
    return { valid: errors.length === 0, errors, data, formVersions: plan.formVersions() };
  }

  private index(recordType: string): RecordTypeIndex {
    // Nearly every call asks for the same record type as the last one: a string comparison instead of a map lookup.
    if (recordType === this.lastRecordType) return this.lastIndex!;
    let index = this.recordTypes.get(recordType);
    if (!index) {
      index = this.buildIndex(recordType);
      this.recordTypes.set(recordType, index);
    }
    this.lastRecordType = recordType;
    this.lastIndex = index;
    return index;
  }

  private buildIndex(recordType: string): RecordTypeIndex {
    const forms = [...this.versions.values()]
      .map((list) => list[list.length - 1])
      .filter((f) => f.recordType === recordType)
      .sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
    const plans = forms.map((form) => this.plan(form));
    const readers = new Map<string, FormPlan[]>();
    for (const plan of plans) for (const name of plan.reads) readers.set(name, [...(readers.get(name) ?? []), plan]);
    const touches: Record<string, TouchedForms | undefined> = Object.create(null);
    for (const plan of plans) {
      const alone: TouchedForms = [plan];
      for (const field of plan.valueFields) {
        const others = (readers.get(field.name) ?? []).filter((reader) => reader !== plan);
        touches[field.name] = others.length === 0 ? alone : [plan, ...others];
      }
    }
    // Once every field is indexed: a field name two forms define is indexed to the later one.
    for (const plan of plans) plan.standalone = plan.valueFields.every((field) => touches[field.name]?.length === 1 && touches[field.name]![0] === plan);
    return { forms, touches, derives: plans.some((plan) => plan.scope.derives) };
  }

  private plan(form: FormDefinition): FormPlan {
    const key = `${form.id}@${form.version}`;
    let plan = this.plans.get(key);
    if (!plan) {
      plan = new FormPlan(form, this.lookups, () => (this.ajvInstance ??= createFormAjv()));
      this.plans.set(key, plan);
    }
    return plan;
  }
}
