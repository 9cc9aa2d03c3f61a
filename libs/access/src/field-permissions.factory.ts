import type { AccessGrant } from './case-access.types';
import type { FieldCatalogEntry } from './field-catalog.types';
import { formAccessFor, strongerAccess } from './form-access';
import { FieldPermissions, type ResolvedField } from './field-permissions';
import type { FormAccess, RoleDefinition } from './role-definition.types';

export interface FieldPermissionOptions {
  /** The grant through which the actor reaches the case, when it is not in the actor's own scope: its forms narrow the role's. */
  grant?: AccessGrant | null;
  /** May the actor read fields marked sensitive here? Pass `ability.can('read_sensitive', caseSubject(c))`. Default false. */
  readSensitive?: boolean;
  /** Nothing writable (e.g. the actor may read this case but not update it). Default false. */
  readOnly?: boolean;
  /** Key identifying subform items. Default `unique_id`. */
  itemIdKey?: string;
}

export const DEFAULT_ITEM_ID_KEY = 'unique_id';

/** A field the catalog lists several times (shared by forms) counts once: sensitive if any listing says so. */
interface MergedEntry {
  formIds: Set<string>;
  sensitive: boolean;
  children?: Map<string, MergedEntry>;
}

/**
 * Field rules for one actor on one case (or, with no grant and no sensitive access, the baseline for its role):
 * a top-level field is readable when one of its forms is readable, writable when one is writable; a sensitive field
 * also needs `readSensitive`; subform children follow their parent field's form, plus their own sensitivity.
 */
export function fieldPermissionsFor(
  role: RoleDefinition,
  catalog: readonly FieldCatalogEntry[],
  options: FieldPermissionOptions = {},
): FieldPermissions {
  // Without a grant the rules depend on the role, the catalog and two flags only: every create, read and list row of
  // an actor in its own scope asks for the same few. FieldPermissions is immutable, so one instance serves them all.
  if (options.grant) return resolveFieldPermissions(role, catalog, options);
  const key = `${options.readSensitive === true}|${options.readOnly === true}|${options.itemIdKey ?? DEFAULT_ITEM_ID_KEY}`;
  let byRole = grantlessPermissions.get(catalog);
  if (!byRole) grantlessPermissions.set(catalog, (byRole = new WeakMap()));
  let byKey = byRole.get(role);
  if (!byKey) byRole.set(role, (byKey = new Map()));
  let permissions = byKey.get(key);
  if (!permissions) byKey.set(key, (permissions = resolveFieldPermissions(role, catalog, options)));
  return permissions;
}

/** Catalog and role objects belong to one configuration snapshot: a new snapshot brings new keys, the old ones go. */
const grantlessPermissions = new WeakMap<readonly FieldCatalogEntry[], WeakMap<RoleDefinition, Map<string, FieldPermissions>>>();

function resolveFieldPermissions(role: RoleDefinition, catalog: readonly FieldCatalogEntry[], options: FieldPermissionOptions): FieldPermissions {
  const readSensitive = options.readSensitive === true;
  const readOnly = options.readOnly === true;
  const resolved = new Map<string, ResolvedField>();
  for (const [name, entry] of mergedCatalog(catalog)) {
    let access: FormAccess | null = null;
    for (const formId of entry.formIds) access = strongerAccess(access, formAccessFor(role, formId, options.grant));
    const readable = access !== null && (!entry.sensitive || readSensitive);
    const writable = readable && access === 'write' && !readOnly;
    resolved.set(name, resolveField(entry, readable, writable, readSensitive));
  }
  return new FieldPermissions(resolved, options.itemIdKey ?? DEFAULT_ITEM_ID_KEY);
}

function resolveField(entry: MergedEntry, readable: boolean, writable: boolean, readSensitive: boolean): ResolvedField {
  if (!entry.children) return { readable, writable };
  const children = new Map<string, ResolvedField>();
  for (const [name, child] of entry.children) {
    const childReadable = readable && (!child.sensitive || readSensitive);
    children.set(name, resolveField(child, childReadable, writable && childReadable, readSensitive));
  }
  return { readable, writable, children };
}

/**
 * Field rules are resolved per case (for every row of a list page), always over the same catalog array (one per
 * configuration snapshot): merge it once. Merged entries are never modified after the merge, so sharing is safe.
 */
const mergedCatalogs = new WeakMap<readonly FieldCatalogEntry[], Map<string, MergedEntry>>();

function mergedCatalog(catalog: readonly FieldCatalogEntry[]): Map<string, MergedEntry> {
  let merged = mergedCatalogs.get(catalog);
  if (!merged) mergedCatalogs.set(catalog, (merged = mergeEntries(catalog)));
  return merged;
}

function mergeEntries(entries: readonly FieldCatalogEntry[]): Map<string, MergedEntry> {
  const merged = new Map<string, MergedEntry>();
  for (const entry of entries) {
    const existing = merged.get(entry.name) ?? { formIds: new Set<string>(), sensitive: false };
    existing.formIds.add(entry.formId);
    existing.sensitive ||= entry.sensitive === true;
    if (entry.subformFields) {
      const children = mergeEntries(entry.subformFields);
      existing.children ??= new Map();
      for (const [name, child] of children) existing.children.set(name, mergeChild(existing.children.get(name), child));
    }
    merged.set(entry.name, existing);
  }
  return merged;
}

function mergeChild(existing: MergedEntry | undefined, incoming: MergedEntry): MergedEntry {
  if (!existing) return incoming;
  const children = existing.children ?? incoming.children;
  if (existing.children && incoming.children) {
    for (const [name, child] of incoming.children) children!.set(name, mergeChild(existing.children.get(name), child));
  }
  return {
    formIds: new Set([...existing.formIds, ...incoming.formIds]),
    sensitive: existing.sensitive || incoming.sensitive,
    children,
  };
}
