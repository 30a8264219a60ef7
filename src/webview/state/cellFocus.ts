/**
 * What the details drawer shows for a cell: its full text and the requests that made it (the
 * metadata labels calls `evolution 2 (deepening)`, `answer 1`, `scores`...). Pure.
 */
import { textOf } from '../../core/results/columnRoles';
import type { CallDetails, LoadedRow, RowDetails, StepDetails } from '../../protocol/resultsPanel';
import type { CellRef } from './panelState';
import { digestOf } from './rowDigest';

export interface CellField {
  label: string;
  text: string | null;
}

export interface CellFocus {
  title: string;
  fields: CellField[];
  /** Label of the cell's request(s), without a "generation N: " prefix; null when unknown. */
  callLabel: string | null;
  /** Tasks whose steps made the cell; empty when any step may have. */
  tasks: readonly string[];
}

export function cellFocusOf(row: LoadedRow, cell: CellRef): CellFocus {
  const { track, scoreById } = digestOf(row);
  switch (cell.kind) {
    case 'version': {
      const version = track?.versions[cell.index];
      if (!track || !version) break;
      // The original was made by no request.
      const tasks = version.callLabel === null ? [] : track.tasks;
      return { title: `${track.kind} · ${version.label}`, fields: [{ label: version.label, text: version.text }], callLabel: version.callLabel, tasks };
    }
    case 'answer': {
      const version = track?.versions[cell.index];
      if (!track || !version) break;
      const tasks = version.answerCallLabel === null ? [] : track.tasks;
      return { title: `answer to ${version.label}`, fields: [{ label: 'answer', text: version.answer }], callLabel: version.answerCallLabel, tasks };
    }
    case 'score': {
      const score = scoreById.get(cell.id);
      if (!score) break;
      return {
        title: score.id,
        fields: [
          { label: 'score', text: textOf(score.value) },
          ...(score.scoredColumn ? [{ label: `scored text (${score.scoredColumn})`, text: score.scoredText }] : []),
          ...(score.note !== null ? [{ label: 'explanation', text: score.note }] : []),
        ],
        callLabel: null,
        tasks: score.tasks,
      };
    }
    case 'column':
      return { title: cell.name, fields: [{ label: cell.name, text: textOf(row.body.values[cell.name]) }], callLabel: null, tasks: [] };
    case 'row':
      break;
  }
  return { title: row.line === null ? 'row' : `line ${row.line}`, fields: [], callLabel: null, tasks: [] };
}

const GENERATION_PREFIX = /^generation \d+: /;

/** Whether a request of a step made the cell in focus. */
function madeCell(step: StepDetails, call: CallDetails, focus: CellFocus): boolean {
  if (focus.tasks.length > 0 && step.task !== null && !focus.tasks.includes(step.task)) return false;
  if (focus.callLabel === null) return focus.tasks.length > 0 && step.task !== null;
  // A step that sent one request (recorded with distilabel's own keys, which name no request)
  // made every cell it wrote: a one-evolution run's evolved instruction among them.
  if (step.calls.length === 1 && focus.tasks.length > 0 && step.task !== null) return true;
  const label = call.label.replace(GENERATION_PREFIX, '');
  return label === focus.callLabel || label.startsWith(`${focus.callLabel} `);
}

/** The requests behind the cell, for the top of the drawer. */
export function callsForCell(details: RowDetails, focus: CellFocus): { step: StepDetails; call: CallDetails }[] {
  return details.steps.flatMap((step) => step.calls.filter((call) => madeCell(step, call, focus)).map((call) => ({ step, call })));
}
