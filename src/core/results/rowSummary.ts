/**
 * What the results panel needs of every row to sort, filter, draw histograms and pick its view,
 * without the row's texts: a few numbers a row, so a whole file's summaries fit where its
 * texts would not. Pure.
 */
import { evolutionTrackOf } from './evolutionTrack';
import { scoreCellsOf } from './scoreCells';

export interface RowSummary {
  /** Score column id -> value (see scoreCells.ts). */
  scores: Record<string, number | string | null>;
  /** Whether the row holds an evolution track. */
  track: boolean;
}

/** One object for every row without scores or evolutions, the most common kind in a big file. */
const PLAIN: RowSummary = Object.freeze({ scores: Object.freeze({}), track: false });
const TRACK_ONLY: RowSummary = Object.freeze({ scores: Object.freeze({}), track: true });

/** A row's summary; rows without scores share one object (frozen: never changed in place). */
export function summaryOf(values: Readonly<Record<string, unknown>>): RowSummary {
  const cells = scoreCellsOf(values);
  const track = evolutionTrackOf(values, cells) !== null;
  if (cells.length === 0) return track ? TRACK_ONLY : PLAIN;
  const scores: Record<string, number | string | null> = {};
  for (const cell of cells) scores[cell.id] = cell.value;
  return { scores, track };
}
