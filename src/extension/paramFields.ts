/**
 * A task's parameters as the command prompts see them: name, kind, description, default and
 * whether it must be given. Read from the task's zod schema (through its JSON schema), so the
 * prompts never repeat what the task declares. Pure, unit-tested.
 */
import * as z from 'zod';

export type ParamKind = 'integer' | 'number' | 'string' | 'boolean' | 'enum' | 'json';

export interface ParamField {
  name: string;
  description: string;
  kind: ParamKind;
  /** The allowed values of an enum. */
  options: readonly (string | number)[];
  /** No default and not optional: the task cannot run without it. */
  required: boolean;
  hasDefault: boolean;
  default?: unknown;
  /** null is an accepted value ("not set"). */
  nullable: boolean;
}

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  description?: string;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
};

/** Every parameter of `schema`, in declaration order. */
export function paramFields(schema: z.ZodObject): ParamField[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const required = new Set(json.required ?? []);
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const variants = property.anyOf ?? [property];
    const nullable = variants.some((variant) => variant.type === 'null');
    const values = variants.filter((variant) => variant.type !== 'null');
    const main = values[0] ?? {};
    // An enum, or a union of literals (`z.union([z.literal(50), z.literal(100)])`).
    const listed = values.every((variant) => variant.enum !== undefined || 'const' in variant)
      ? values.flatMap((variant) => variant.enum ?? [variant.const])
      : [];
    const options = listed.filter((value): value is string | number => typeof value === 'string' || typeof value === 'number');
    return {
      name,
      description: property.description ?? main.description ?? '',
      kind: options.length > 0 ? 'enum' : kindOf(main.type),
      options,
      required: required.has(name),
      hasDefault: 'default' in property,
      ...('default' in property ? { default: property.default } : {}),
      nullable,
    };
  });
}

function kindOf(type: JsonSchema['type']): ParamKind {
  switch (type) {
    case 'integer':
    case 'number':
    case 'string':
    case 'boolean':
      return type;
    default:
      return 'json';
  }
}

export type ParsedParam = { ok: true; value: unknown } | { ok: false; error: string };

/**
 * The value typed into an input box for `field`. Empty means "use the default" (undefined) for
 * an optional parameter; `null` clears a nullable one; objects and lists are written as JSON.
 */
export function parseParamText(field: ParamField, text: string): ParsedParam {
  const trimmed = text.trim();
  if (trimmed === '') {
    return field.required ? { ok: false, error: `${field.name} is required.` } : { ok: true, value: undefined };
  }
  if (field.nullable && trimmed === 'null') return { ok: true, value: null };
  switch (field.kind) {
    case 'integer':
    case 'number': {
      const value = Number(trimmed);
      if (!Number.isFinite(value)) return { ok: false, error: `${field.name} must be a number, not "${trimmed}".` };
      if (field.kind === 'integer' && !Number.isInteger(value)) return { ok: false, error: `${field.name} must be a whole number.` };
      return { ok: true, value };
    }
    case 'boolean':
      if (trimmed === 'true' || trimmed === 'false') return { ok: true, value: trimmed === 'true' };
      return { ok: false, error: `${field.name} must be true or false.` };
    case 'enum': {
      const option = field.options.find((candidate) => String(candidate) === trimmed);
      if (option === undefined) return { ok: false, error: `${field.name} must be one of ${field.options.map((o) => JSON.stringify(o)).join(', ')}.` };
      return { ok: true, value: option };
    }
    case 'string':
      // Text is taken as typed, spaces included; only the emptiness check trims.
      return { ok: true, value: text };
    case 'json':
      try {
        return { ok: true, value: JSON.parse(trimmed) as unknown };
      } catch {
        return { ok: false, error: `${field.name} must be written as JSON, e.g. {"KEY": "value"} or ["a", "b"].` };
      }
  }
}

/** Why `value` is not acceptable for parameter `name` of `schema`, or undefined when it is. */
export function checkParamValue(schema: z.ZodObject, name: string, value: unknown): string | undefined {
  const field = schema.shape[name];
  if (!field) return `unknown parameter "${name}"`;
  const parsed = (field as z.ZodType).safeParse(value);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` (at ${issue.path.join('.')})` : '';
  return `${name}: ${issue?.message ?? 'invalid value'}${where}`;
}

/** A parameter value as shown in pickers and the input box: strings bare, the rest as JSON. */
export function formatParamValue(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

/** Required parameters that `params` does not give. */
export function missingRequired(fields: readonly ParamField[], params: Readonly<Record<string, unknown>>): ParamField[] {
  return fields.filter((field) => field.required && params[field.name] === undefined);
}

/**
 * Remembered parameters that still fit the task's schema: a parameter the task no longer has,
 * or whose value it would now refuse, is dropped so that an old choice cannot block a run.
 */
export function usableParams(schema: z.ZodObject, params: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).filter(([name, value]) => checkParamValue(schema, name, value) === undefined));
}
