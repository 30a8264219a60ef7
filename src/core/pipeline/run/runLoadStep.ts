import { isAbortError } from '../../llm';
import { readLoadSource, type LoadProblem } from '../load';
import type { PlannedLoadStep } from './runPlan';
import type { StepIo } from './stepIo';

/** Streams the file's rows out as they are read; unreadable parts go to `onProblem` and are skipped. */
export async function runLoadStep(step: PlannedLoadStep, io: StepIo, onProblem: (problem: LoadProblem) => void): Promise<void> {
  try {
    for await (const item of readLoadSource(step.source, io.signal)) {
      if (item.kind === 'problem') {
        io.progress.unreadable += 1;
        onProblem(item.problem);
        io.reportProgress();
        continue;
      }
      io.progress.rowsIn += 1;
      await io.emit([{ value: item.row.value, line: item.row.line }]);
    }
  } catch (error) {
    if (!(isAbortError(error) || io.signal.aborted)) throw error;
  }
}
