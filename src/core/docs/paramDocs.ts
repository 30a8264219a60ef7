import * as z from 'zod';
import { code } from './markdown';

/** The part of JSON Schema that zod emits for task and step parameters. */
export interface JsonSchema {
  type?: string | string[];
  description?: string;
  default?: unknown;
  const?: unknown;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  required?: string[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minLength?: number;
  minItems?: number;
}

export interface ParamDoc {
  name: string;
  type: string;
  /** The rendered default, `required`, or `none` for an optional parameter without default. */
  default: string;
  required: boolean;
  description: string;
}

/** The parameters' JSON Schema as a user writes them (defaults make a field optional). */
export function paramsSchema(params: z.ZodObject): JsonSchema {
  return z.toJSONSchema(params, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
}

function bounds(schema: JsonSchema): string[] {
  const isBound = (value: number | undefined): value is number => value !== undefined && Math.abs(value) < Number.MAX_SAFE_INTEGER;
  return [
    isBound(schema.minimum) ? `≥ ${schema.minimum}` : '',
    isBound(schema.exclusiveMinimum) ? `> ${schema.exclusiveMinimum}` : '',
    isBound(schema.maximum) ? `≤ ${schema.maximum}` : '',
    isBound(schema.exclusiveMaximum) ? `< ${schema.exclusiveMaximum}` : '',
  ].filter((bound) => bound !== '');
}

/** A parameter type in the reference's words: `integer ≥ 1`, `list<string>`, `"words" or "ngrams"`. */
export function describeSchemaType(schema: JsonSchema, nested = false): string {
  if (schema.anyOf) return schema.anyOf.map((option) => describeSchemaType(option, nested)).join(' or ');
  if (schema.const !== undefined) return JSON.stringify(schema.const);
  if (schema.enum) return schema.enum.map((value) => JSON.stringify(value)).join(' or ');
  const qualify = (base: string, qualifiers: string[]) => (nested || qualifiers.length === 0 ? base : `${base} ${qualifiers.join(', ')}`);
  switch (schema.type) {
    case 'integer':
    case 'number':
      return qualify(schema.type, bounds(schema));
    case 'string':
      return qualify('string', schema.minLength ? ['(non-empty)'] : []);
    case 'boolean':
    case 'null':
      return schema.type;
    case 'array':
      return qualify(`list<${schema.items ? describeSchemaType(schema.items, true) : 'any'}>`, schema.minItems ? [`(at least ${schema.minItems})`] : []);
    case 'object':
      return typeof schema.additionalProperties === 'object' ? `map<string, ${describeSchemaType(schema.additionalProperties, true)}>` : 'object';
    default:
      return Array.isArray(schema.type) ? schema.type.join(' or ') : 'any';
  }
}

/** A default short enough to read in a table, else a summary of it. */
export function describeDefault(value: unknown): string {
  const json = JSON.stringify(value);
  if (typeof value === 'string') return value.length <= 60 && !value.includes('\n') ? code(json) : `built-in text (${value.length} characters)`;
  if (json.length <= 60) return code(json);
  if (Array.isArray(value)) return `built-in list of ${value.length}`;
  if (typeof value === 'object' && value !== null) return `built-in map: ${Object.keys(value).map(code).join(', ')}`;
  return code(json);
}

export function describeParams(params: z.ZodObject): ParamDoc[] {
  const schema = paramsSchema(params);
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).map(([name, property]) => ({
    name,
    type: describeSchemaType(property),
    default: required.has(name) ? 'required' : 'default' in property ? describeDefault(property.default) : 'none',
    required: required.has(name),
    description: property.description ?? '',
  }));
}

/** A value a required parameter can take, so the reference can show columns: the least one allowed. */
export function sampleValue(schema: JsonSchema): unknown {
  if (schema.anyOf?.[0]) return sampleValue(schema.anyOf[0]);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case 'integer':
    case 'number':
      return schema.minimum ?? (schema.exclusiveMinimum !== undefined ? schema.exclusiveMinimum + 1 : 1);
    case 'string':
      return 'example';
    case 'boolean':
      return false;
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, (_, index) => (schema.items ? sampleValue(schema.items) : index));
    default:
      return {};
  }
}
