/** Collects positional parameters while a query is assembled: `add(value)` returns its `$n` placeholder. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  /** The number the next placeholder will get (for fragments built elsewhere, e.g. the access translator). */
  get next(): number {
    return this.values.length + 1;
  }

  append(values: unknown[]): void {
    this.values.push(...values);
  }
}
