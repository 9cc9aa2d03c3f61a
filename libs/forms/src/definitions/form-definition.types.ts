/** Text in several locales, keyed by BCP 47 language tag (`{"fr": "Prénom", "en": "First name"}`). */
export type LocalizedText = Readonly<Record<string, string>>;

/** Comparison operators of a condition leaf (the same set the workflow lib's `field_condition` guard uses). */
export type ConditionOperator =
  | 'eq'
  | 'ne'
  | 'in'
  | 'notIn'
  | 'gt'
  | 'gte'
  | 'lt'
  | 'lte'
  | 'present'
  | 'absent'
  | 'includes';

export type ConditionValue = string | number | boolean;

/** Compares one field of the same scope (the record, or the subform item) to a value. */
export interface FieldComparison {
  field: string;
  op: ConditionOperator;
  value?: ConditionValue | ConditionValue[];
}

/**
 * Declarative condition (never an expression string): a comparison, or `all` / `any` / `not` of conditions.
 * Compiled to JSON Schema for Ajv and front ends, evaluated in TypeScript for completeness checks.
 */
export type Condition = FieldComparison | { all: Condition[] } | { any: Condition[] } | { not: Condition };

export const FIELD_TYPES = [
  'text',
  'textarea',
  'integer',
  'number',
  'boolean',
  'date',
  'datetime',
  'select',
  'multiselect',
  'location',
  'subform',
  'tally',
  'separator',
  'calculated',
  'attachment',
] as const;

export type FieldType = (typeof FIELD_TYPES)[number];

export interface OptionDefinition {
  id: string;
  label: LocalizedText;
  /** A disabled option stays valid in stored data but is refused when newly submitted. */
  disabled?: boolean;
}

export interface TallyBucket {
  id: string;
  label: LocalizedText;
}

/** What a `calculated` field computes. Field references are names in the same scope (record or subform item). */
export type Calculation =
  | { op: 'age'; from: string }
  | { op: 'sum'; fields: string[] }
  | { op: 'avg'; fields: string[]; decimals?: number }
  | { op: 'count'; subform: string; where?: Condition };

export interface FieldDefinition {
  /** Stored key in the record's `data`: `^[a-z][a-z0-9_]*$`, unique across every form of the record type. */
  name: string;
  type: FieldType;
  label: LocalizedText;
  help?: LocalizedText;
  required?: boolean;
  visibleIf?: Condition;
  requiredIf?: Condition;
  /** Numbers: minimum/maximum value. */
  min?: number;
  max?: number;
  /** text/textarea. */
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  /** multiselect, subform, attachment (with `multiple`). */
  minItems?: number;
  maxItems?: number;
  /** date/datetime. */
  notInFuture?: boolean;
  /** select/multiselect: inline options or a lookup id (exactly one of the two). */
  options?: OptionDefinition[];
  lookup?: string;
  /** location: admin levels a value may have (any level when absent). */
  adminLevels?: number[];
  /** subform: the fields of one item. */
  fields?: FieldDefinition[];
  /** tally: the buckets counted; the total is computed by the server. */
  buckets?: TallyBucket[];
  /** calculated. `valueType` integer or number; `manualFallback` keeps a hand-entered value when inputs are missing. */
  calculation?: Calculation;
  valueType?: 'integer' | 'number';
  manualFallback?: boolean;
  /** attachment: several references instead of one; content types the front end should offer. */
  multiple?: boolean;
  accept?: string[];
  /** Field-level access may hide it from roles without the sensitive grant. */
  sensitive?: boolean;
  /** Used by duplicate detection. */
  matchable?: boolean;
  /** Lists may filter on it. */
  filterable?: boolean;
}

export interface FormDefinition {
  /** Editors' pointer to docs/form-definition.schema.json; ignored by the engine. */
  $schema?: string;
  id: string;
  version: number;
  recordType: string;
  module: string;
  order: number;
  /** The form a new record starts with; one per record type and module. */
  registration?: boolean;
  title: LocalizedText;
  description?: LocalizedText;
  help?: LocalizedText;
  fields: FieldDefinition[];
}
