import { EVOLUTION_COLUMNS, textOf } from './columnRoles';
import type { ScoreCell } from './scoreCells';

/** One version of an evolving text: the original, or an evolution of it. */
export interface TextVersion {
  /** "original", "evolution 2", or "evolved" when only the last version was kept. */
  label: string;
  text: string | null;
  answer: string | null;
  /** Its score, when a score list lines up with the versions (the DEITA workflow). */
  score: ScoreCell | null;
  /** How the request that made this version is labelled in the metadata; null for the original. */
  callLabel: string | null;
  answerCallLabel: string | null;
}

export interface EvolutionTrack {
  kind: 'instruction' | 'response';
  /** What the versions answer (EvolQuality's instruction); null for evolving instructions. */
  context: string | null;
  versions: TextVersion[];
  tasks: readonly string[];
}

/**
 * A row's original text and every evolution of it, each with its answer and score where the row
 * has them; null when the row holds no evolutions. `scores` are the row's score cells.
 */
export function evolutionTrackOf(values: Readonly<Record<string, unknown>>, scores: readonly ScoreCell[]): EvolutionTrack | null {
  for (const role of EVOLUTION_COLUMNS) {
    const list = values[role.list];
    const single = values[role.single];
    if (list === undefined && single === undefined) continue;
    const original = textOf(values[role.original]);
    const track: EvolutionTrack = { kind: role.kind, context: role.context ? textOf(values[role.context]) : null, versions: [], tasks: role.tasks };
    const originalVersion: TextVersion = { label: 'original', text: original, answer: null, score: null, callLabel: null, answerCallLabel: null };

    if (Array.isArray(list)) {
      const texts = list.map(textOf);
      // include_original_instruction / include_original_response put the original first.
      const startsWithOriginal = original !== null && texts[0] === original;
      if (!startsWithOriginal) track.versions.push(originalVersion);
      const answers = role.answers ? values[role.answers.list] : undefined;
      const scoreAt = new Map(scores.filter((cell) => cell.scoredColumn === role.list).map((cell) => [cell.position, cell]));
      texts.forEach((text, index) => {
        const evolution = startsWithOriginal ? index : index + 1;
        track.versions.push({
          label: evolution === 0 ? 'original' : `evolution ${evolution}`,
          text,
          answer: Array.isArray(answers) ? textOf(answers[index]) : null,
          score: scoreAt.get(index + 1) ?? null,
          callLabel: evolution === 0 ? null : `evolution ${evolution}`,
          answerCallLabel: role.answers ? `answer ${index + 1}` : null,
        });
      });
    } else {
      track.versions.push(originalVersion);
      // A failed row has null here: the original alone, with the row's error beside it.
      if (single !== null && single !== undefined) {
        track.versions.push({
          label: 'evolved',
          text: textOf(single),
          answer: role.answers ? textOf(values[role.answers.single]) : null,
          score: null,
          callLabel: 'evolution',
          answerCallLabel: role.answers ? 'answer 1' : null,
        });
      }
    }
    return track;
  }
  return null;
}
