export type LineEnding = '' | '\n' | '\r\n';

export interface SplitLine {
  /** The line without its ending; a lone '\r' is not a line ending and stays here. */
  content: string;
  eol: LineEnding;
}

/**
 * Yields the lines of `text` in order. A final newline ends the last line rather than
 * starting an empty one, so `"a\n"` is one line and `""` is none.
 */
export function* iterateLines(text: string): Generator<SplitLine> {
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    if (newline === -1) {
      yield { content: text.slice(start), eol: '' };
      return;
    }
    const crlf = newline > start && text.charCodeAt(newline - 1) === 0x0d;
    yield crlf
      ? { content: text.slice(start, newline - 1), eol: '\r\n' }
      : { content: text.slice(start, newline), eol: '\n' };
    start = newline + 1;
  }
}

/** The lines of `text`, each with its own ending; joining `content + eol` gives `text` back. */
export function splitLines(text: string): SplitLine[] {
  return [...iterateLines(text)];
}
