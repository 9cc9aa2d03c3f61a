import { createMongoAbility, type RawRuleOf } from '@casl/ability';
import { caseAccessToSql, type TutelaAbility } from '@tutela/access';
import { SqlParams } from '../cases/sql-params';

/** Rule conditions the cells can decide: `case_stat_cells` has these scope columns, under the same names as `cases`. */
const CELL_SCOPE_FIELDS: ReadonlySet<string> = new Set(['module', 'agencyId', 'locationPath']);

/** The actor's `view_stats` rules in two parts: those the cells can decide, and the rest, counted live. */
export interface StatsScopeSplit {
  cells: TutelaAbility;
  /** Null when every rule is answered by the cells (e.g. scope `all`). */
  live: TutelaAbility | null;
}

type CaseRule = RawRuleOf<TutelaAbility>;

/**
 * Splits the rules: those with conditions only on module, agency and location (agency, location and `all` scopes)
 * go to the cells; the rest (own and assigned cases, groups) is counted live among the cases the first part does not
 * already cover. Null when the cells cannot help: no rule they can decide (own- and group-scoped case workers, whose
 * few cases an indexed live count serves well), or an inverted rule, whose masking the split would not preserve.
 */
export function splitStatsScope(ability: TutelaAbility): StatsScopeSplit | null {
  const rules = ability.rulesFor('view_stats', 'Case');
  if (rules.some((rule) => rule.inverted)) return null;
  const answeredByCells = (rule: (typeof rules)[number]) => Object.keys(rule.conditions ?? {}).every((field) => CELL_SCOPE_FIELDS.has(field));
  const cellRules: CaseRule[] = rules.filter(answeredByCells).map((rule) => rule.origin as CaseRule);
  const liveRules: CaseRule[] = rules.filter((rule) => !answeredByCells(rule)).map((rule) => rule.origin as CaseRule);
  if (cellRules.length === 0) return null;
  return { cells: createMongoAbility<TutelaAbility>(cellRules), live: liveRules.length ? createMongoAbility<TutelaAbility>(liveRules) : null };
}

/** The scope condition (alias `c`) of a split part, its parameters appended to `params`. */
export function scopeSql(ability: TutelaAbility, params: SqlParams): string {
  const fragment = caseAccessToSql(ability, 'view_stats', { paramOffset: params.next, tableAlias: 'c' });
  params.append(fragment.params);
  return fragment.sql;
}
