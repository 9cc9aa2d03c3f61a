import { buildMongoQueryMatcher } from '@casl/ability';
import type { Actor } from '@tutela/common';
import type { AccessGrant } from './case-access.types';
import type { CaseScope } from './role-definition.types';

/**
 * Conditions on case attributes, in the subset of CASL's Mongo-style query language that the SQL translator
 * understands: `field: value`, `field: { $in: [...] }` and our own `locationPath: { $under: 'ML.ML09' }` (ltree
 * subtree, i.e. `location_path <@ 'ML.ML09'`). Keeping the vocabulary this small is what lets the same rules be
 * checked in memory and turned into SQL without drift.
 */
export type CaseCondition = Record<string, unknown>;

/** True when `path` is `base` or below it: label-wise, so `ML.ML011` is not under `ML.ML01`. */
export const isLocationUnder = (path: unknown, base: unknown): boolean =>
  typeof path === 'string' && typeof base === 'string' && base !== '' && (path === base || path.startsWith(`${base}.`));

interface FieldNode {
  field: string;
  value: unknown;
}
type FieldGetter = (object: unknown, field: string) => unknown;

const under = (node: FieldNode, object: unknown, context: { get: FieldGetter }): boolean =>
  isLocationUnder(context.get(object, node.field), node.value);

/** CASL's Mongo matcher extended with `$under`. */
export const caseConditionsMatcher = buildMongoQueryMatcher({ $under: { type: 'field' } } as any, { under } as any);

const own = (actor: Actor): CaseCondition[] => [{ ownerId: actor.userId }, { assignedUserIds: actor.userId }];

/**
 * The alternatives (OR-ed) that make a case visible under a scope. `[{}]` means every case. A scope whose anchor the
 * user lacks (no groups, no home location) falls back to `own` instead of matching nothing or everything.
 */
export function scopeConditions(actor: Actor, scope: CaseScope): CaseCondition[] {
  switch (scope) {
    case 'all':
      return [{}];
    case 'agency':
      return actor.agencyId ? [...own(actor), { agencyId: actor.agencyId }] : own(actor);
    case 'group':
      return actor.groupIds.length > 0 ? [...own(actor), { groupIds: { $in: [...actor.groupIds] } }] : own(actor);
    case 'location':
      return actor.locationPath ? [...own(actor), { locationPath: { $under: actor.locationPath } }] : own(actor);
    case 'own':
      return own(actor);
    default:
      return [];
  }
}

/** Accepted referrals and transfers, to the user or to the user's agency. */
export function shareConditions(actor: Actor): CaseCondition[] {
  const conditions: CaseCondition[] = [{ sharedUserIds: actor.userId }];
  if (actor.agencyId) conditions.push({ sharedAgencyIds: actor.agencyId });
  return conditions;
}

/** Grants still in force at `now`. A grant without a valid expiry never counts as time-limited, so it is dropped. */
export const isGrantActive = (grant: AccessGrant, now: Date): boolean => {
  if (grant.kind !== 'break_glass') return grant.expiresAt === undefined || grant.expiresAt.getTime() > now.getTime();
  return grant.expiresAt instanceof Date && grant.expiresAt.getTime() > now.getTime();
};

export function activeBreakGlassCaseIds(grants: readonly AccessGrant[], now: Date): string[] {
  const ids = grants.filter((grant) => grant.kind === 'break_glass' && isGrantActive(grant, now)).map((grant) => grant.caseId);
  return [...new Set(ids)];
}
