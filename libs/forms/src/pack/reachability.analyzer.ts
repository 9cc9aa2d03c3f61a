import { isComparison } from '../conditions/condition.utils';
import type { Condition, ConditionValue, FieldComparison, FieldDefinition } from '../definitions/form-definition.types';
import type { LookupDefinition } from '../definitions/pack.types';
import { optionsOf } from '../schema/field-schema.builder';

/** Field types conditions may compare with gt/gte/lt/lte. */
export const NUMERIC_FIELD_TYPES: ReadonlySet<string> = new Set(['integer', 'number', 'calculated']);

/**
 * Static "can this ever hold?" analysis of conditions within one scope, so a pack can be refused when a field can
 * never be shown. Conservative: it only claims "never" when that is certain (unknown fields count as possible).
 * A field is reachable when its visibleIf can be true; a comparison that needs a value is impossible on a field
 * that is never reachable.
 */
export class ReachabilityAnalyzer {
  private readonly reachable = new Map<string, boolean>();
  private readonly inProgress = new Set<string>();
  readonly cycles = new Set<string>();

  constructor(
    private readonly fields: ReadonlyMap<string, FieldDefinition>,
    private readonly lookups: ReadonlyMap<string, LookupDefinition>,
  ) {}

  isReachable(name: string): boolean {
    const known = this.reachable.get(name);
    if (known !== undefined) return known;
    const field = this.fields.get(name);
    if (!field?.visibleIf) return true;
    if (this.inProgress.has(name)) {
      this.cycles.add(name);
      return true;
    }
    this.inProgress.add(name);
    const result = this.canBeTrue(field.visibleIf);
    this.inProgress.delete(name);
    this.reachable.set(name, result);
    return result;
  }

  canBeTrue(condition: Condition): boolean {
    if (isComparison(condition)) return this.comparisonCanHold(condition);
    if ('all' in condition) return condition.all.every((c) => this.canBeTrue(c));
    if ('any' in condition) return condition.any.some((c) => this.canBeTrue(c));
    return this.canBeFalse(condition.not);
  }

  canBeFalse(condition: Condition): boolean {
    if (isComparison(condition)) return this.comparisonCanFail(condition);
    if ('all' in condition) return condition.all.some((c) => this.canBeFalse(c));
    if ('any' in condition) return condition.any.every((c) => this.canBeFalse(c));
    return this.canBeTrue(condition.not);
  }

  private comparisonCanHold(comparison: FieldComparison): boolean {
    const { op } = comparison;
    if (op === 'ne' || op === 'notIn' || op === 'absent') return true;
    const field = this.fields.get(comparison.field);
    if (!field) return true;
    if (!this.isReachable(comparison.field)) return false;
    return op === 'present' || this.valueCanMatch(field, comparison);
  }

  private comparisonCanFail(comparison: FieldComparison): boolean {
    const { op } = comparison;
    if (op === 'absent') return !this.fields.has(comparison.field) || this.isReachable(comparison.field);
    if (op === 'ne' || op === 'notIn') return this.comparisonCanHold({ ...comparison, op: op === 'ne' ? 'eq' : 'in' });
    return true;
  }

  private valueCanMatch(field: FieldDefinition, { op, value }: FieldComparison): boolean {
    const values = (Array.isArray(value) ? value : [value]) as ConditionValue[];
    if (op === 'gt' || op === 'gte' || op === 'lt' || op === 'lte') {
      if (!NUMERIC_FIELD_TYPES.has(field.type)) return false;
      const limit = value as number;
      const min = field.min ?? -Infinity;
      const max = field.max ?? Infinity;
      if (op === 'gt') return max > limit;
      if (op === 'gte') return max >= limit;
      if (op === 'lt') return min < limit;
      return min <= limit;
    }
    return values.some((v) => this.admits(field, v, op === 'includes'));
  }

  /** Whether the field can hold `v` (as its value, or as an element for `includes`). */
  admits(field: FieldDefinition, v: ConditionValue, element = false): boolean {
    // Options of an unknown lookup are unknowable; the unknown lookup itself is reported.
    if (field.lookup && !this.lookups.has(field.lookup)) return true;
    switch (field.type) {
      case 'select':
        return !element && optionsOf(field, this.lookups).some((o) => o.id === v);
      case 'multiselect':
        return element && optionsOf(field, this.lookups).some((o) => o.id === v);
      case 'boolean':
        return !element && typeof v === 'boolean';
      case 'integer':
      case 'number':
      case 'calculated':
        return (
          !element &&
          typeof v === 'number' &&
          (field.type !== 'integer' || Number.isInteger(v)) &&
          v >= (field.min ?? -Infinity) &&
          v <= (field.max ?? Infinity)
        );
      case 'text':
      case 'textarea':
      case 'date':
      case 'datetime':
      case 'location':
      case 'attachment':
        return !element && typeof v === 'string';
      default:
        return false;
    }
  }
}
