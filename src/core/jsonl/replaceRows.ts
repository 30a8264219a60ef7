import { BOM } from './bom';
import { serializeRow } from './serializeRow';
import { splitLines } from './splitLines';
import type { JsonObject } from './types';

/**
 * Returns `text` with the given 1-based lines replaced by their serialized rows. A replaced
 * line keeps its own line ending (and line 1 its BOM); every other line is left byte-identical.
 */
export function replaceRows(text: string, updates: ReadonlyMap<number, JsonObject>): string {
  const lines = splitLines(text);
  for (const lineNumber of updates.keys()) {
    if (!Number.isInteger(lineNumber) || lineNumber < 1 || lineNumber > lines.length) {
      throw new RangeError(
        `Cannot replace line ${lineNumber}: the text has ${lines.length} line${lines.length === 1 ? '' : 's'}, numbered from 1.`,
      );
    }
  }
  return lines
    .map(({ content, eol }, index) => {
      const update = updates.get(index + 1);
      if (update === undefined) return content + eol;
      const bom = index === 0 && content.startsWith(BOM) ? BOM : '';
      return bom + serializeRow(update) + eol;
    })
    .join('');
}
