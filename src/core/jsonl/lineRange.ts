import type { LineRange } from './types';

/** Throws unless `range` is a well-formed, 1-based, inclusive range. */
export function assertValidRange(range: LineRange): void {
  const { start, end } = range;
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 1 || end < start) {
    throw new RangeError(
      `Invalid line range ${start}-${end}: start and end must be whole numbers with 1 <= start <= end.`,
    );
  }
}
