/**
 * One field of the case forms, as the access rules need it. The lead adapts the forms engine's catalog to this shape
 * so that this lib stays independent of the forms lib.
 */
export interface FieldCatalogEntry {
  name: string;
  formId: string;
  /** Readable only with the `read_sensitive` permission on the case. */
  sensitive: boolean;
  /** Children of a subform field; each item of the stored array holds these keys. */
  subformFields?: FieldCatalogEntry[];
}

/** A history diff as stored in case events: field → previous and new value. */
export type FieldDiff = Record<string, { from: unknown; to: unknown }>;
