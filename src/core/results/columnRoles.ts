/**
 * What the results panel knows about task output columns: which hold successive versions of a
 * text (the Evol tasks), which hold scores and which texts those scores are about. The names are
 * the tasks' own output and input columns; test/unit/results/columnRoles.test.ts checks every one
 * against the task declarations, so a renamed column cannot leave the panel behind silently.
 */

/** Columns holding versions of a text, each built on the one before. */
export interface EvolutionColumns {
  /** With `store_evolutions`: every version, in order. */
  list: string;
  /** Without: only the last version. */
  single: string;
  /** The text the versions started from (an input column). */
  original: string;
  kind: 'instruction' | 'response';
  /** Answers to each kept version (`list`) or to the last one (`single`). */
  answers?: { list: string; single: string };
  /** Shown above the versions: the instruction the evolving responses answer. */
  context?: string;
  tasks: readonly string[];
}

export const EVOLUTION_COLUMNS: readonly EvolutionColumns[] = [
  {
    list: 'evolved_instructions',
    single: 'evolved_instruction',
    original: 'instruction',
    kind: 'instruction',
    answers: { list: 'answers', single: 'answer' },
    tasks: ['EvolInstruct', 'EvolComplexity'],
  },
  { list: 'evolved_responses', single: 'evolved_response', original: 'response', kind: 'response', context: 'instruction', tasks: ['EvolQuality'] },
];

/** A column of scores (one value, or one per scored text). */
export interface ScoreColumns {
  column: string;
  /**
   * Where the scored texts are, in order of preference: the first column holding a list as long
   * as the scores (or a string, for a single score). Evolved lists come first, so DEITA rows
   * (`instructions` mapped from `evolved_instructions`) line each score up with its evolution.
   */
  scored: readonly string[];
  /** Explanations, one per score (the first column present). */
  notes: readonly string[];
  tasks: readonly string[];
}

export const SCORE_COLUMNS: readonly ScoreColumns[] = [
  {
    column: 'scores',
    scored: ['evolved_instructions', 'instructions', 'evolved_responses', 'responses'],
    notes: [],
    tasks: ['ComplexityScorer', 'QualityScorer'],
  },
  { column: 'ratings', scored: ['generations'], notes: ['rationales-for-ratings', 'rationales'], tasks: ['UltraFeedback'] },
  { column: 'score', scored: ['generation'], notes: ['reason'], tasks: ['InstructionBacktranslation'] },
  { column: 'result', scored: ['generation'], notes: ['feedback'], tasks: ['PrometheusEval'] },
];

/** The metadata column every task run adds (distilabel's name). */
export const METADATA_COLUMN = 'distilabel_metadata';

/** A value as display text: strings as they are, other JSON compact; null for null or absent. */
export function textOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}
