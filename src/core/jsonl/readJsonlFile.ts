import { assertValidRange } from './lineRange';
import { parseJsonlLine } from './parseLine';
import { readLineBytes } from './readLineBytes';
import type { JsonlLineResult, JsonlReadItem, LineRange } from './types';

export interface ReadJsonlOptions {
  /** Only these lines; reading stops after `range.end`. */
  range?: LineRange;
  /** Aborting makes the iteration throw an AbortError. */
  signal?: AbortSignal;
}

// fatal: bad bytes would otherwise turn silently into U+FFFD inside the training data.
// ignoreBOM keeps a leading BOM in line 1, which parseJsonlLine skips just as for parseJsonl.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function parseLineBytes(bytes: Buffer, lineNumber: number): JsonlLineResult {
  let content: string;
  try {
    content = utf8.decode(bytes);
  } catch {
    const message = 'the line is not valid UTF-8. Re-save the file as UTF-8 or fix or delete this line.';
    return { kind: 'error', error: { line: lineNumber, column: 1, message } };
  }
  return parseJsonlLine(content, lineNumber);
}

/**
 * Streams the rows and bad lines of a JSONL file of any size, in line order; blank lines are
 * skipped. Rows and errors are those parseJsonl gives for the decoded text, plus an error for
 * each line that is not valid UTF-8.
 */
export async function* readJsonlFile(path: string, options: ReadJsonlOptions = {}): AsyncGenerator<JsonlReadItem> {
  const { range, signal } = options;
  if (range !== undefined) assertValidRange(range);
  signal?.throwIfAborted();
  let lineNumber = 0;
  for await (const bytes of readLineBytes(path, signal)) {
    lineNumber += 1;
    if (range !== undefined && lineNumber < range.start) continue;
    // Lines of a chunk already read would otherwise still arrive after an abort.
    signal?.throwIfAborted();
    const parsed = parseLineBytes(bytes, lineNumber);
    if (parsed.kind !== 'blank') yield parsed;
    // Returning here, before the next chunk is asked for, closes the file.
    if (range !== undefined && lineNumber >= range.end) return;
  }
}
