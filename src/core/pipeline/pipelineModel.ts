import { isMap, isPair, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import type { LoadFormat } from './load';
import { asMap, pairOf, PipelineSource, scalarText, valueOf } from './locate';

/**
 * The pipeline as written, read from the YAML tree without requiring it to be valid: every
 * rule sees what it can of each step even while another part of the file is wrong (a typo in
 * one step must not hide the column checks of the others). The zod schema is checked
 * separately, by the `schema` rule.
 */

/** A string written in the file, and the node that holds it. */
export interface WrittenText {
  value: string;
  node: Node;
}

/** A `load` value as written. */
export interface WrittenLoad {
  path: WrittenText;
  /** Written `format`, or the one the extension implies; undefined when neither says. */
  format?: LoadFormat;
}

/** One `task input -> column` (or `output -> column`) entry of a mapping. */
export interface MappingEntry {
  key: WrittenText;
  column?: WrittenText;
}

export type StepKind = 'load' | 'task' | 'column';

export interface StepEntry {
  /** Position among the steps this model read; rules index their per-step arrays by it. */
  index: number;
  /** Position in the file's `steps` list (they differ only when an item there is not a map). */
  position: number;
  node: YAMLMap;
  name?: WrittenText;
  /** From the first of `load`, `task` and `step` written; undefined when none is. */
  kind?: StepKind;
  /** The task name (`task:`) or column step name (`step:`). */
  type?: WrittenText;
  load?: WrittenLoad;
  after: WrittenText[];
  llm?: WrittenText;
  /** `rows`, when written as a number. */
  rows?: number;
  /** `with` as plain data; empty when absent or not a map (the schema rule reports that). */
  params: Record<string, unknown>;
  withMap?: YAMLMap;
  inputMappings: MappingEntry[];
  outputMappings: MappingEntry[];
}

export interface PipelineModel {
  source: PipelineSource;
  root?: YAMLMap;
  steps: StepEntry[];
  /** The names under `llms`, with their key nodes. */
  llms: ReadonlyMap<string, Node>;
}

const KIND_KEYS: Readonly<Record<string, StepKind>> = { load: 'load', task: 'task', step: 'column' };
// The engine's list (load/resolveLoadSource.ts): what it can read, the editor accepts.
const FORMAT_BY_EXTENSION: Readonly<Record<string, LoadFormat>> = { '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.json': 'json', '.csv': 'csv' };

function written(node: Node | null | undefined): WrittenText | undefined {
  const value = scalarText(node);
  return value === undefined || !node ? undefined : { value, node };
}

function formatFromExtension(path: string): LoadFormat | undefined {
  const match = /\.[^./\\]+$/.exec(path.toLowerCase());
  return match ? FORMAT_BY_EXTENSION[match[0]] : undefined;
}

function readLoad(node: Node | undefined): WrittenLoad | undefined {
  const map = asMap(node);
  const path = written(map ? valueOf(map, 'path') : node);
  if (!path) return undefined;
  const format = scalarText(map ? valueOf(map, 'format') : undefined);
  const declared = format === 'jsonl' || format === 'json' || format === 'csv' ? format : undefined;
  const implied = declared ?? formatFromExtension(path.value);
  return { path, ...(implied ? { format: implied } : {}) };
}

function readAfter(node: Node | undefined): WrittenText[] {
  if (isSeq(node)) return node.items.flatMap((item) => written(item as Node) ?? []);
  const single = written(node);
  return single ? [single] : [];
}

function readMapping(node: Node | undefined): MappingEntry[] {
  const map = asMap(node);
  if (!map) return [];
  return map.items.flatMap((pair) => {
    const key = written(pair.key as Node);
    if (!key) return [];
    const column = written(pair.value as Node | null);
    return [{ key, ...(column ? { column } : {}) }];
  });
}

function readStep(node: YAMLMap, index: number, position: number): StepEntry {
  const kindPair = node.items.find((pair) => isScalar(pair.key) && typeof pair.key.value === 'string' && pair.key.value in KIND_KEYS);
  const kindKey = kindPair && isScalar(kindPair.key) ? String(kindPair.key.value) : undefined;
  const kind = kindKey ? KIND_KEYS[kindKey] : undefined;
  const withMap = asMap(valueOf(node, 'with'));
  const name = written(valueOf(node, 'name'));
  const type = kind === 'task' || kind === 'column' ? written(kindPair?.value as Node | null) : undefined;
  const load = kind === 'load' ? readLoad(valueOf(node, 'load')) : undefined;
  const llm = written(valueOf(node, 'llm'));
  const params = withMap?.toJSON() as unknown;
  const rows = valueOf(node, 'rows');
  const rowCount = isScalar(rows) && typeof rows.value === 'number' ? rows.value : undefined;
  return {
    index,
    position,
    node,
    ...(name ? { name } : {}),
    ...(kind ? { kind } : {}),
    ...(type ? { type } : {}),
    ...(load ? { load } : {}),
    // A load reads no step; an `after` there is an unknown key (the schema rule's), not an edge.
    after: kind === 'load' ? [] : readAfter(valueOf(node, 'after')),
    ...(llm ? { llm } : {}),
    ...(rowCount !== undefined ? { rows: rowCount } : {}),
    params: typeof params === 'object' && params !== null && !Array.isArray(params) ? (params as Record<string, unknown>) : {},
    ...(withMap ? { withMap } : {}),
    inputMappings: readMapping(valueOf(node, 'input_mappings')),
    outputMappings: readMapping(valueOf(node, 'output_mappings')),
  };
}

export function readPipelineModel(source: PipelineSource): PipelineModel {
  const root = asMap(source.document.contents);
  const stepsNode = valueOf(root, 'steps');
  const maps = isSeq(stepsNode) ? stepsNode.items.flatMap((item, position) => (isMap(item) ? [{ item: item as YAMLMap, position }] : [])) : [];
  const steps = maps.map(({ item, position }, index) => readStep(item, index, position));
  const llmsMap = asMap(valueOf(root, 'llms'));
  const llms = new Map<string, Node>();
  for (const pair of llmsMap?.items ?? []) {
    const name = written(pair.key as Node);
    if (name && !llms.has(name.value)) llms.set(name.value, name.node);
  }
  return { source, ...(root ? { root } : {}), steps, llms };
}

/** The pair of a step's `with` map that sets `param`. */
export function paramPair(step: StepEntry, param: string) {
  return pairOf(step.withMap, param);
}

/** Where a step is best pointed at as a whole: its name, else its first key. */
export function stepAnchor(step: StepEntry): Node {
  return step.name?.node ?? (step.node.items[0]?.key as Node | undefined) ?? step.node;
}

/** How a step is called in messages: `step "evolve"`, or `step 3` when it has no name. */
export function describeStep(step: StepEntry): string {
  return step.name ? `step "${step.name.value}"` : `step ${step.position + 1}`;
}

/** The first value (not key) in a step's `with` that is the text `text`: where a parameter names a column. */
export function paramValueNamed(step: StepEntry, text: string): Node | undefined {
  const search = (node: unknown): Node | undefined => {
    if (isScalar(node)) return scalarText(node) === text ? node : undefined;
    if (isMap(node)) return node.items.map((pair) => search(isPair(pair) ? pair.value : undefined)).find((found) => found !== undefined);
    if (isSeq(node)) return node.items.map(search).find((found) => found !== undefined);
    return undefined;
  };
  return search(step.withMap);
}

/** Where a step's work is written: its task or column step name, or its load path. */
export function stepWorkAnchor(step: StepEntry): Node {
  return step.type?.node ?? step.load?.path.node ?? stepAnchor(step);
}
