/** What the views read from a row, worked out once per row object (rows are never mutated). */
import { evolutionTrackOf, type EvolutionTrack } from '../../core/results/evolutionTrack';
import { scoreCellsOf, type ScoreCell } from '../../core/results/scoreCells';
import type { LoadedRow } from '../../protocol/resultsPanel';

export interface RowDigest {
  track: EvolutionTrack | null;
  scores: readonly ScoreCell[];
  scoreById: ReadonlyMap<string, ScoreCell>;
}

const digests = new WeakMap<LoadedRow, RowDigest>();

export function digestOf(row: LoadedRow): RowDigest {
  let digest = digests.get(row);
  if (!digest) {
    const scores = scoreCellsOf(row.body.values);
    digest = { track: evolutionTrackOf(row.body.values, scores), scores, scoreById: new Map(scores.map((cell) => [cell.id, cell])) };
    digests.set(row, digest);
  }
  return digest;
}
