import type { StepRow } from '../../steps/defineColumnStep';
import type { EmittedRow, FlowRow } from './stepIo';

/** A column step's rows as the engine passes them on, keeping the source line of the row they came from. */
export function emittedRows(rows: readonly StepRow[], from: Pick<FlowRow, 'line'>): EmittedRow[] {
  return rows.map((result) => ({
    value: result.row,
    ...(from.line !== undefined ? { line: from.line } : {}),
    ...(result.error !== undefined ? { error: result.error } : {}),
  }));
}
