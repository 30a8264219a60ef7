import { createReadStream } from 'node:fs';
import { assertValidRange } from './lineRange';
import { parseJsonlLine } from './parseLine';
import type { JsonlLineResult, JsonlReadItem, LineRange } from './types';

export interface ReadJsonlOptions {
  /** Only these lines; reading stops after `range.end`. */
  range?: LineRange;
  /** Aborting makes the iteration throw an AbortError. */
  signal?: AbortSignal;
}

const LF = 0x0a;
const CR = '\r';

// fatal: bad bytes would otherwise turn silently into U+FFFD inside the training data.
// ignoreBOM keeps a leading BOM in line 1, which parseJsonlLine skips just as for parseJsonl.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const NOT_UTF8 = 'the line is not valid UTF-8. Re-save the file as UTF-8 or fix or delete this line.';

/**
 * Streams the rows and bad lines of a JSONL file of any size, in line order, a batch for each
 * chunk read; blank lines are skipped. Rows and errors are those parseJsonl gives for the
 * decoded text, plus an error for each line that is not valid UTF-8.
 *
 * Lines are split at '\n' bytes by hand (readline would also break at a lone '\r' and disagree
 * with splitLines on line numbers), and the complete lines of a chunk are decoded in one call:
 * a '\n' byte is never part of a multi-byte character, so that is the same as decoding line by
 * line, which only happens when the chunk holds bytes that are not UTF-8, to tell which line
 * they are on. Only the lines of one chunk and the line it ends in are held in memory.
 */
export async function* readJsonlBatches(path: string, options: ReadJsonlOptions = {}): AsyncGenerator<JsonlReadItem[]> {
  const { range, signal } = options;
  if (range !== undefined) assertValidRange(range);
  signal?.throwIfAborted();
  const first = range?.start ?? 1;
  const last = range?.end ?? Infinity;
  let lineNumber = 0;
  // The start of a line that the chunks read so far have not finished.
  let pieces: Buffer[] = [];
  for await (const chunk of createReadStream(path, { signal }) as AsyncIterable<Buffer>) {
    const lastNewline = chunk.lastIndexOf(LF);
    if (lastNewline === -1) {
      pieces.push(chunk);
      continue;
    }
    const lines = chunk.subarray(0, lastNewline);
    const complete = pieces.length === 0 ? lines : Buffer.concat([...pieces, lines]);
    pieces = lastNewline + 1 < chunk.length ? [chunk.subarray(lastNewline + 1)] : [];
    const items: JsonlReadItem[] = [];
    lineNumber = parseLines(complete, lineNumber, first, last, items);
    // Lines of a chunk already read would otherwise still arrive after an abort.
    signal?.throwIfAborted();
    if (items.length > 0) yield items;
    // Returning here, before the next chunk is asked for, closes the file.
    if (lineNumber >= last) return;
  }
  lineNumber += 1;
  // A last line without a newline keeps any '\r', as in splitLines.
  if (pieces.length > 0 && lineNumber >= first && lineNumber <= last) {
    const parsed = parseLineBytes(Buffer.concat(pieces), lineNumber);
    if (parsed.kind !== 'blank') yield [parsed];
  }
}

/**
 * Parses the lines of `bytes` (each ended by a '\n', the last one's left out) that fall in
 * [first, last], numbering them after `lineNumber`, into `items`; returns the last line's number.
 */
function parseLines(bytes: Buffer, lineNumber: number, first: number, last: number, items: JsonlReadItem[]): number {
  let text: string | undefined;
  try {
    text = utf8.decode(bytes);
  } catch {
    return parseLinesOneByOne(bytes, lineNumber, first, last, items);
  }
  let start = 0;
  for (;;) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    lineNumber += 1;
    if (lineNumber >= first) {
      const line = text.endsWith(CR, end) ? text.slice(start, end - 1) : text.slice(start, end);
      keep(parseJsonlLine(line, lineNumber), items);
    }
    if (newline === -1 || lineNumber >= last) return lineNumber;
    start = newline + 1;
  }
}

/** As parseLines, decoding each line apart, so a line that is not UTF-8 is reported alone. */
function parseLinesOneByOne(bytes: Buffer, lineNumber: number, first: number, last: number, items: JsonlReadItem[]): number {
  let start = 0;
  for (;;) {
    const newline = bytes.indexOf(LF, start);
    const end = newline === -1 ? bytes.length : newline;
    lineNumber += 1;
    if (lineNumber >= first) {
      const line = end > start && bytes[end - 1] === CR.charCodeAt(0) ? bytes.subarray(start, end - 1) : bytes.subarray(start, end);
      keep(parseLineBytes(line, lineNumber), items);
    }
    if (newline === -1 || lineNumber >= last) return lineNumber;
    start = newline + 1;
  }
}

function parseLineBytes(bytes: Buffer, lineNumber: number): JsonlLineResult {
  let content: string;
  try {
    content = utf8.decode(bytes);
  } catch {
    return { kind: 'error', error: { line: lineNumber, column: 1, message: NOT_UTF8 } };
  }
  return parseJsonlLine(content, lineNumber);
}

function keep(parsed: JsonlLineResult, items: JsonlReadItem[]): void {
  if (parsed.kind !== 'blank') items.push(parsed);
}
