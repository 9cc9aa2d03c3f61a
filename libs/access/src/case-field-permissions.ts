import type { Actor } from '@tutela/common';
import { caseSubject, defineScopeAbilityFor, type TutelaAbility } from './ability.factory';
import type { AccessGrant, CaseAccessAttributes } from './case-access.types';
import { isGrantActive } from './case-conditions';
import type { FieldCatalogEntry } from './field-catalog.types';
import { ALL_FORMS } from './form-access';
import type { FieldPermissions } from './field-permissions';
import { fieldPermissionsFor } from './field-permissions.factory';
import type { RoleDefinition } from './role-definition.types';

export interface CaseFieldPermissionInput {
  actor: Actor;
  role: RoleDefinition;
  /** The ability built by `defineAbilityFor(actor, role, { grants, now })`. */
  ability: TutelaAbility;
  catalog: readonly FieldCatalogEntry[];
  caseAttributes: CaseAccessAttributes;
  /** The actor's grants (any cases; those of other cases are ignored). */
  grants: readonly AccessGrant[];
  now?: Date;
  itemIdKey?: string;
}

/**
 * Field rules for one loaded case, derived from the ability: sensitive fields need `read_sensitive` on this case,
 * nothing is writable without `update` on it, and when the case is outside the actor's own scope (reached through a
 * referral, a transfer or break-the-glass) the active grants for it decide which forms show. Shared access with no
 * active grant describing it shows no form at all: the grant rows are the only record of what was shared.
 */
export function fieldPermissionsForCase(input: CaseFieldPermissionInput): FieldPermissions {
  const { actor, role, ability, catalog, caseAttributes } = input;
  const target = caseSubject(caseAttributes);
  const options = { itemIdKey: input.itemIdKey };
  if (!ability.can('read', target)) return fieldPermissionsFor(role, catalog, { ...options, grant: noForms(caseAttributes.id) });

  const inOwnScope = defineScopeAbilityFor(actor, role).can('read', target);
  return fieldPermissionsFor(role, catalog, {
    ...options,
    readSensitive: ability.can('read_sensitive', target),
    readOnly: !ability.can('update', target),
    grant: inOwnScope ? null : combinedGrant(caseAttributes.id, input.grants, input.now ?? new Date()),
  });
}

const noForms = (caseId: string): AccessGrant => ({ caseId, kind: 'referral', forms: [] });

/** Several live grants on the same case add up: the union of their forms. */
function combinedGrant(caseId: string, grants: readonly AccessGrant[], now: Date): AccessGrant {
  const live = grants.filter((grant) => grant.caseId === caseId && isGrantActive(grant, now));
  if (live.length === 0) return noForms(caseId);
  if (live.some((grant) => grant.forms === undefined || grant.forms === ALL_FORMS)) return { caseId, kind: live[0].kind, forms: ALL_FORMS };
  const forms = new Set(live.flatMap((grant) => grant.forms as string[]));
  return { caseId, kind: live[0].kind, forms: [...forms] };
}
