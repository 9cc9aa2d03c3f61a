import type { AccessGrant } from './case-access.types';
import type { FormAccess, RoleDefinition } from './role-definition.types';

export const ALL_FORMS = '*';

/**
 * What the role grants on one form: the form's own entry, else the `"*"` entry; `none` or nothing means no access.
 * A grant narrows further when the actor reaches the case only through it (e.g. a referral naming some forms).
 */
export function formAccessFor(role: RoleDefinition, formId: string, grant?: AccessGrant | null): FormAccess | null {
  if (role.flags?.disabled) return null;
  // Own keys only: a form id such as "constructor" must not pick up Object.prototype members.
  const forms = role.forms ?? {};
  const level = Object.hasOwn(forms, formId) ? forms[formId] : Object.hasOwn(forms, ALL_FORMS) ? forms[ALL_FORMS] : undefined;
  if (level !== 'read' && level !== 'write') return null;
  if (grant && !grantCoversForm(grant, formId)) return null;
  return level;
}

export const grantCoversForm = (grant: AccessGrant, formId: string): boolean =>
  grant.forms === undefined || grant.forms === ALL_FORMS || grant.forms.includes(formId);

/** The stronger of two accesses (write > read > none). */
export const strongerAccess = (a: FormAccess | null, b: FormAccess | null): FormAccess | null =>
  a === 'write' || b === 'write' ? 'write' : (a ?? b);
