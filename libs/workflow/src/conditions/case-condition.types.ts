/** Comparison operators of a field condition on case data: those of form conditions (`visibleIf`), same syntax. */
export const CONDITION_OPERATORS = ['eq', 'ne', 'in', 'notIn', 'gt', 'gte', 'lt', 'lte', 'present', 'absent', 'includes'] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

/** One comparison of a case field (dotted path for nested objects) with a value from the definition. */
export interface FieldComparison {
  field: string;
  op: ConditionOperator;
  value?: unknown;
}

/** A condition on case data: comparisons combined with `all`, `any` and `not`. Never an expression string. */
export type CaseCondition = FieldComparison | { all: CaseCondition[] } | { any: CaseCondition[] } | { not: CaseCondition };
