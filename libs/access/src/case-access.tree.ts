import { rulesToCondition } from '@casl/ability/extra';
import type { TutelaAbility } from './ability.factory';
import type { CaseRecordAction } from './permission.catalog';

/**
 * The case columns rules may name, with their SQL shape. Anything else in a rule is a programming error: the
 * translator throws rather than guess, so an unexpected rule can never widen a list.
 */
export const CASE_ACCESS_COLUMNS = {
  id: { column: 'id', type: 'uuid', array: false, nullable: false },
  module: { column: 'module', type: 'text', array: false, nullable: false },
  ownerId: { column: 'owner_id', type: 'uuid', array: false, nullable: false },
  agencyId: { column: 'agency_id', type: 'text', array: false, nullable: false },
  groupIds: { column: 'group_ids', type: 'text', array: true, nullable: false },
  assignedUserIds: { column: 'assigned_user_ids', type: 'uuid', array: true, nullable: false },
  sharedUserIds: { column: 'shared_user_ids', type: 'uuid', array: true, nullable: false },
  sharedAgencyIds: { column: 'shared_agency_ids', type: 'text', array: true, nullable: false },
  locationPath: { column: 'location_path', type: 'ltree', array: false, nullable: true },
} as const;

export type CaseAccessField = keyof typeof CASE_ACCESS_COLUMNS;

/** `eq`: equals (scalar column) or contains (array column); `in`: one of (scalar) or overlaps (array); `under`: ltree subtree. */
export type PredicateOperator = 'eq' | 'in' | 'under';

export type AccessTree =
  | { kind: 'true' }
  | { kind: 'false' }
  | { kind: 'and'; children: AccessTree[] }
  | { kind: 'or'; children: AccessTree[] }
  | { kind: 'not'; child: AccessTree }
  | { kind: 'predicate'; field: CaseAccessField; operator: PredicateOperator; value: string | string[] };

export const TRUE_TREE: AccessTree = { kind: 'true' };
export const FALSE_TREE: AccessTree = { kind: 'false' };

const and = (children: AccessTree[]): AccessTree => (children.length === 1 ? children[0] : { kind: 'and', children });
const or = (children: AccessTree[]): AccessTree => (children.length === 1 ? children[0] : { kind: 'or', children });

/**
 * The boolean shape of "which cases may the actor `action`", from the ability's rules in CASL priority order
 * (a later `cannot` masks earlier `can`s). No rule at all yields FALSE: deny by default.
 */
export function caseAccessTree(ability: TutelaAbility, action: CaseRecordAction): AccessTree {
  const tree = rulesToCondition(
    ability.rulesFor(action, 'Case'),
    (rule) => {
      const condition = conditionTree(rule.conditions as Record<string, unknown>);
      return rule.inverted ? ({ kind: 'not', child: condition } as AccessTree) : condition;
    },
    { and, or, empty: () => TRUE_TREE },
  );
  return tree ?? FALSE_TREE;
}

function conditionTree(conditions: Record<string, unknown>): AccessTree {
  const predicates = Object.entries(conditions).map(([field, value]) => predicate(field, value));
  return predicates.length === 0 ? TRUE_TREE : and(predicates);
}

function predicate(field: string, value: unknown): AccessTree {
  if (!Object.hasOwn(CASE_ACCESS_COLUMNS, field)) throw new Error(`Case access rules may not filter on "${field}"`);
  const column = field as CaseAccessField;
  if (typeof value === 'string') return { kind: 'predicate', field: column, operator: 'eq', value };
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value);
    if (entries.length === 1) {
      const [operator, operand] = entries[0];
      if (operator === '$eq' && typeof operand === 'string') return { kind: 'predicate', field: column, operator: 'eq', value: operand };
      if (operator === '$in' && isStringList(operand)) {
        return operand.length === 0 ? FALSE_TREE : { kind: 'predicate', field: column, operator: 'in', value: [...operand] };
      }
      if (operator === '$under' && typeof operand === 'string' && CASE_ACCESS_COLUMNS[column].type === 'ltree') {
        return { kind: 'predicate', field: column, operator: 'under', value: operand };
      }
    }
  }
  throw new Error(`Unsupported case access condition on "${field}"`);
}

const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');
