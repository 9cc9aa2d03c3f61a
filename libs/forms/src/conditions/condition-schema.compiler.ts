import type { Condition, ConditionValue, FieldComparison } from '../definitions/form-definition.types';
import { isComparison } from './condition.utils';

type Schema = Record<string, unknown>;

const has = (field: string, schema: Schema): Schema => ({ properties: { [field]: schema }, required: [field] });

function comparisonSchema({ field, op, value }: FieldComparison): Schema {
  const values = (Array.isArray(value) ? value : [value]) as ConditionValue[];
  switch (op) {
    case 'eq':
      return has(field, { const: value });
    case 'ne':
      return { not: has(field, { const: value }) };
    case 'in':
      return has(field, { enum: values });
    case 'notIn':
      return { not: has(field, { enum: values }) };
    case 'gt':
      return has(field, { type: 'number', exclusiveMinimum: value });
    case 'gte':
      return has(field, { type: 'number', minimum: value });
    case 'lt':
      return has(field, { type: 'number', exclusiveMaximum: value });
    case 'lte':
      return has(field, { type: 'number', maximum: value });
    case 'present':
      return { required: [field] };
    case 'absent':
      return { not: { required: [field] } };
    case 'includes':
      return has(field, { type: 'array', contains: { const: value } });
  }
}

/**
 * A condition as a JSON Schema that an object (the record, or one subform item) matches exactly when the condition
 * holds. Standard keywords only, so JSON Forms / RJSF front ends evaluate the very same schema.
 */
export function conditionToSchema(condition: Condition): Schema {
  if (isComparison(condition)) return comparisonSchema(condition);
  if ('all' in condition) return { allOf: condition.all.map(conditionToSchema) };
  if ('any' in condition) return { anyOf: condition.any.map(conditionToSchema) };
  return { not: conditionToSchema(condition.not) };
}
