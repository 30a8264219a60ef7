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

export function summaryOf(values: Readonly<Record<string, unknown>>): RowSummary {
  const cells = scoreCellsOf(values);
  const scores: Record<string, number | string | null> = {};
  for (const cell of cells) scores[cell.id] = cell.value;
  return { scores, track: evolutionTrackOf(values, cells) !== null };
}
