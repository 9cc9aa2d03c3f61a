import { TutelaError } from '@tutela/common';

/**
 * The pointers (`/data/<field>/…`) that name a field some form defines. A name no form defines is left to
 * validation, which answers 422 `unknown_field` (a client bug to fix, not a permission to ask for).
 */
export function knownFieldPointers(forms: { fieldCatalog(recordType: 'case'): ReadonlyArray<{ name: string }> }, pointers: string[]): string[] {
  if (pointers.length === 0) return pointers;
  const catalog = new Set(forms.fieldCatalog('case').map((f) => f.name));
  return pointers.filter((pointer) => catalog.has(fieldOfPointer(pointer)));
}

/** `/data/<field>/…` → the field name (JSON pointer escapes undone). */
export function fieldOfPointer(pointer: string): string {
  return (pointer.split('/')[2] ?? '').replace(/~1/g, '/').replace(/~0/g, '~');
}

/** 403 naming every field the actor may not write. */
export function forbiddenFields(pointers: string[]): TutelaError {
  return TutelaError.forbidden(
    'You may not write some of these fields',
    pointers.map((path) => ({ path, code: 'forbidden_field', message: 'You may not write this field' })),
  );
}
