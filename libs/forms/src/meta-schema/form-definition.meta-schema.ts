import { FIELD_TYPES } from '../definitions/form-definition.types';
import { localizedTextSchema, NAME_PATTERN, OPTION_ID_PATTERN, optionSchema } from './shared.meta-schema';

const scalar = { type: ['string', 'number', 'boolean'] } as const;

// Each branch of the condition union is picked by the key it carries, so Ajv reports the error of the branch the
// author meant instead of the unreadable failure list of a oneOf.
const conditionSchema = {
  type: 'object',
  if: { required: ['all'] },
  then: { properties: { all: { $ref: '#/$defs/conditionList' } }, required: ['all'], additionalProperties: false },
  else: {
    if: { required: ['any'] },
    then: { properties: { any: { $ref: '#/$defs/conditionList' } }, required: ['any'], additionalProperties: false },
    else: {
      if: { required: ['not'] },
      then: { properties: { not: { $ref: '#/$defs/condition' } }, required: ['not'], additionalProperties: false },
      else: { $ref: '#/$defs/comparison' },
    },
  },
} as const;

const comparisonSchema = {
  type: 'object',
  properties: {
    field: { type: 'string', pattern: NAME_PATTERN },
    op: { enum: ['eq', 'ne', 'in', 'notIn', 'gt', 'gte', 'lt', 'lte', 'present', 'absent', 'includes'] },
    value: { anyOf: [scalar, { type: 'array', items: scalar }] },
  },
  required: ['field', 'op'],
  additionalProperties: false,
  allOf: [
    {
      if: { properties: { op: { enum: ['present', 'absent'] } } },
      then: { properties: { value: false } },
      else: { required: ['value'] },
    },
    {
      if: { properties: { op: { enum: ['in', 'notIn'] } } },
      then: { properties: { value: { type: 'array', minItems: 1 } } },
      else: { properties: { value: scalar } },
    },
    {
      if: { properties: { op: { enum: ['gt', 'gte', 'lt', 'lte'] } } },
      then: { properties: { value: { type: 'number' } } },
    },
  ],
} as const;

const calculationSchema = {
  type: 'object',
  required: ['op'],
  properties: { op: { enum: ['age', 'sum', 'avg', 'count'] } },
  allOf: [
    {
      if: { properties: { op: { const: 'age' } } },
      then: { properties: { from: { type: 'string', pattern: NAME_PATTERN } }, required: ['from'] },
    },
    {
      if: { properties: { op: { enum: ['sum', 'avg'] } } },
      then: {
        properties: {
          fields: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', pattern: NAME_PATTERN } },
          decimals: { type: 'integer', minimum: 0, maximum: 6 },
        },
        required: ['fields'],
      },
    },
    {
      if: { properties: { op: { const: 'count' } } },
      then: {
        properties: { subform: { type: 'string', pattern: NAME_PATTERN }, where: { $ref: '#/$defs/condition' } },
        required: ['subform'],
      },
    },
  ],
  unevaluatedProperties: false,
} as const;

const itemCount = { type: 'integer', minimum: 0 } as const;
const whenType = (types: readonly string[], then: object) => ({
  if: { properties: { type: types.length === 1 ? { const: types[0] } : { enum: types } } },
  then,
});

const fieldSchema = {
  type: 'object',
  properties: {
    name: { type: 'string', pattern: NAME_PATTERN, description: 'Key in the record data; unique across the record type.' },
    type: { enum: FIELD_TYPES },
    label: { $ref: '#/$defs/localizedText' },
    help: { $ref: '#/$defs/localizedText' },
    required: { type: 'boolean' },
    visibleIf: { $ref: '#/$defs/condition' },
    requiredIf: { $ref: '#/$defs/condition' },
    sensitive: { type: 'boolean' },
    matchable: { type: 'boolean' },
    filterable: { type: 'boolean' },
  },
  required: ['name', 'type', 'label'],
  allOf: [
    whenType(['text', 'textarea'], {
      properties: {
        minLength: { type: 'integer', minimum: 1 },
        maxLength: { type: 'integer', minimum: 1, maximum: 100000 },
        pattern: { type: 'string', format: 'regex' },
      },
    }),
    whenType(['integer', 'number'], { properties: { min: { type: 'number' }, max: { type: 'number' } } }),
    whenType(['date', 'datetime'], { properties: { notInFuture: { type: 'boolean' } } }),
    whenType(['select', 'multiselect'], {
      properties: {
        options: { type: 'array', minItems: 1, items: { $ref: '#/$defs/option' } },
        lookup: { type: 'string', pattern: NAME_PATTERN },
      },
      oneOf: [{ required: ['options'] }, { required: ['lookup'] }],
    }),
    whenType(['multiselect', 'subform'], { properties: { minItems: itemCount, maxItems: itemCount } }),
    whenType(['location'], {
      properties: {
        adminLevels: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'integer', minimum: 0, maximum: 5 } },
      },
    }),
    whenType(['subform'], {
      properties: { fields: { type: 'array', minItems: 1, items: { $ref: '#/$defs/subformField' } } },
      required: ['fields'],
    }),
    whenType(['tally'], {
      properties: {
        buckets: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            properties: { id: { type: 'string', pattern: OPTION_ID_PATTERN, not: { const: 'total' } }, label: { $ref: '#/$defs/localizedText' } },
            required: ['id', 'label'],
            additionalProperties: false,
          },
        },
      },
      required: ['buckets'],
    }),
    whenType(['calculated'], {
      properties: {
        calculation: { $ref: '#/$defs/calculation' },
        valueType: { enum: ['integer', 'number'] },
        manualFallback: { type: 'boolean' },
        min: { type: 'number' },
        max: { type: 'number' },
      },
      required: ['calculation'],
    }),
    whenType(['attachment'], {
      properties: {
        multiple: { type: 'boolean' },
        maxItems: itemCount,
        accept: { type: 'array', items: { type: 'string', pattern: '^[a-z]+/[a-z0-9.+*-]+$' } },
      },
    }),
    whenType(['separator'], { properties: { required: false, requiredIf: false, sensitive: false, matchable: false, filterable: false } }),
  ],
  unevaluatedProperties: false,
} as const;

/** JSON meta-schema of a form definition file (`form-definitions/<country>/forms/<id>.json`). */
export const formDefinitionMetaSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: 'Tutela form definition',
  description: 'A versioned form of a record type; see docs/forms.md.',
  type: 'object',
  properties: {
    $schema: { type: 'string' },
    id: { type: 'string', pattern: NAME_PATTERN },
    version: { type: 'integer', minimum: 1 },
    recordType: { type: 'string', pattern: NAME_PATTERN },
    module: { type: 'string', pattern: NAME_PATTERN },
    order: { type: 'integer' },
    registration: { type: 'boolean' },
    title: { $ref: '#/$defs/localizedText' },
    description: { $ref: '#/$defs/localizedText' },
    help: { $ref: '#/$defs/localizedText' },
    fields: { type: 'array', minItems: 1, items: { $ref: '#/$defs/field' } },
  },
  required: ['id', 'version', 'recordType', 'module', 'order', 'title', 'fields'],
  additionalProperties: false,
  $defs: {
    localizedText: localizedTextSchema,
    option: { ...optionSchema, additionalProperties: false },
    condition: conditionSchema,
    conditionList: { type: 'array', minItems: 1, items: { $ref: '#/$defs/condition' } },
    comparison: comparisonSchema,
    calculation: calculationSchema,
    field: fieldSchema,
    subformField: {
      $ref: '#/$defs/field',
      properties: { type: { not: { const: 'subform' } } },
    },
  },
} as const;
