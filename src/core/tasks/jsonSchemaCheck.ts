/**
 * A small JSON Schema checker for the subset that structured-output schemas use (the shapes
 * pydantic and OpenAI's json_schema produce). Checked keywords: type, enum, const, properties,
 * required, additionalProperties, items, prefixItems, minItems, maxItems, minLength, maxLength,
 * pattern, minimum, maximum, exclusiveMinimum, exclusiveMaximum, anyOf, oneOf, allOf and local
 * `$ref`s ("#/$defs/...", "#/definitions/..."). Other keywords (format, title, description,
 * default, ...) are annotations here and are not checked, as JSON Schema allows.
 */

export interface SchemaViolation {
  /** Where in the value: `$`, `$.name`, `$.items[2]`. */
  path: string;
  message: string;
}

type Schema = Record<string, unknown> | boolean;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The JSON type of a value, integers told apart from other numbers. */
function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${jsonType(value)} ${text.slice(0, 37)}...` : text;
}

function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function resolveRef(ref: string, root: Schema): Schema | undefined {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = root;
  for (const part of ref.slice(1).split('/').filter((segment) => segment !== '')) {
    const key = decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObject(node)) return undefined;
    node = node[key];
  }
  return isObject(node) || typeof node === 'boolean' ? node : undefined;
}

function typeMatches(value: unknown, type: string): boolean {
  const actual = jsonType(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

/**
 * Violations of `schema` by `value`, at most `limit`; empty when the value conforms. A schema
 * that is not an object or boolean, or a `$ref` that cannot be resolved, is reported as a violation.
 */
export function checkJsonSchema(value: unknown, schema: unknown, limit = 20): SchemaViolation[] {
  if (!isObject(schema) && typeof schema !== 'boolean') return [{ path: '$', message: 'the schema is not a JSON object' }];
  const violations: SchemaViolation[] = [];
  check(value, schema, schema, '$', violations, limit, 0);
  return violations.slice(0, limit);
}

function check(value: unknown, schema: Schema, root: Schema, path: string, out: SchemaViolation[], limit: number, depth: number): void {
  if (out.length >= limit) return;
  const add = (message: string, at = path) => {
    if (out.length < limit) out.push({ path: at, message });
  };
  if (schema === true) return;
  if (schema === false) return add('no value is allowed here');
  // Deep enough only for a $ref cycle; real schemas are far shallower.
  if (depth > 64) return add('the schema nests too deeply (a $ref cycle?)');

  if (typeof schema.$ref === 'string') {
    const target = resolveRef(schema.$ref, root);
    if (target === undefined) return add(`cannot resolve $ref "${schema.$ref}"`);
    check(value, target, root, path, out, limit, depth + 1);
  }

  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type.map(String) : [String(schema.type)];
    if (!types.some((type) => typeMatches(value, type))) {
      // A wrong type makes the keywords below meaningless for this value.
      return add(`expected ${types.join(' or ')}, got ${jsonType(value)} ${describe(value)}`);
    }
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((option) => deepEqual(option, value))) {
    add(`${describe(value)} is not one of ${schema.enum.map((option) => describe(option)).join(', ')}`);
  }
  if ('const' in schema && !deepEqual(schema.const, value)) add(`expected ${describe(schema.const)}, got ${describe(value)}`);

  for (const keyword of ['allOf', 'anyOf', 'oneOf'] as const) {
    const options = schema[keyword];
    if (!Array.isArray(options)) continue;
    const results = options.map((option) => {
      const found: SchemaViolation[] = [];
      check(value, option as Schema, root, path, found, limit, depth + 1);
      return found;
    });
    const passing = results.filter((found) => found.length === 0).length;
    if (keyword === 'allOf') results.flat().forEach((violation) => add(violation.message, violation.path));
    else if (keyword === 'anyOf' && passing === 0) {
      // The closest alternative explains the failure best: one whose type fits, then the fewest violations.
      const distance = (index: number) => {
        const option = options[index] as Schema;
        const typeFits = !isObject(option) || option.type === undefined || [option.type].flat().some((type) => typeMatches(value, String(type)));
        return (typeFits ? 0 : 1000) + (results[index] as SchemaViolation[]).length;
      };
      const closestIndex = results.reduce((best, _, index) => (distance(index) < distance(best) ? index : best), 0);
      const closest = results[closestIndex] as SchemaViolation[];
      add(`matches none of the anyOf alternatives (${closest.map((violation) => `${violation.path}: ${violation.message}`).join('; ')})`);
    } else if (keyword === 'oneOf' && passing !== 1) add(`matches ${passing} of the oneOf alternatives; exactly 1 is required`);
  }

  if (typeof value === 'string') {
    const length = [...value].length;
    if (typeof schema.minLength === 'number' && length < schema.minLength) add(`is ${length} characters long, fewer than ${schema.minLength}`);
    if (typeof schema.maxLength === 'number' && length > schema.maxLength) add(`is ${length} characters long, more than ${schema.maxLength}`);
    if (typeof schema.pattern === 'string') {
      let pattern: RegExp | undefined;
      try {
        pattern = new RegExp(schema.pattern, 'u');
      } catch {
        add(`the schema's pattern ${JSON.stringify(schema.pattern)} is not a valid regular expression`);
      }
      if (pattern && !pattern.test(value)) add(`${describe(value)} does not match the pattern ${JSON.stringify(schema.pattern)}`);
    }
  }

  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) add(`${value} is less than the minimum ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) add(`${value} is more than the maximum ${schema.maximum}`);
    if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) add(`${value} is not more than ${schema.exclusiveMinimum}`);
    if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum) add(`${value} is not less than ${schema.exclusiveMaximum}`);
  }

  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) add(`has ${value.length} items, fewer than ${schema.minItems}`);
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) add(`has ${value.length} items, more than ${schema.maxItems}`);
    const prefix = Array.isArray(schema.prefixItems) ? (schema.prefixItems as Schema[]) : [];
    value.forEach((item, index) => {
      const itemSchema = index < prefix.length ? prefix[index] : schema.items;
      if (isObject(itemSchema) || typeof itemSchema === 'boolean') check(item, itemSchema, root, childPath(path, index), out, limit, depth + 1);
    });
  }

  if (isObject(value)) {
    const properties = isObject(schema.properties) ? schema.properties : {};
    if (Array.isArray(schema.required)) {
      for (const name of schema.required.map(String)) if (!Object.hasOwn(value, name)) add(`missing required property ${JSON.stringify(name)}`);
    }
    for (const [name, item] of Object.entries(value)) {
      const propertySchema = properties[name];
      if (isObject(propertySchema) || typeof propertySchema === 'boolean') check(item, propertySchema, root, childPath(path, name), out, limit, depth + 1);
      else if (schema.additionalProperties === false) add(`unexpected property ${JSON.stringify(name)}`);
      else if (isObject(schema.additionalProperties)) check(item, schema.additionalProperties, root, childPath(path, name), out, limit, depth + 1);
    }
  }
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => deepEqual(item, b[index]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && deepEqual(a[key], b[key]));
  }
  return false;
}
