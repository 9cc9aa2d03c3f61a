import { RoleDefinition, defineAbilityFor, formAccessFor } from '@tutela/access';
import { Actor, TutelaError } from '@tutela/common';
import { FieldDefinition, FormDefinition, pickLocale } from '@tutela/forms';
import { ConfigSnapshot } from './config-snapshot';

/**
 * What one actor may see of the configuration: which forms (role form access and modules), whether sensitive fields
 * are shown, and the locale of the answer. Configuration managers see every form whole, since they edit them.
 */
export class ConfigReaderAccess {
  readonly managesConfig: boolean;
  readonly readsSensitive: boolean;
  readonly locale: string;

  private constructor(
    private readonly role: RoleDefinition,
    snapshot: ConfigSnapshot,
    actor: Actor,
    requestedLocale: string | undefined,
  ) {
    const ability = defineAbilityFor(actor, role);
    this.managesConfig = ability.can('manage_config', 'Config');
    this.readsSensitive = this.managesConfig || ability.can('read_sensitive', 'Case');
    this.locale = pickLocale(requestedLocale, snapshot.country.locales, snapshot.country.defaultLocale);
  }

  /** Deny by default: an actor whose role is missing from the configuration reads nothing. */
  static of(actor: Actor, snapshot: ConfigSnapshot, requestedLocale: string | undefined): ConfigReaderAccess {
    const role = snapshot.roles.get(actor.roleId);
    if (!role || role.flags?.disabled) throw TutelaError.forbidden('Your role is not defined in the current configuration');
    return new ConfigReaderAccess(role, snapshot, actor, requestedLocale);
  }

  /** `null`: the form is not visible to this actor (answered as 404, like a form that does not exist). */
  formAccess(form: FormDefinition): 'read' | 'write' | null {
    const granted = this.role.modules && !this.role.modules.includes(form.module) ? null : formAccessFor(this.role, form.id);
    if (granted) return granted;
    return this.managesConfig ? 'read' : null;
  }

  /** The form without the fields this actor may not read (sensitive ones for roles without read_sensitive). */
  readableForm(form: FormDefinition): FormDefinition {
    if (this.readsSensitive) return form;
    const keep = (fields: readonly FieldDefinition[]): FieldDefinition[] =>
      fields.filter((f) => !f.sensitive).map((f) => (f.fields ? { ...f, fields: keep(f.fields) } : f));
    return { ...form, fields: keep(form.fields) };
  }
}
