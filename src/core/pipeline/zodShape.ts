import * as z from 'zod';

/**
 * Walks a zod schema by the keys of a path, for what the messages and completions need to
 * know about a place in the file: its description and the keys a map there takes.
 */

/** The schema inside optional, default and union wrappers (a union's first object branch). */
function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodDefault) current = current.unwrap();
  if (current instanceof z.ZodUnion) {
    const object = (current.options as readonly z.core.$ZodType[]).map(unwrap).find((option) => option instanceof z.ZodObject);
    if (object) return object;
  }
  return current;
}

/** The schema at `path` as declared (wrappers kept, so its description is there), if the path exists. */
export function schemaAt(schema: z.core.$ZodType, path: readonly PropertyKey[]): z.core.$ZodType | undefined {
  let current: z.core.$ZodType | undefined = schema;
  for (const key of path) {
    if (current === undefined) return undefined;
    const inner = unwrap(current);
    if (inner instanceof z.ZodObject) current = (inner.shape as Record<string, z.core.$ZodType>)[String(key)];
    else if (inner instanceof z.ZodRecord) current = inner.valueType as z.core.$ZodType;
    else if (inner instanceof z.ZodArray) current = inner.element as z.core.$ZodType;
    else return undefined;
  }
  return current;
}

export function descriptionOf(schema: z.core.$ZodType | undefined): string | undefined {
  return schema instanceof z.ZodType ? schema.description : undefined;
}

/** The keys an object at `path` takes, with their descriptions, in declaration order. */
export function keysAt(schema: z.core.$ZodType, path: readonly PropertyKey[]): { key: string; description?: string; required: boolean }[] {
  const at = schemaAt(schema, path);
  const inner = at && unwrap(at);
  if (!(inner instanceof z.ZodObject)) return [];
  return Object.entries(inner.shape as Record<string, z.core.$ZodType>).map(([key, field]) => {
    const description = descriptionOf(field);
    return { key, ...(description ? { description } : {}), required: !(field instanceof z.ZodOptional || field instanceof z.ZodDefault) };
  });
}
