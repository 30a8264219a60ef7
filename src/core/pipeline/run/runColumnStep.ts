import type { ConfiguredRowStep, StepStream } from '../../steps/defineColumnStep';
import { combineBranchesAsTheyArrive } from './combineBranches';
import { emittedRows } from './emittedRows';
import type { PlannedColumnStep } from './runPlan';
import type { StepIo } from './stepIo';

/**
 * Runs a column step over the rows as they arrive: row-wise steps a batch at a time, stream
 * steps in arrival order (with whatever they held back released at the end), multi-input steps
 * position by position across their predecessors. On cancel a step stops taking rows; what it
 * emitted is kept.
 */
export async function runColumnStep(planned: PlannedColumnStep, io: StepIo): Promise<void> {
  const { step } = planned;
  switch (step.kind) {
    case 'multi-input':
      return combineBranchesAsTheyArrive(step, planned.predecessors.length, io);
    case 'stream':
      return runStreamStep(step.open(), io);
    case 'row':
      return runRowStep(step, io);
  }
}

/** A batch in, a batch out: the rows of one emit go on together. */
async function runRowStep(step: ConfiguredRowStep, io: StepIo): Promise<void> {
  for await (const batch of io.batches) {
    if (io.signal.aborted) return;
    io.progress.rowsIn += batch.length;
    await io.emit(batch.flatMap(({ row }) => emittedRows(step.process(row.value), row)));
  }
}

async function runStreamStep(stream: StepStream, io: StepIo): Promise<void> {
  for await (const { row } of io.inbox) {
    if (io.signal.aborted) return;
    io.progress.rowsIn += 1;
    // A stream step may release rows it held back, so its rows cannot be traced to one input line.
    await io.emit(emittedRows(stream.push(row.value), {}));
  }
  if (!io.signal.aborted) await io.emit(emittedRows(stream.finish(), {}));
}
