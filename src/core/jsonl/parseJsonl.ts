import { assertValidRange } from './lineRange';
import { parseJsonlLine } from './parseLine';
import { iterateLines } from './splitLines';
import type { JsonlParseResult, LineRange } from './types';

/**
 * Parses JSONL text, or only the lines in `range` (line numbers stay those of the whole
 * text). A bad line becomes an error and the other lines still parse.
 */
export function parseJsonl(text: string, range?: LineRange): JsonlParseResult {
  if (range !== undefined) assertValidRange(range);
  const result: JsonlParseResult = { rows: [], errors: [], blankLines: [] };
  let lineNumber = 0;
  for (const { content } of iterateLines(text)) {
    lineNumber += 1;
    if (range !== undefined && lineNumber < range.start) continue;
    const parsed = parseJsonlLine(content, lineNumber);
    if (parsed.kind === 'row') result.rows.push(parsed.row);
    else if (parsed.kind === 'error') result.errors.push(parsed.error);
    else result.blankLines.push(parsed.line);
    if (range !== undefined && lineNumber >= range.end) break;
  }
  return result;
}
