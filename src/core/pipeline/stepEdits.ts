import { isMap, isScalar, type Node, type YAMLMap } from 'yaml';
import { pairOf } from './locate';
import type { PipelineSource } from './locate';
import type { StepEntry } from './pipelineModel';
import type { TextEdit } from './textRange';
import { yamlScalar } from './yamlText';

export type MappingSide = 'input_mappings' | 'output_mappings';

/** The offset just after the last character of the line holding `offset`'s last non-blank text. */
function endOfLastWrittenLine(text: string, end: number): number {
  let last = end;
  while (last > 0 && /\s/.test(text[last - 1] as string)) last--;
  const newline = text.indexOf('\n', last);
  const lineEnd = newline < 0 ? text.length : newline;
  return text[lineEnd - 1] === '\r' ? lineEnd - 1 : lineEnd;
}

function columnOf(source: PipelineSource, node: Node): number {
  return source.positionAt(node.range?.[0] ?? 0).character;
}

/** Inserts `key: value` as the last entry of a map, in the map's own style (block or flow). */
function appendToMap(source: PipelineSource, map: YAMLMap, entry: string, childIndent: number): TextEdit {
  const [start, end] = map.range ?? [0, 0];
  if (map.flow) {
    const close = source.text.lastIndexOf('}', end);
    const last = map.items.at(-1);
    if (!last) return { range: source.rangeBetween(start, end), newText: `{ ${entry} }` };
    const afterLast = (last.value as Node | null)?.range?.[1] ?? (last.key as Node).range?.[1] ?? close;
    return { range: source.rangeBetween(afterLast, afterLast), newText: `, ${entry}` };
  }
  const firstKey = map.items[0]?.key as Node | undefined;
  const indent = firstKey ? columnOf(source, firstKey) : childIndent;
  const at = endOfLastWrittenLine(source.text, end);
  return { range: source.rangeBetween(at, at), newText: `\n${' '.repeat(indent)}${entry}` };
}

/**
 * The edit that makes a step's `input_mappings` (or `output_mappings`) map `key` to `column`:
 * replaces the value of an existing entry, adds an entry to an existing mapping, or adds the
 * mapping itself after the step's last line, indented like the step's keys.
 */
export function setMappingEdit(source: PipelineSource, step: StepEntry, side: MappingSide, key: string, column: string): TextEdit {
  const entry = `${yamlScalar(key)}: ${yamlScalar(column)}`;
  const stepIndent = columnOf(source, (step.node.items[0]?.key as Node | undefined) ?? step.node);
  const mappingPair = pairOf(step.node, side);
  const mapping = mappingPair?.value;
  if (isMap(mapping)) {
    const existing = pairOf(mapping as YAMLMap, key)?.value;
    if (existing && isScalar(existing)) return { range: source.rangeOf(existing), newText: yamlScalar(column) };
    return appendToMap(source, mapping as YAMLMap, entry, stepIndent + 2);
  }
  if (mappingPair) {
    // `input_mappings:` with nothing (or not a map) after it: write the map in flow style there.
    const keyEnd = (mappingPair.key as Node).range?.[1] ?? 0;
    const valueEnd = mapping?.range?.[1] ?? keyEnd + 1;
    return { range: source.rangeBetween(keyEnd, valueEnd), newText: `: { ${entry} }` };
  }
  return addStepKeyEdit(source, step, side, `{ ${entry} }`);
}

/** The edit that adds `key: value` as the last key of a step, in the step's style. */
export function addStepKeyEdit(source: PipelineSource, step: StepEntry, key: string, value: string): TextEdit {
  const stepIndent = columnOf(source, (step.node.items[0]?.key as Node | undefined) ?? step.node);
  if (step.node.flow) return appendToMap(source, step.node, `${key}: ${value}`, stepIndent);
  const at = endOfLastWrittenLine(source.text, step.node.range?.[1] ?? 0);
  return { range: source.rangeBetween(at, at), newText: `\n${' '.repeat(stepIndent)}${key}: ${value}` };
}

/**
 * The edit that sets a parameter of a step's `with` map to `value` (YAML text): replaces the
 * value when the parameter is written, else adds it to the map. Undefined without a `with` map.
 */
export function setParamEdit(source: PipelineSource, step: StepEntry, param: string, value: string): TextEdit | undefined {
  const map = step.withMap;
  if (!map) return undefined;
  const existing = pairOf(map, param)?.value;
  if (existing) return { range: source.rangeOf(existing), newText: value };
  const stepIndent = columnOf(source, (step.node.items[0]?.key as Node | undefined) ?? step.node);
  return appendToMap(source, map, `${param}: ${value}`, stepIndent + 2);
}
