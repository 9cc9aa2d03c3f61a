import { FieldPermissions } from '@tutela/access';
import { ErrorDetail, TutelaError } from '@tutela/common';
import { FieldCatalogEntry } from '@tutela/forms';

/** Record attributes every export carries before the form fields (no personal data). */
export const RECORD_COLUMNS = ['id', 'short_id', 'status', 'workflow_state', 'agency_id', 'owner_id', 'location_code', 'created_at', 'updated_at'];

/**
 * The field columns of an export: the fields asked for (or those of the forms asked for, or every field), limited to
 * what the role may read at best. Asking for a field the role may never read is refused (403 names it); a field
 * readable only on some cases (sensitive, scoped) is a column left empty on the others.
 */
export function exportFieldColumns(catalog: FieldCatalogEntry[], best: FieldPermissions, fields?: string[], forms?: string[]): string[] {
  const errors: ErrorDetail[] = [];
  const known = new Map(catalog.map((f) => [f.name, f]));
  fields?.forEach((name, i) => {
    if (!known.has(name)) errors.push({ path: `/fields/${i}`, code: 'unknown_field', message: `unknown field "${name}"` });
  });
  const formIds = new Set(catalog.map((f) => f.formId));
  forms?.forEach((id, i) => {
    if (!formIds.has(id)) errors.push({ path: `/forms/${i}`, code: 'unknown_form', message: `unknown form "${id}"` });
  });
  if (errors.length) throw TutelaError.validation(errors);
  const forbidden = (fields ?? []).map((name, i) => ({ name, i })).filter(({ name }) => !best.canRead(name));
  if (forbidden.length) {
    throw TutelaError.forbidden(
      'You may not export fields you may not read',
      forbidden.map(({ i }) => ({ path: `/fields/${i}`, code: 'forbidden_field', message: 'not readable' })),
    );
  }
  const wanted = fields ? catalog.filter((f) => fields.includes(f.name)) : forms ? catalog.filter((f) => forms.includes(f.formId)) : catalog;
  return [...new Set(wanted.filter((f) => best.canRead(f.name)).map((f) => f.name))];
}
