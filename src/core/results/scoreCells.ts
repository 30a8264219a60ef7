import { SCORE_COLUMNS, textOf } from './columnRoles';

/** One score of a row, with the text it is about and its explanation. */
export interface ScoreCell {
  /** The score table's column: `scores[2]` for the second of a list, `score` for a single value. */
  id: string;
  column: string;
  /** 1-based position in a list of scores; null for a single value. */
  position: number | null;
  /** Numbers for ratings; strings for verdicts such as PrometheusEval's relative "A" / "B". */
  value: number | string | null;
  /** The column holding the scored text, when one lines up with the scores. */
  scoredColumn: string | null;
  scoredText: string | null;
  note: string | null;
  /** Tasks that write this column, to find the requests behind it. */
  tasks: readonly string[];
}

/** A score cell's id: `scores[2]` for the second of a list, `score` for a single value. */
export function scoreId(column: string, position: number | null): string {
  return position === null ? column : `${column}[${position}]`;
}

/** The column and position an id names (the inverse of scoreId). */
export function scoreIdParts(id: string): { column: string; position: number | null } {
  const match = /^(.*)\[(\d+)\]$/.exec(id);
  return match ? { column: match[1] as string, position: Number(match[2]) } : { column: id, position: null };
}

function scoreValue(value: unknown): number | string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  return typeof value === 'string' ? value : null;
}

/**
 * Every score a row holds, in the order of SCORE_COLUMNS. A list of scores lines up with the
 * first candidate list of texts of the same length; a null list (a failed row) gives no cells.
 */
export function scoreCellsOf(values: Readonly<Record<string, unknown>>): ScoreCell[] {
  const cells: ScoreCell[] = [];
  for (const role of SCORE_COLUMNS) {
    const raw = values[role.column];
    if (Array.isArray(raw)) {
      const scoredColumn = role.scored.find((column) => {
        const texts = values[column];
        return Array.isArray(texts) && texts.length === raw.length;
      });
      const scored = scoredColumn === undefined ? undefined : (values[scoredColumn] as unknown[]);
      const notes = role.notes.map((column) => values[column]).find((value): value is unknown[] => Array.isArray(value));
      raw.forEach((value, index) => {
        cells.push({
          id: scoreId(role.column, index + 1),
          column: role.column,
          position: index + 1,
          value: scoreValue(value),
          scoredColumn: scoredColumn ?? null,
          scoredText: scored ? textOf(scored[index]) : null,
          note: notes ? textOf(notes[index]) : null,
          tasks: role.tasks,
        });
      });
    } else if (raw !== undefined && raw !== null) {
      const scoredColumn = role.scored.find((column) => typeof values[column] === 'string');
      const note = role.notes.map((column) => values[column]).find((value) => typeof value === 'string');
      cells.push({
        id: scoreId(role.column, null),
        column: role.column,
        position: null,
        value: scoreValue(raw),
        scoredColumn: scoredColumn ?? null,
        scoredText: scoredColumn === undefined ? null : textOf(values[scoredColumn]),
        note: textOf(note),
        tasks: role.tasks,
      });
    }
  }
  return cells;
}
