import { isAbortError } from '../../llm';
import { readLoadBatches, type LoadProblem } from '../load';
import type { PlannedLoadStep } from './runPlan';
import type { EmittedRow, StepIo } from './stepIo';

/**
 * Streams the file's rows out as they are read, in batches of `batchRows` (the last one
 * shorter): one hand-off a batch instead of one a row. Unreadable parts go to `onProblem` and
 * are skipped.
 */
export async function runLoadStep(step: PlannedLoadStep, io: StepIo, onProblem: (problem: LoadProblem) => void, batchRows: number): Promise<void> {
  let batch: EmittedRow[] = [];
  const flush = async () => {
    const full = batch;
    batch = [];
    await io.emit(full);
  };
  try {
    for await (const items of readLoadBatches(step.source, io.signal)) {
      for (const item of items) {
        // Rows already read are not sent on after a cancel.
        if (io.signal.aborted) return;
        if (item.kind === 'problem') {
          io.progress.unreadable += 1;
          onProblem(item.problem);
          io.reportProgress();
          continue;
        }
        io.progress.rowsIn += 1;
        batch.push(item.row);
        if (batch.length >= batchRows) await flush();
      }
    }
    if (batch.length > 0) await flush();
  } catch (error) {
    if (!(isAbortError(error) || io.signal.aborted)) throw error;
  }
}
