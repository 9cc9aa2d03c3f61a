import type { FieldDiff } from './field-catalog.types';

/** One field after applying the role, the grant and the sensitivity rule. */
export interface ResolvedField {
  readable: boolean;
  writable: boolean;
  children?: Map<string, ResolvedField>;
}

type PlainObject = Record<string, unknown>;

const isPlainObject = (value: unknown): value is PlainObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** RFC 6901 escaping, so a field name can never forge another pointer. */
const pointerToken = (token: string | number): string => String(token).replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * What one actor may read and write in the `data` of one case. Fields the catalog does not know are treated like
 * unreadable ones (stripped on read, refused on write), so an unreadable field and a missing field answer alike and
 * field existence does not leak.
 */
export class FieldPermissions {
  constructor(
    private readonly fields: Map<string, ResolvedField>,
    /** Key that identifies a subform item; kept on every item and never reported as a write. */
    private readonly itemIdKey: string,
  ) {}

  /** `name` for a top-level field, `subform.child` (any depth) for a subform field. */
  canRead(path: string): boolean {
    return this.resolve(path)?.readable ?? false;
  }

  canWrite(path: string): boolean {
    return this.resolve(path)?.writable ?? false;
  }

  readableFields(): string[] {
    return [...this.fields].filter(([, field]) => field.readable).map(([name]) => name);
  }

  writableFields(): string[] {
    return [...this.fields].filter(([, field]) => field.writable).map(([name]) => name);
  }

  /** A copy of `data` without the fields (and subform item fields) the actor may not read. */
  stripUnreadable(data: PlainObject): PlainObject {
    return this.stripObject(data, this.fields, false);
  }

  /**
   * JSON pointers (`/data/<field>`, `/data/<subform>/<index>/<child>`) of every value in `patch` the actor may not
   * write; empty when the whole patch is allowed.
   */
  unwritable(patch: PlainObject): string[] {
    const pointers: string[] = [];
    this.collectUnwritable(patch, this.fields, '/data', false, pointers);
    return pointers;
  }

  /** History diff limited to readable fields; subform values inside `from`/`to` are stripped item by item. */
  filterDiff(diff: FieldDiff): FieldDiff {
    const filtered: FieldDiff = {};
    for (const [key, change] of Object.entries(diff)) {
      const path = key.split(/[./]/).filter((segment) => segment !== '' && !/^\d+$/.test(segment));
      const field = this.resolveSegments(path);
      if (!field?.readable || !isPlainObject(change)) continue;
      filtered[key] = { from: this.stripValue(field, change.from), to: this.stripValue(field, change.to) };
    }
    return filtered;
  }

  /**
   * The actor sends back whole subform arrays as it read them, without the children it may not see. Before storing,
   * put those hidden values back into the items it kept (matched by item id) so writing a subform never erases data
   * the actor could not read.
   */
  restoreUnreadable(stored: PlainObject, patch: PlainObject): PlainObject {
    return this.restoreObject(stored, patch, this.fields);
  }

  private resolve(path: string): ResolvedField | undefined {
    return this.resolveSegments(path.split('.'));
  }

  private resolveSegments(segments: string[]): ResolvedField | undefined {
    let fields: Map<string, ResolvedField> | undefined = this.fields;
    let field: ResolvedField | undefined;
    for (const segment of segments) {
      field = fields?.get(segment);
      if (!field) return undefined;
      fields = field.children;
    }
    return field;
  }

  private stripObject(data: PlainObject, fields: Map<string, ResolvedField>, isItem: boolean): PlainObject {
    const result: PlainObject = {};
    for (const [key, value] of Object.entries(data)) {
      if (isItem && key === this.itemIdKey) {
        result[key] = value;
        continue;
      }
      const field = fields.get(key);
      if (field?.readable) result[key] = this.stripValue(field, value);
    }
    return result;
  }

  private stripValue(field: ResolvedField, value: unknown): unknown {
    if (!field.children || !Array.isArray(value)) return value;
    const children = field.children;
    return value.map((item) => (isPlainObject(item) ? this.stripObject(item, children, true) : item));
  }

  private collectUnwritable(
    patch: PlainObject,
    fields: Map<string, ResolvedField>,
    base: string,
    isItem: boolean,
    pointers: string[],
  ): void {
    for (const [key, value] of Object.entries(patch)) {
      if (isItem && key === this.itemIdKey) continue;
      const pointer = `${base}/${pointerToken(key)}`;
      const field = fields.get(key);
      if (!field?.writable) {
        pointers.push(pointer);
        continue;
      }
      const children = field.children;
      if (!children || !Array.isArray(value)) continue;
      value.forEach((item, index) => {
        if (isPlainObject(item)) this.collectUnwritable(item, children, `${pointer}/${index}`, true, pointers);
      });
    }
  }

  private restoreObject(stored: PlainObject, patch: PlainObject, fields: Map<string, ResolvedField>): PlainObject {
    const result: PlainObject = { ...patch };
    for (const [key, value] of Object.entries(patch)) {
      const children = fields.get(key)?.children;
      const previous = stored[key];
      if (!children || !Array.isArray(value) || !Array.isArray(previous)) continue;
      const previousById = new Map<unknown, PlainObject>();
      for (const item of previous) if (isPlainObject(item) && item[this.itemIdKey] !== undefined) previousById.set(item[this.itemIdKey], item);
      result[key] = value.map((item) => {
        const before = isPlainObject(item) && item[this.itemIdKey] !== undefined ? previousById.get(item[this.itemIdKey]) : undefined;
        return before && isPlainObject(item) ? this.restoreItem(before, item, children) : item;
      });
    }
    return result;
  }

  private restoreItem(before: PlainObject, item: PlainObject, children: Map<string, ResolvedField>): PlainObject {
    // fromEntries defines own properties, so a stored "__proto__" key stays data instead of becoming a prototype.
    const hidden = Object.fromEntries(Object.entries(before).filter(([key]) => key !== this.itemIdKey && !children.get(key)?.readable));
    return { ...this.restoreObject(before, item, children), ...hidden };
  }
}
