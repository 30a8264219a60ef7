import { describeColumnType, type ColumnSpec } from '../tasks/columns';
import { code } from './markdown';
import { paramsSchema, sampleValue, type JsonSchema } from './paramDocs';
import type * as z from 'zod';

/** What the reference needs from a task or step to show its columns. */
export interface ColumnSource {
  params: z.ZodObject;
  /** Parameters the declaration offers as an example; required ones it lacks are sampled. */
  example?: Readonly<Record<string, unknown>>;
  /** The columns and parsed parameters under `params`; throws when they are invalid. */
  columns(params: Record<string, unknown>): { inputs: ColumnSpec; outputs: ColumnSpec; params: Readonly<Record<string, unknown>> };
}

export interface ColumnVariant {
  /** `store_evolutions: true` */
  setting: string;
  inputs: string[];
  outputs: string[];
}

export type ColumnsDoc =
  | { kind: 'columns'; shownWith: Record<string, unknown>; inputs: ColumnSpec; outputs: ColumnSpec; variants: ColumnVariant[] }
  | { kind: 'unavailable'; reason: string };

/**
 * Parameters every LLM task shares whose effect on columns the reference states once at the top
 * (`group_generations` turns every output into a list), instead of under each task.
 */
const DESCRIBED_ONCE = new Set(['group_generations']);

/** The values worth showing a variant for: the other boolean value, or the other choices. */
function variantValues(property: JsonSchema, current: unknown): unknown[] {
  if (property.type === 'boolean') return [current !== true];
  if (property.enum) return property.enum.filter((value) => value !== current);
  return [];
}

/** How `after` differs from `before`, in words: added, removed and retyped columns. */
export function describeColumnChanges(before: ColumnSpec, after: ColumnSpec): string[] {
  const added = Object.keys(after).filter((name) => !(name in before));
  const removed = Object.keys(before).filter((name) => !(name in after));
  const retyped = Object.keys(after).filter((name) => {
    const old = before[name];
    const now = after[name];
    return old !== undefined && now !== undefined && describeColumnType(old) !== describeColumnType(now);
  });
  const typed = (name: string) => `${code(name)} (${code(describeColumnType(after[name] as NonNullable<ColumnSpec[string]>))})`;
  return [
    ...(added.length > 0 ? [`add ${added.map(typed).join(', ')}`] : []),
    ...(removed.length > 0 ? [`remove ${removed.map(code).join(', ')}`] : []),
    ...(retyped.length > 0 ? [`retype ${retyped.map(typed).join(', ')}`] : []),
  ];
}

export function documentColumns(source: ColumnSource): ColumnsDoc {
  const schema = paramsSchema(source.params);
  const shownWith: Record<string, unknown> = { ...source.example };
  for (const name of schema.required ?? []) {
    const property = schema.properties?.[name];
    if (!(name in shownWith) && property) shownWith[name] = sampleValue(property);
  }
  let base: ReturnType<ColumnSource['columns']>;
  try {
    base = source.columns(shownWith);
  } catch (error) {
    return { kind: 'unavailable', reason: error instanceof Error ? error.message : String(error) };
  }
  const variants: ColumnVariant[] = [];
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    if (DESCRIBED_ONCE.has(name)) continue;
    for (const value of variantValues(property, base.params[name])) {
      let variant: ReturnType<ColumnSource['columns']>;
      try {
        variant = source.columns({ ...shownWith, [name]: value });
      } catch {
        continue;
      }
      const inputs = describeColumnChanges(base.inputs, variant.inputs);
      const outputs = describeColumnChanges(base.outputs, variant.outputs);
      if (inputs.length > 0 || outputs.length > 0) variants.push({ setting: `${name}: ${JSON.stringify(value)}`, inputs, outputs });
    }
  }
  return { kind: 'columns', shownWith, inputs: base.inputs, outputs: base.outputs, variants };
}
