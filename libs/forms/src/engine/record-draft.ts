type Data = Record<string, unknown>;

/**
 * The record data being prepared, copied on write: the caller's object is never mutated, is copied on the first
 * real change only (a patch that changes nothing derived costs no copy of a large record), and is handed back
 * as is when nothing changed.
 */
export class RecordDraft {
  value: Data;
  private owned = false;
  private changed = false;

  constructor(private readonly original: Readonly<Data>) {
    this.value = original as Data;
  }

  /** The prepared data: the caller's object itself when nothing changed. */
  get result(): Data {
    return this.changed ? this.value : (this.original as Data);
  }

  /** Continues from a copy of the original the caller already made; `changed` when it already differs. */
  adopt(copy: Data, changed: boolean): void {
    this.value = copy;
    this.owned = true;
    this.changed = changed;
  }

  set(name: string, next: unknown): void {
    if (this.value[name] === next) return;
    this.own()[name] = next;
    this.changed = true;
  }

  delete(name: string): void {
    if (!(name in this.value)) return;
    delete this.own()[name];
    this.changed = true;
  }

  // Key by key into a literal rather than Object.assign or a spread: Ajv validates this copy faster than an
  // Object.assign copy, and adding a key to a spread clone gives every record its own hidden class, which makes
  // the validator several times slower on it. `source` is a local so that V8 reads each value through the
  // for-in cache instead of a generic keyed lookup.
  private own(): Data {
    if (!this.owned) {
      const source = this.value;
      const copy: Data = {};
      for (const key in source) copy[key] = source[key];
      this.value = copy;
      this.owned = true;
    }
    return this.value;
  }
}
