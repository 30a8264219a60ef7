import type { JsonObject } from '../jsonl/types';
import { col, type ColumnSpec, type ColumnType } from '../tasks/columns';

const CHAT_ROLES = new Set(['system', 'user', 'assistant', 'tool', 'developer']);

function isChatMessage(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const message = value as Record<string, unknown>;
  return typeof message.role === 'string' && CHAT_ROLES.has(message.role) && typeof message.content === 'string';
}

/** The one type every non-null value has; `json` when they disagree or are objects. */
function typeOfValues(values: readonly unknown[]): ColumnType {
  const present = values.filter((value) => value !== null && value !== undefined);
  const nullable = present.length < values.length;
  const withNull = (type: ColumnType) => (nullable ? col.nullable(type) : type);
  if (present.length === 0) return col.nullable(col.json);
  for (const kind of ['string', 'number', 'boolean'] as const) {
    if (present.every((value) => typeof value === kind)) return withNull(col[kind]);
  }
  if (!present.every(Array.isArray)) return withNull(col.json);
  const lists = present as unknown[][];
  const items = lists.flat();
  // A chat needs at least one message to be told from an empty list of anything.
  if (items.length > 0 && items.every(isChatMessage)) return withNull(col.chat);
  return withNull(col.list(items.length > 0 ? typeOfValues(items) : col.json));
}

/**
 * Column types from a sample of a file's rows. A column is nullable when some row holds null
 * or lacks it. Types are only as good as the sample: a later row may differ, which the run's
 * own input checks catch.
 */
export function inferColumns(rows: readonly JsonObject[]): ColumnSpec {
  const names = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  return Object.fromEntries(names.map((name) => [name, typeOfValues(rows.map((row) => row[name]))]));
}
