/**
 * Plans writing a panel's decisions back into its file: accepted rows get their latest values
 * (a re-run's included), rejected rows are removed, undecided rows stay exactly as they are.
 * Each group of rows is found by its lines' text (where it was last seen first), and left alone
 * when it cannot be found with certainty: a row must never overwrite another one. Pure.
 */
import { serializeRow } from '../../core/jsonl';
import type { Decision } from '../../protocol/resultsPanel';
import type { ModelRow, ResultGroup } from './resultsModel';

/** Replace lines [start, end) (0-based) with `lines`; an empty list deletes them. */
export interface SpanEdit {
  start: number;
  end: number;
  lines: string[];
  group: ResultGroup;
}

export interface WritePlan {
  /** Sorted by `start`, never overlapping. */
  edits: SpanEdit[];
  /** Groups with decisions that could not be found in the file (changed, or ambiguous). */
  notFound: ResultGroup[];
  accepted: ModelRow[];
  rejected: ModelRow[];
}

type DecisionOf = (row: ModelRow) => Decision | undefined;

/** Where `texts` stand in `lines` as consecutive lines, preferring `hint`; undefined when not exactly once. */
function locate(texts: readonly string[], hint: number | null, lines: readonly string[], starts: (first: string) => readonly number[]): number | undefined {
  const matchesAt = (start: number) => texts.every((text, offset) => lines[start + offset] === text);
  if (hint !== null && matchesAt(hint)) return hint;
  const candidates = starts(texts[0] as string).filter(matchesAt);
  return candidates.length === 1 ? candidates[0] : undefined;
}

/** The 0-based line holding a row's text: at `hint` when it is there, else its only occurrence. */
export function findRowLine(lines: readonly string[], text: string, hint: number | null): number | undefined {
  return locate([text], hint, lines, (first) => lines.flatMap((line, index) => (line === first ? [index] : [])));
}

/** What a write in place did, for the panel's status line. */
export function describeInPlaceWrite(plan: WritePlan, fileName: string): { level: 'info' | 'warning'; text: string } {
  const rows = (count: number) => `${count} ${count === 1 ? 'row' : 'rows'}`;
  const parts = [`Wrote ${rows(plan.accepted.length)} accepted and removed ${rows(plan.rejected.length)} rejected in ${fileName}`];
  if (plan.edits.length > 0) parts.push('one edit: Undo takes it back');
  const lost = plan.notFound.flatMap((group) => group.rows).length;
  if (lost > 0) parts.push(`${rows(lost)} decided but not found as shown (changed since, or never written): left alone`);
  return { level: lost > 0 ? 'warning' : 'info', text: `${parts.join('; ')}.` };
}

export function planInPlaceWrite(lines: readonly string[], groups: readonly ResultGroup[], decisionOf: DecisionOf): WritePlan {
  let index: Map<string, number[]> | undefined;
  const starts = (first: string): readonly number[] => {
    if (!index) {
      index = new Map();
      lines.forEach((line, position) => {
        const list = index?.get(line);
        if (list) list.push(position);
        else index?.set(line, [position]);
      });
    }
    return index.get(first) ?? [];
  };

  const plan: WritePlan = { edits: [], notFound: [], accepted: [], rejected: [] };
  const claimed: { start: number; end: number }[] = [];
  for (const group of groups) {
    if (!group.rows.some((row) => decisionOf(row) !== undefined)) continue;
    const written = group.rows.flatMap((row) => (row.writtenText === null ? [] : [row.writtenText]));
    const start = written.length === 0 ? undefined : locate(written, group.lineHint, lines, starts);
    const end = start === undefined ? undefined : start + written.length;
    if (start === undefined || end === undefined || claimed.some((span) => start < span.end && span.start < end)) {
      plan.notFound.push(group);
      continue;
    }
    claimed.push({ start, end });
    const replacement = group.rows.flatMap((row) => {
      const decision = decisionOf(row);
      if (decision === 'rejected') {
        plan.rejected.push(row);
        return [];
      }
      if (decision === 'accepted') {
        plan.accepted.push(row);
        return [serializeRow(row.value)];
      }
      return row.writtenText === null ? [] : [row.writtenText];
    });
    const unchanged = replacement.length === written.length && replacement.every((line, offset) => line === written[offset]);
    if (!unchanged) plan.edits.push({ start, end, lines: replacement, group });
  }
  plan.edits.sort((a, b) => a.start - b.start);
  return plan;
}

/** Where a 0-based line is after the edits (which are sorted and do not overlap). */
export function lineAfterEdits(line: number, edits: readonly SpanEdit[]): number {
  let shift = 0;
  for (const edit of edits) {
    if (edit.end > line) break;
    shift += edit.lines.length - (edit.end - edit.start);
  }
  return line + shift;
}

/** The accepted rows' latest values, in panel order, for a new file. */
export function acceptedLines(rows: readonly ModelRow[], decisionOf: DecisionOf): string[] {
  return rows.filter((row) => decisionOf(row) === 'accepted').map((row) => serializeRow(row.value));
}
