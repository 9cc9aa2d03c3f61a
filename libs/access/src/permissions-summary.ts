import { grantedVerbs } from './ability.factory';
import { formAccessFor } from './form-access';
import type { ResourceId } from './permission.catalog';
import type { CaseScope, FormAccess, RoleDefinition } from './role-definition.types';

export interface PermissionsSummary {
  roleId: string;
  name: RoleDefinition['name'];
  scope: CaseScope;
  /** `'*'` when the role is not limited to some modules. */
  modules: string[] | '*';
  statsOnly: boolean;
  /** Effective verbs per resource (a disabled role has none). */
  permissions: Record<ResourceId, string[]>;
  /** Effective access per form; with `formIds` given, `"*"` is expanded into them. */
  forms: Record<string, FormAccess>;
}

/** What `GET /me` shows about the actor's role: the rules as they apply, not as written. */
export function permissionsSummary(role: RoleDefinition, options: { formIds?: readonly string[] } = {}): PermissionsSummary {
  const disabled = role.flags?.disabled === true;
  const verbs = (resource: ResourceId): string[] => (disabled ? [] : grantedVerbs(role, resource));
  const formIds = options.formIds ?? Object.keys(role.forms);
  const forms: Record<string, FormAccess> = {};
  for (const formId of formIds) {
    const access = formAccessFor(role, formId);
    if (access) forms[formId] = access;
  }
  return {
    roleId: role.id,
    name: role.name,
    scope: role.scope,
    modules: role.modules ? [...role.modules] : '*',
    statsOnly: role.flags?.statsOnly === true,
    permissions: { case: verbs('case'), config: verbs('config'), user: verbs('user'), audit_log: verbs('audit_log') },
    forms,
  };
}
