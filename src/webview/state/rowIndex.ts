/**
 * Key -> position in the panel's rows, for rows that are appended far more often than removed:
 * a chunk of a million-row file adds its keys without copying the others. States share one
 * map; each sees only the positions below its own length, so an older state is never changed
 * by a newer one. Appending to a state that is not the latest (the reducer never does; tests
 * may) copies the map first.
 */
export class RowIndex {
  private constructor(
    private readonly shared: { map: Map<string, number>; length: number },
    readonly length: number,
  ) {}

  static of(keys: readonly string[]): RowIndex {
    return new RowIndex({ map: new Map(keys.map((key, position) => [key, position])), length: keys.length }, keys.length);
  }

  get(key: string): number | undefined {
    const position = this.shared.map.get(key);
    return position !== undefined && position < this.length ? position : undefined;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** This index with `keys` (none of them in it) at the next positions. */
  appended(keys: readonly string[]): RowIndex {
    let { shared } = this;
    if (shared.length !== this.length) shared = { map: new Map([...shared.map].filter(([, position]) => position < this.length)), length: this.length };
    keys.forEach((key, offset) => shared.map.set(key, this.length + offset));
    shared.length = this.length + keys.length;
    return new RowIndex(shared, shared.length);
  }
}
