import type { ConfiguredMultiInputStep } from '../../steps/defineColumnStep';
import { emittedRows } from './emittedRows';
import type { FlowRow, StepIo } from './stepIo';

/**
 * Joins the predecessors' rows position by position as soon as every branch has a row at the
 * next position. A faster branch's rows wait here in memory until the slower ones catch up:
 * the branches are never read in lockstep, because a branch held back could stall the shared
 * step upstream that the slow branch is waiting on.
 */
export async function combineBranchesAsTheyArrive(step: ConfiguredMultiInputStep, branchCount: number, io: StepIo): Promise<void> {
  const waiting: FlowRow[][] = Array.from({ length: branchCount }, () => []);
  let combined = 0;
  for await (const { branch, row } of io.inbox) {
    if (io.signal.aborted) return;
    io.progress.rowsIn += 1;
    waiting[branch]?.push(row);
    while (waiting.every((rows) => rows.length > 0)) {
      const rows = waiting.map((rows) => rows.shift() as FlowRow);
      await io.emit(emittedRows(step.combine(rows.map((row) => [row.value])), rows[0] ?? {}));
      combined += 1;
    }
  }
  if (io.signal.aborted || waiting.every((rows) => rows.length === 0)) return;
  // Unequal branches: the positions past the end of the shortest still come out, each with an error naming it.
  const placement = { firstPosition: combined, branchLengths: waiting.map((rows) => combined + rows.length) };
  await io.emit(emittedRows(step.combine(waiting.map((rows) => rows.map((row) => row.value)), placement), {}));
}
