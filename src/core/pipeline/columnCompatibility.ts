import type { ColumnType } from '../tasks/columns';

/**
 * Whether a column of type `produced` can feed an input declared `expected`.
 *
 * Nullability is not compared: most task outputs are nullable (an unparsable answer is null),
 * and a null reaching a step is a row-level failure the run records on that row, not a mistake
 * in the pipeline. `json` fits everything in both directions, since it says nothing about the
 * value. A chat is a list of message objects, so it fits `list<json>` and vice versa.
 */
export function isCompatible(produced: ColumnType, expected: ColumnType): boolean {
  if (produced.kind === 'json' || expected.kind === 'json') return true;
  if (expected.kind === 'chat') return produced.kind === 'chat' || (produced.kind === 'list' && produced.item.kind === 'json');
  if (produced.kind === 'chat') return expected.kind === 'list' && expected.item.kind === 'json';
  if (produced.kind === 'list' || expected.kind === 'list') {
    return produced.kind === 'list' && expected.kind === 'list' && isCompatible(produced.item, expected.item);
  }
  return produced.kind === expected.kind;
}
