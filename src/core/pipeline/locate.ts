import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair, type YAMLMap } from 'yaml';
import type { TextPosition, TextRange } from './textRange';

/**
 * A pipeline file parsed with source positions. Every diagnostic and editing feature finds its
 * range here, from the offsets the `yaml` parser keeps on each node.
 */
export class PipelineSource {
  readonly document: Document.Parsed;
  private readonly lineCounter = new LineCounter();

  constructor(readonly text: string) {
    // Duplicate keys are reported as syntax errors (yaml's default), so a step cannot
    // silently carry two `task` keys.
    this.document = parseDocument(text, { lineCounter: this.lineCounter, prettyErrors: false });
  }

  positionAt(offset: number): TextPosition {
    const { line, col } = this.lineCounter.linePos(Math.max(0, Math.min(offset, this.text.length)));
    return { line: line - 1, character: col - 1 };
  }

  offsetAt(position: TextPosition): number {
    const lineStart = this.lineCounter.lineStarts[position.line];
    if (lineStart === undefined) return this.text.length;
    const nextLineStart = this.lineCounter.lineStarts[position.line + 1] ?? this.text.length;
    return Math.min(lineStart + position.character, nextLineStart);
  }

  rangeBetween(start: number, end: number): TextRange {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /** Where a node's value is written, without the comments, spaces and line breaks after it. */
  rangeOf(node: Node): TextRange {
    const [start, valueEnd] = node.range ?? [0, 0];
    let end = valueEnd;
    // A block collection's (or block scalar's) value ends after its last line break.
    while (end > start && /\s/.test(this.text[end - 1] as string)) end--;
    return this.rangeBetween(start, end);
  }

  /** The text of one 0-based line, without its line break. */
  lineText(line: number): string {
    const start = this.lineCounter.lineStarts[line];
    if (start === undefined) return '';
    const end = this.lineCounter.lineStarts[line + 1] ?? this.text.length;
    return this.text.slice(start, end).replace(/\r?\n$/, '');
  }

  /**
   * The range of `needle` inside a node's source text (its `occurrence`-th appearance, 0-based),
   * or the whole node when it is not written there verbatim (escapes, folding).
   */
  rangeWithin(node: Node, needle: string, occurrence = 0): TextRange {
    const [start, end] = node.range ?? [0, 0];
    const written = this.text.slice(start, end);
    let index = -1;
    for (let seen = 0; seen <= occurrence; seen++) {
      index = written.indexOf(needle, index + 1);
      if (index < 0) return this.rangeOf(node);
    }
    return this.rangeBetween(start + index, start + index + needle.length);
  }
}

/** The pair of `map` whose key is the scalar `key`. */
export function pairOf(map: YAMLMap | undefined, key: string): Pair<Node, Node | null> | undefined {
  return map?.items.find((pair): pair is Pair<Node, Node | null> => isScalar(pair.key) && pair.key.value === key);
}

/** The value node under `key`, when the pair exists and has a value. */
export function valueOf(map: YAMLMap | undefined, key: string): Node | undefined {
  return pairOf(map, key)?.value ?? undefined;
}

/** A scalar's text: strings as written, numbers and booleans as their text; undefined otherwise. */
export function scalarText(node: unknown): string | undefined {
  if (!isScalar(node) || node.value === null || typeof node.value === 'object') return undefined;
  return String(node.value);
}

export function asMap(node: unknown): YAMLMap | undefined {
  return isMap(node) ? (node as YAMLMap) : undefined;
}

/**
 * The node at `path` (map keys and list indices) below `root`, or the deepest node that exists
 * on the way there, with how many keys of the path it matched.
 */
export function deepestNodeAt(root: Node | undefined, path: readonly PropertyKey[]): { node: Node | undefined; depth: number } {
  let node = root;
  let depth = 0;
  for (const key of path) {
    const next: Node | null | undefined = isMap(node)
      ? pairOf(node as YAMLMap, String(key))?.value
      : isSeq(node) && typeof key === 'number'
        ? (node.items[key] as Node | undefined)
        : undefined;
    if (!next) break;
    node = next;
    depth++;
  }
  return { node, depth };
}
