import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { DocumentPath } from './problems';

/**
 * Where a path of the document is, as 1-based line and column: the value (or key) itself, or
 * the deepest part of the path that exists when the rest is missing.
 */
export function locateInDocument(
  document: Document,
  lines: LineCounter,
  path: DocumentPath,
  at: 'key' | 'value' = 'value',
): { line: number; column: number } {
  let node: unknown = document.contents;
  let offset = rangeStart(node) ?? 0;
  for (const [depth, segment] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
      if (!pair) break;
      const isLast = depth === path.length - 1;
      node = isLast && at === 'key' ? pair.key : (pair.value ?? pair.key);
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) break;
      node = item;
    } else {
      break;
    }
    offset = rangeStart(node) ?? offset;
  }
  const { line, col } = lines.linePos(offset);
  return { line, column: col };
}

function rangeStart(node: unknown): number | undefined {
  return (node as Node | null | undefined)?.range?.[0];
}
