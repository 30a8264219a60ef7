/**
 * Which document lines a set of editor selections covers. Written against the shape of
 * `vscode.Selection` rather than the API itself, so it is tested in plain node.
 */

interface Position {
  readonly line: number;
  readonly character: number;
}

export interface SelectionLike {
  readonly start: Position;
  readonly end: Position;
}

/**
 * 0-based line numbers, sorted and without duplicates. A partly selected line counts as a whole
 * row; a selection that ends at the very start of a line (as line-wise selections do) does not
 * take that line, unless the selection is empty (a cursor selects its own line).
 */
export function selectedLines(selections: readonly SelectionLike[]): number[] {
  const lines = new Set<number>();
  for (const { start, end } of selections) {
    const isCursor = start.line === end.line && start.character === end.character;
    const last = !isCursor && end.character === 0 && end.line > start.line ? end.line - 1 : end.line;
    for (let line = start.line; line <= last; line++) lines.add(line);
  }
  return [...lines].sort((a, b) => a - b);
}
