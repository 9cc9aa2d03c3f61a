import { createMongoAbility, subject, type ForcedSubject, type MongoAbility, type RawRuleOf } from '@casl/ability';
import type { Actor } from '@tutela/common';
import type { AccessGrant, CaseAccessAttributes } from './case-access.types';
import {
  activeBreakGlassCaseIds,
  caseConditionsMatcher,
  scopeConditions,
  shareConditions,
  type CaseCondition,
} from './case-conditions';
import {
  BREAK_GLASS_CASE_ACTIONS,
  RESOURCE_ACTIONS,
  RESOURCE_SUBJECTS,
  SHARED_CASE_ACTIONS,
  STATS_ONLY_CASE_ACTIONS,
  isCaseRecordAction,
  type CaseAction,
  type ResourceId,
  type SubjectName,
  type TutelaAction,
} from './permission.catalog';
import type { RoleDefinition } from './role-definition.types';

export type CaseSubject = CaseAccessAttributes & ForcedSubject<'Case'>;
export type TutelaSubject = SubjectName | CaseSubject;
export type TutelaAbility = MongoAbility<[TutelaAction, TutelaSubject]>;
type TutelaRule = RawRuleOf<TutelaAbility>;

export interface AbilityOptions {
  /** Grants the actor holds (break-the-glass grants make single cases visible until they expire). */
  grants?: readonly AccessGrant[];
  /** The clock for grant expiry; defaults to the current time. */
  now?: Date;
}

/** Which sources of case access to include; the scope-only variant tells "own scope" from "shared with me". */
interface AccessSources {
  shares: boolean;
  breakGlass: boolean;
}

/** Tags case attributes for CASL without mutating the caller's object. */
export const caseSubject = (attributes: CaseAccessAttributes): CaseSubject => subject('Case', { ...attributes });

/**
 * Builds the actor's ability for one request: the role's verbs per resource, case verbs limited to the role's scope
 * (plus accepted referral/transfer shares and live break-the-glass grants) and to its modules. No role, a disabled
 * role or a role that is not the actor's gives an ability that allows nothing.
 */
export function defineAbilityFor(actor: Actor, role: RoleDefinition | null | undefined, options: AbilityOptions = {}): TutelaAbility {
  const build = () => buildAbility(actor, role, options, { shares: true, breakGlass: true });
  // Grants expire with time and differ per request: only grant-free abilities are shared.
  return role && !options.grants?.length ? memoized(fullAbilities, role, actor, build) : build();
}

/** The ability from the role's own scope only, without shares or grants. */
export function defineScopeAbilityFor(actor: Actor, role: RoleDefinition | null | undefined): TutelaAbility {
  const build = () => buildAbility(actor, role, {}, { shares: false, breakGlass: false });
  return role ? memoized(scopeAbilities, role, actor, build) : build();
}

/**
 * Abilities are built per request from the same few (role, actor) pairs, and CASL compiles each rule's conditions
 * on first use: reusing them removes most of what access control costs on a request. Keyed by the role object (a
 * new configuration snapshot brings new role objects, so nothing stale survives a publish) and by every actor field
 * the rules read. CASL abilities are never updated after creation here, so sharing them is safe.
 */
const fullAbilities = new WeakMap<RoleDefinition, Map<string, TutelaAbility>>();
const scopeAbilities = new WeakMap<RoleDefinition, Map<string, TutelaAbility>>();
const MAX_ABILITIES_PER_ROLE = 10_000;

function memoized(
  cache: WeakMap<RoleDefinition, Map<string, TutelaAbility>>,
  role: RoleDefinition,
  actor: Actor,
  build: () => TutelaAbility,
): TutelaAbility {
  let byActor = cache.get(role);
  if (!byActor) cache.set(role, (byActor = new Map()));
  const key = [actor.userId, actor.roleId, actor.agencyId, actor.groupIds.join(','), actor.locationPath ?? ''].join('|');
  let ability = byActor.get(key);
  if (!ability) {
    if (byActor.size >= MAX_ABILITIES_PER_ROLE) byActor.clear();
    byActor.set(key, (ability = build()));
  }
  return ability;
}

function buildAbility(
  actor: Actor,
  role: RoleDefinition | null | undefined,
  options: AbilityOptions,
  sources: AccessSources,
): TutelaAbility {
  const rules: TutelaRule[] = [];
  if (role && role.id === actor.roleId && !role.flags?.disabled) {
    rules.push(...caseRules(actor, role, options, sources));
    for (const resource of ['config', 'user', 'audit_log'] as const) {
      for (const action of grantedVerbs(role, resource)) rules.push({ action, subject: RESOURCE_SUBJECTS[resource] });
    }
  }
  return createMongoAbility<TutelaAbility>(rules, { conditionsMatcher: caseConditionsMatcher as any });
}

/** The role's verbs on one resource, limited to the known vocabulary (unknown verbs grant nothing). */
export function grantedVerbs<R extends ResourceId>(role: RoleDefinition, resource: R): (typeof RESOURCE_ACTIONS)[R][number][] {
  const known: readonly string[] = RESOURCE_ACTIONS[resource];
  let verbs = (role.permissions?.[resource] ?? []).filter((verb) => known.includes(verb));
  if (resource === 'case' && role.flags?.statsOnly) verbs = verbs.filter((verb) => (STATS_ONLY_CASE_ACTIONS as string[]).includes(verb));
  return [...new Set(verbs)] as (typeof RESOURCE_ACTIONS)[R][number][];
}

function caseRules(actor: Actor, role: RoleDefinition, options: AbilityOptions, sources: AccessSources): TutelaRule[] {
  const verbs = grantedVerbs(role, 'case') as CaseAction[];
  const scoped = scopeConditions(actor, role.scope);
  const shared = sources.shares ? shareConditions(actor) : [];
  const canBreakGlass = sources.breakGlass && verbs.includes('break_glass') && verbs.includes('read');
  const glassCaseIds = canBreakGlass ? activeBreakGlassCaseIds(options.grants ?? [], options.now ?? new Date()) : [];
  const withModules = moduleRestriction(role);

  const rules: TutelaRule[] = [];
  const add = (action: CaseAction, condition: CaseCondition | undefined): void => {
    const conditions = withModules(condition ?? {});
    rules.push(conditions ? { action, subject: 'Case', conditions: conditions as any } : { action, subject: 'Case' });
  };
  for (const action of verbs) {
    if (!isCaseRecordAction(action)) {
      // Capabilities such as create or import come before any record exists, so only the role's modules limit them.
      add(action, undefined);
      continue;
    }
    for (const condition of scoped) add(action, condition);
    if (SHARED_CASE_ACTIONS.includes(action)) for (const condition of shared) add(action, condition);
    if (BREAK_GLASS_CASE_ACTIONS.includes(action) && glassCaseIds.length > 0) add(action, { id: { $in: glassCaseIds } });
  }
  return rules;
}

/** ANDs the role's module list into a condition; returns undefined for "no condition at all". */
function moduleRestriction(role: RoleDefinition): (condition: CaseCondition) => CaseCondition | undefined {
  const modules = role.modules ? [...new Set(role.modules)] : undefined;
  return (condition) => {
    const merged = modules ? { ...condition, module: { $in: modules } } : condition;
    return Object.keys(merged).length > 0 ? merged : undefined;
  };
}
