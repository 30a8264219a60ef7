import type { JsonObject } from './types';

// JSON.stringify escapes \n and \r but leaves U+2028 and U+2029 raw; JavaScript tools and
// VS Code treat those as line breaks, so they are escaped too (the JSON value is unchanged).
const UNICODE_LINE_SEPARATORS = /[\u2028\u2029]/g;

/** The compact one-line JSON for a row, without a line ending. */
export function serializeRow(value: JsonObject): string {
  return JSON.stringify(value).replace(
    UNICODE_LINE_SEPARATORS,
    (separator) => `\\u${separator.charCodeAt(0).toString(16)}`,
  );
}
