import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { readPipelineStructure, type PipelineStructure } from './analysis';
import { scalarText } from './locate';
import type { StepEntry } from './pipelineModel';

/** Where the cursor is in the file's tree: the path of keys to it, and whether it is on a key or a value. */
export interface CursorSlot {
  /** Map keys and list indices from the root, e.g. `['steps', 2, 'with', 'num_evolutions']`. */
  path: (string | number)[];
  role: 'key' | 'value';
  /** The key or value node under the cursor; absent on an empty place where a value goes. */
  node?: Node;
}

function within(node: Node | null | undefined, offset: number): boolean {
  const range = node?.range;
  return !!range && range[0] <= offset && offset <= range[1];
}

/** Whether only `:` and spaces lie between a key and the cursor: the place of its value. */
function afterColon(text: string, key: Node | null, offset: number): boolean {
  const keyEnd = key?.range?.[1];
  return keyEnd !== undefined && offset > keyEnd && /^[ \t]*:[ \t]*$/.test(text.slice(keyEnd, offset));
}

function slotIn(text: string, node: Node, offset: number, path: (string | number)[]): CursorSlot | undefined {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = pair.key as Node | null;
      const value = pair.value as Node | null;
      const name = scalarText(key) ?? '';
      if (within(key, offset)) return { path: [...path, name], role: 'key', ...(key ? { node: key } : {}) };
      if (value && within(value, offset)) return slotIn(text, value, offset, [...path, name]);
      // `{ key: | }`: the empty value the parser placed further right.
      if (afterColon(text, key, offset)) return { path: [...path, name], role: 'value' };
    }
    // Inside `{ }` but on no entry: a new key goes here.
    return node.flow ? { path: [...path, ''], role: 'key' } : undefined;
  }
  if (isSeq(node)) {
    const index = node.items.findIndex((item) => within(item as Node, offset));
    const item = node.items[index] as Node | undefined;
    if (item) return slotIn(text, item, offset, [...path, index]);
    // Between the items of `[a, |]`: a new item goes here.
    return node.flow ? { path: [...path, node.items.length], role: 'value' } : undefined;
  }
  return isScalar(node) ? { path, role: 'value', node } : undefined;
}

/** The slot at `offset`, or undefined on whitespace or a comment between entries. */
export function slotAt(structure: PipelineStructure, offset: number): CursorSlot | undefined {
  const root = structure.source.document.contents as Node | null;
  return root && within(root, offset) ? slotIn(structure.source.text, root, offset, []) : undefined;
}

/**
 * Marks the cursor as a key, so a line being typed (a bare word, or nothing yet) reads as the
 * key it will become: YAML reads `    num_` under `with:` as part of a scalar, not as a key.
 */
export const CURSOR_KEY = '__distillery_cursor__';

/**
 * The slot at the cursor for completion. On a line that holds only a word (or nothing, or `- `
 * and a word), the word is completed as a key, or as a list item of an `after:` or `columns:`
 * list. Otherwise the file is read as it is.
 */
export function completionSlot(structure: PipelineStructure, offset: number, line: string): CursorSlot | undefined {
  if (!/^\s*(-\s+)?[A-Za-z0-9_-]*\s*$/.test(line)) return slotAt(structure, offset);
  const text = structure.source.text;
  const marked = readPipelineStructure(`${text.slice(0, offset)}${CURSOR_KEY}: ${text.slice(offset)}`);
  const slot = slotAt(marked, offset + 1);
  if (!slot || slot.role !== 'key') return slotAt(structure, offset);
  const item = slot.path.at(-2);
  const list = slot.path.at(-3);
  // `- wor|` in a list of names became a one-key map: it is a list item being typed.
  if (typeof item === 'number' && list !== 'steps' && slot.path.length > 2) return { path: slot.path.slice(0, -1), role: 'value' };
  return { path: slot.path, role: 'key' };
}

/** The step a slot's path is in, by its position in `steps`. */
export function stepOfSlot(structure: PipelineStructure, slot: CursorSlot): StepEntry | undefined {
  const [top, position] = slot.path;
  return top === 'steps' && typeof position === 'number' ? structure.model.steps.find((step) => step.position === position) : undefined;
}
