/**
 * JSON text that is the same for equal values however they were built: object keys in one
 * order (recursively) and fields whose value is undefined left out, so `{ a: 1, b: undefined }`
 * and `{ a: 1 }` encode alike. Arrays keep their order; an undefined item becomes null, as in
 * JSON.stringify.
 */
export function canonicalJson(value: unknown): string {
  // One JSON.stringify of a key-sorted copy is faster than encoding field by field.
  return JSON.stringify(withSortedKeys(value)) ?? 'null';
}

/**
 * A copy whose objects have their keys inserted in sorted order. JSON.stringify then writes
 * integer-like keys first in numeric order (as JavaScript enumerates them) and the others
 * sorted: one order for one set of keys, which is all a canonical form needs.
 */
function withSortedKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(withSortedKeys);
  const record = value as Record<string, unknown>;
  const sorted: Record<string, unknown> = {};
  for (const name of Object.keys(record).sort()) {
    const item = withSortedKeys(record[name]);
    // Assigning "__proto__" would set the prototype rather than add a field.
    if (name === '__proto__') Object.defineProperty(sorted, name, { value: item, enumerable: true, writable: true, configurable: true });
    else sorted[name] = item;
  }
  return sorted;
}
