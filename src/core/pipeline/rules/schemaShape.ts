import { isMap, isSeq, type Node, type YAMLMap } from 'yaml';
import * as z from 'zod';
import type { PipelineDiagnostic } from '../diagnostic';
import { deepestNodeAt, pairOf, scalarText, valueOf, type PipelineSource } from '../locate';
import { columnStepSchema, loadStepSchema, pipelineSchema, taskStepSchema } from '../schema';
import { replaceFix, report } from '../report';
import { closestNames, didYouMean } from '../suggest';
import { describeIssue, valueAt } from '../zodIssues';
import { descriptionOf, keysAt, schemaAt } from '../zodShape';
import type { PipelineRule } from './rule';

/**
 * The file against the zod schema: unknown keys, missing keys, values of the wrong type. Steps
 * are checked one by one against the schema of their kind (chosen by their `load`, `task` or
 * `step` key), which gives precise messages where the schema's union would only say "invalid".
 */

const STEP_SCHEMAS = { load: loadStepSchema, task: taskStepSchema, step: columnStepSchema } as const;
type KindKey = keyof typeof STEP_SCHEMAS;
const KIND_KEYS = Object.keys(STEP_SCHEMAS) as KindKey[];

/** The top level with steps left to the per-step check. */
const topLevelSchema = pipelineSchema.extend({ steps: z.array(z.unknown()).min(1) });

interface Place {
  source: PipelineSource;
  /** The node the issues' paths start from. */
  node: YAMLMap;
  /** What the schema says about that place, for descriptions and allowed keys. */
  schema: z.core.$ZodType;
  data: unknown;
  /** How messages name it: `the pipeline`, `step "evolve"`. */
  label: string;
}

function where(place: Place, path: readonly PropertyKey[]): string {
  return path.length === 0 ? place.label : `\`${path.join('.')}\` of ${place.label}`;
}

function unknownKeys(place: Place, issue: Extract<z.core.$ZodIssue, { code: 'unrecognized_keys' }>): PipelineDiagnostic[] {
  const { source } = place;
  const map = deepestNodeAt(place.node, issue.path).node;
  const allowed = keysAt(place.schema, issue.path).map((entry) => entry.key);
  return issue.keys.flatMap((key) => {
    const keyNode = isMap(map) ? (pairOf(map as YAMLMap, key)?.key as Node | undefined) : undefined;
    const suggestions = closestNames(key, allowed);
    const message = `Unknown key "${key}" in ${where(place, issue.path)}${didYouMean(suggestions) || '.'} It takes: ${allowed.join(', ')}.`;
    return [
      report(source, keyNode ?? place.node, 'schema', message, {
        fixes: keyNode ? suggestions.map((name, index) => replaceFix(source, keyNode, name, `Change to "${name}"`, index === 0)) : [],
      }),
    ];
  });
}

function missingKey(place: Place, path: readonly PropertyKey[]): PipelineDiagnostic {
  const parent = deepestNodeAt(place.node, path.slice(0, -1)).node ?? place.node;
  const anchor = isMap(parent) ? ((parent.items[0]?.key as Node | undefined) ?? parent) : parent;
  const description = descriptionOf(schemaAt(place.schema, path));
  const key = String(path.at(-1));
  return report(place.source, anchor, 'schema', `${capitalize(where(place, path.slice(0, -1)))} needs \`${key}\`${description ? `: ${description}` : '.'}`);
}

function checkAgainst(place: Place, schema: z.ZodType, ignoredKeys: readonly string[] = []): PipelineDiagnostic[] {
  const parsed = schema.safeParse(place.data);
  if (parsed.success) return [];
  return parsed.error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.filter((key) => issue.path.length > 0 || !ignoredKeys.includes(key));
      return keys.length > 0 ? unknownKeys(place, { ...issue, keys }) : [];
    }
    if (issue.code === 'invalid_type' && valueAt(place.data, issue.path) === undefined) return [missingKey(place, issue.path)];
    const node = deepestNodeAt(place.node, issue.path).node ?? place.node;
    const label = issue.path.length > 0 ? `\`${issue.path.join('.')}\`` : capitalize(place.label);
    return [report(place.source, node, 'schema', `${label}: ${describeIssue(issue, place.data)}`)];
  });
}

function checkStep(source: PipelineSource, item: unknown, position: number): PipelineDiagnostic[] {
  if (!isMap(item)) {
    return [report(source, item as Node, 'schema', 'A step is a map: `- name: ...` with one of `load`, `task` or `step`.')];
  }
  const node = item as YAMLMap;
  const name = scalarText(valueOf(node, 'name'));
  const label = name !== undefined ? `step "${name}"` : `step ${position + 1}`;
  const kinds = node.items.flatMap((pair) => {
    const key = scalarText(pair.key);
    return KIND_KEYS.includes(key as KindKey) ? [{ key: key as KindKey, node: pair.key as Node }] : [];
  });
  const [first, second] = kinds;
  if (!first) {
    const anchor = (pairOf(node, 'name')?.value as Node | undefined) ?? (node.items[0]?.key as Node | undefined) ?? node;
    return [report(source, anchor, 'schema', `${capitalize(label)} needs one of \`load\` (read a file), \`task\` (run an LLM task) or \`step\` (a column step).`)];
  }
  const diagnostics = second
    ? [report(source, second.node, 'schema', `A step does one thing: ${label} has \`${first.key}\`, so it cannot also have \`${second.key}\`.`)]
    : [];
  const schema = STEP_SCHEMAS[first.key];
  const place: Place = { source, node, schema, data: node.toJSON(), label };
  return [...diagnostics, ...checkAgainst(place, schema, KIND_KEYS)];
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export const schemaShape: PipelineRule = ({ source }) => {
  const root = source.document.contents;
  if (!isMap(root)) {
    const at = root ?? source.rangeBetween(0, 0);
    return [report(source, at, 'schema', 'A pipeline file is a map with `name` and `steps` (see docs/pipelines.md).')];
  }
  const place: Place = { source, node: root as YAMLMap, schema: pipelineSchema, data: root.toJSON(), label: 'the pipeline' };
  const diagnostics = checkAgainst(place, topLevelSchema);
  const steps = valueOf(root as YAMLMap, 'steps');
  if (isSeq(steps)) steps.items.forEach((item, position) => diagnostics.push(...checkStep(source, item, position)));
  return diagnostics;
};
