import { withoutBom } from './bom';
import { locateJsonError } from './locateJsonError';
import type { JsonObject, JsonlLineResult } from './types';

/** Index of the first character that is not JSON whitespace, or -1 for a blank line. */
function firstContentIndex(text: string): number {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code !== 0x20 && code !== 0x09 && code !== 0x0d && code !== 0x0a) return index;
  }
  return -1;
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

function lineError(line: number, column: number, message: string): JsonlLineResult {
  return { kind: 'error', error: { line, column, message } };
}

/**
 * Reads one JSONL line (without its line ending) as a row, an error or a blank line.
 * Line 1 may start with the file's byte order mark, which is not part of the JSON.
 */
export function parseJsonlLine(content: string, lineNumber: number): JsonlLineResult {
  // Elsewhere a BOM is a stray character (from concatenated files) and is reported as such.
  const text = lineNumber === 1 ? withoutBom(content) : content;
  const contentIndex = firstContentIndex(text);
  if (contentIndex === -1) return { kind: 'blank', line: lineNumber };

  let value: unknown;
  try {
    // JSON.parse is far faster than any JS parser; jsonc-parser only runs to explain a failure.
    value = JSON.parse(text);
  } catch (parseError) {
    const located = locateJsonError(text);
    if (located === undefined) {
      const reason = parseError instanceof Error ? parseError.message : String(parseError);
      return lineError(lineNumber, 1, `invalid JSON: ${reason}. Fix or delete this line.`);
    }
    return lineError(
      lineNumber,
      located.column,
      `invalid JSON at column ${located.column}: ${located.problem}. Fix or delete this line.`,
    );
  }

  if (isJsonObject(value)) return { kind: 'row', row: { line: lineNumber, value } };
  return lineError(
    lineNumber,
    contentIndex + 1,
    `expected a JSON object, got ${describeJsonType(value)}. Each line must hold one {...} object: wrap the value in an object or delete this line.`,
  );
}
