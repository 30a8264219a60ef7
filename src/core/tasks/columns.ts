/**
 * The column type system. Tasks declare their input and output columns with these types; the
 * runtime checks rows against them, and the pipeline checker compares producer and consumer.
 * Types are plain data so they can cross the LSP and webview boundaries unchanged.
 */

export type ColumnType =
  | { kind: 'string'; nullable: boolean }
  | { kind: 'number'; nullable: boolean }
  | { kind: 'boolean'; nullable: boolean }
  /** Any JSON value: accepted everywhere, checked nowhere. */
  | { kind: 'json'; nullable: boolean }
  /** OpenAI-style chat: a list of `{ role, content }` messages. */
  | { kind: 'chat'; nullable: boolean }
  | { kind: 'list'; item: ColumnType; nullable: boolean };

/** Column name to type, in declaration order (the order outputs are written in). */
export type ColumnSpec = Readonly<Record<string, ColumnType>>;

export const col = {
  string: { kind: 'string', nullable: false },
  number: { kind: 'number', nullable: false },
  boolean: { kind: 'boolean', nullable: false },
  json: { kind: 'json', nullable: false },
  chat: { kind: 'chat', nullable: false },
  list: (item: ColumnType): ColumnType => ({ kind: 'list', item, nullable: false }),
  nullable: (type: ColumnType): ColumnType => ({ ...type, nullable: true }),
} as const satisfies Record<string, ColumnType | ((t: ColumnType) => ColumnType)>;

/** How a type reads in diagnostics and docs: `list<number?>`, `chat`, `string?`. */
export function describeColumnType(type: ColumnType): string {
  const base = type.kind === 'list' ? `list<${describeColumnType(type.item)}>` : type.kind;
  return type.nullable ? `${base}?` : base;
}

const CHAT_ROLES = new Set(['system', 'user', 'assistant', 'tool', 'developer']);

function isChatMessage(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const message = value as Record<string, unknown>;
  return typeof message.role === 'string' && CHAT_ROLES.has(message.role) && typeof message.content === 'string';
}

/**
 * Why `value` does not fit `type`, in words a user can act on, or null when it fits.
 * `path` names the place (a column, or a column plus an index) for the message.
 */
export function explainTypeMismatch(value: unknown, type: ColumnType, path: string): string | null {
  if (value === null || value === undefined) {
    return type.nullable || type.kind === 'json' ? null : `${path} is ${value === null ? 'null' : 'missing'}`;
  }
  switch (type.kind) {
    case 'json':
      return null;
    case 'string':
    case 'number':
    case 'boolean':
      return typeof value === type.kind ? null : `${path} should be a ${type.kind}, got ${describeJsonValue(value)}`;
    case 'chat':
      if (Array.isArray(value) && value.every(isChatMessage)) return null;
      return `${path} should be a chat (a list of {"role", "content"} messages), got ${describeJsonValue(value)}`;
    case 'list': {
      if (!Array.isArray(value)) return `${path} should be a list of ${describeColumnType(type.item)}, got ${describeJsonValue(value)}`;
      for (const [index, item] of value.entries()) {
        const problem = explainTypeMismatch(item, type.item, `${path}[${index}]`);
        if (problem) return problem;
      }
      return null;
    }
  }
}

/** A short description of a JSON value's shape for error messages: "a number (3)", "an object". */
export function describeJsonValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  switch (typeof value) {
    case 'string':
      return value.length > 40 ? 'a string' : `a string (${JSON.stringify(value)})`;
    case 'number':
    case 'boolean':
      return `a ${typeof value} (${String(value)})`;
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

/** Every column of `spec` set to null: the outputs of a row whose task could not produce them. */
export function nullValues(spec: ColumnSpec): Record<string, null> {
  return Object.fromEntries(Object.keys(spec).map((name) => [name, null]));
}
