import { isAbortError } from '../../llm';
import { readLoadSource, type LoadProblem } from '../load';
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
    for await (const item of readLoadSource(step.source, io.signal)) {
      if (item.kind === 'problem') {
        io.progress.unreadable += 1;
        onProblem(item.problem);
        io.reportProgress();
        continue;
      }
      io.progress.rowsIn += 1;
      batch.push({ value: item.row.value, line: item.row.line });
      if (batch.length >= batchRows) await flush();
    }
    if (batch.length > 0) await flush();
  } catch (error) {
    if (!(isAbortError(error) || io.signal.aborted)) throw error;
  }
}
