import { readFile } from 'node:fs/promises';
import { parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { JsonObject } from '../../jsonl/types';
import { LineIndex } from './lineIndex';
import type { LoadedItem, LoadSource } from './types';

/**
 * Reads a JSON file holding an array of objects. The whole file is parsed at once (a JSON array
 * cannot be read item by item without a streaming parser); JSONL is the format for data larger
 * than memory. Each row keeps the line its object starts on; an item that is not an object is a
 * problem at its own position, and the items around it still load.
 */
export async function* readJsonSource(source: LoadSource, signal?: AbortSignal): AsyncGenerator<LoadedItem> {
  const text = (await readFile(source.path, { encoding: 'utf8', ...(signal ? { signal } : {}) })).replace(/^\uFEFF/, '');
  const lines = new LineIndex(text);
  const problemAt = (offset: number, message: string): LoadedItem => ({
    kind: 'problem',
    problem: { file: source.path, ...lines.position(offset), message },
  });

  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const firstError = errors[0];
  if (firstError || !root) {
    const reason = firstError ? printParseErrorCode(firstError.error) : 'the file is empty';
    yield problemAt(firstError?.offset ?? 0, `invalid JSON (${reason}); no rows were loaded. Fix the file, or use JSONL to keep going past bad rows.`);
    return;
  }
  if (root.type !== 'array') {
    yield problemAt(root.offset, `expected an array of objects, found ${describe(root.type)}. Wrap the rows in [ ... ].`);
    return;
  }
  const items = JSON.parse(text) as unknown[];
  const { start, end } = source.range ?? { start: 1, end: items.length };
  for (let position = start; position <= Math.min(end, items.length); position += 1) {
    signal?.throwIfAborted();
    const value = items[position - 1];
    const offset = root.children?.[position - 1]?.offset ?? root.offset;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      yield { kind: 'row', row: { line: lines.position(offset).line, value: value as JsonObject } };
    } else {
      yield problemAt(offset, `row ${position} is ${describe(Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value)}, not an object; it was skipped.`);
    }
  }
}

function describe(type: string): string {
  return type === 'null' ? 'null' : `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}
