/**
 * JSON Schema of a case condition. The branches are chosen by `if` on the combinator key rather than `oneOf`, so a
 * broken condition yields the errors of the branch meant, not of every branch.
 */
export const CASE_CONDITION_SCHEMA = {
  $ref: '#/$defs/condition',
  $defs: {
    condition: {
      type: 'object',
      if: { type: 'object', required: ['all'] },
      then: { $ref: '#/$defs/all' },
      else: {
        if: { type: 'object', required: ['any'] },
        then: { $ref: '#/$defs/any' },
        else: {
          if: { type: 'object', required: ['not'] },
          then: { $ref: '#/$defs/not' },
          else: { $ref: '#/$defs/comparison' },
        },
      },
    },
    all: {
      type: 'object',
      additionalProperties: false,
      properties: { all: { type: 'array', minItems: 1, items: { $ref: '#/$defs/condition' } } },
    },
    any: {
      type: 'object',
      additionalProperties: false,
      properties: { any: { type: 'array', minItems: 1, items: { $ref: '#/$defs/condition' } } },
    },
    not: {
      type: 'object',
      additionalProperties: false,
      properties: { not: { $ref: '#/$defs/condition' } },
    },
    scalar: { type: ['string', 'number', 'boolean'] },
    comparison: {
      type: 'object',
      additionalProperties: false,
      required: ['field', 'op'],
      properties: {
        field: { type: 'string', pattern: '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*$' },
        op: { enum: ['eq', 'ne', 'in', 'notIn', 'gt', 'gte', 'lt', 'lte', 'present', 'absent', 'includes'] },
        value: {},
      },
      allOf: [
        {
          if: { type: 'object', required: ['op'], properties: { op: { enum: ['present', 'absent'] } } },
          then: { type: 'object', not: { type: 'object', required: ['value'] } },
        },
        {
          if: { type: 'object', required: ['op'], properties: { op: { enum: ['eq', 'ne', 'includes'] } } },
          then: { type: 'object', required: ['value'], properties: { value: { $ref: '#/$defs/scalar' } } },
        },
        {
          if: { type: 'object', required: ['op'], properties: { op: { enum: ['in', 'notIn'] } } },
          then: {
            type: 'object',
            required: ['value'],
            properties: { value: { type: 'array', minItems: 1, items: { $ref: '#/$defs/scalar' } } },
          },
        },
        {
          if: { type: 'object', required: ['op'], properties: { op: { enum: ['gt', 'gte', 'lt', 'lte'] } } },
          then: { type: 'object', required: ['value'], properties: { value: { type: ['number', 'string'] } } },
        },
      ],
    },
  },
} as const;
