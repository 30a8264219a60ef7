/** What the views read from a row, worked out once per row object (rows are never mutated). */
import { evolutionTrackOf, type EvolutionTrack } from '../../core/results/evolutionTrack';
import { scoreCellsOf, type ScoreCell } from '../../core/results/scoreCells';
import type { PanelRow } from '../../protocol/resultsPanel';

export interface RowDigest {
  track: EvolutionTrack | null;
  scores: readonly ScoreCell[];
  scoreById: ReadonlyMap<string, ScoreCell>;
}

const digests = new WeakMap<PanelRow, RowDigest>();

export function digestOf(row: PanelRow): RowDigest {
  let digest = digests.get(row);
  if (!digest) {
    const scores = scoreCellsOf(row.values);
    digest = { track: evolutionTrackOf(row.values, scores), scores, scoreById: new Map(scores.map((cell) => [cell.id, cell])) };
    digests.set(row, digest);
  }
  return digest;
}
