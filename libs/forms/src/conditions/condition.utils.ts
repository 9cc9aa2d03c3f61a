import type { Condition, FieldComparison } from '../definitions/form-definition.types';

export const isComparison = (condition: Condition): condition is FieldComparison => 'field' in condition;

/** Every comparison of a condition tree with the JSON pointer of its position (relative to the condition). */
export function comparisonsOf(condition: Condition, pointer = ''): Array<{ comparison: FieldComparison; pointer: string }> {
  if (isComparison(condition)) return [{ comparison: condition, pointer }];
  if ('all' in condition) return condition.all.flatMap((c, i) => comparisonsOf(c, `${pointer}/all/${i}`));
  if ('any' in condition) return condition.any.flatMap((c, i) => comparisonsOf(c, `${pointer}/any/${i}`));
  return comparisonsOf(condition.not, `${pointer}/not`);
}

export const conditionFieldNames = (condition: Condition): string[] => [
  ...new Set(comparisonsOf(condition).map(({ comparison }) => comparison.field)),
];
