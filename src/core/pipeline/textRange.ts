/**
 * Positions as editors count them: 0-based lines, and characters in UTF-16 code units (what a
 * JavaScript string index is). The same shape as LSP's, so the server passes them through, but
 * declared here because core/ never imports the LSP packages.
 */
export interface TextPosition {
  line: number;
  character: number;
}

export interface TextRange {
  start: TextPosition;
  end: TextPosition;
}

/** One change to a document: replace `range` with `newText` (an empty range inserts). */
export interface TextEdit {
  range: TextRange;
  newText: string;
}

export function comparePositions(a: TextPosition, b: TextPosition): number {
  return a.line - b.line || a.character - b.character;
}

/** Whether two ranges share a position, touching ends included (a cursor at either end counts). */
export function rangesTouch(a: TextRange, b: TextRange): boolean {
  return comparePositions(a.start, b.end) <= 0 && comparePositions(b.start, a.end) <= 0;
}
