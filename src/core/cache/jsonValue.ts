/** A value that survives JSON.stringify and JSON.parse unchanged: what the request cache stores. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
