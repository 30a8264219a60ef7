import { openJsonlWriter, type JsonlFileWriter } from '../../jsonl';
import type { OutputPaths } from './outputPaths';
import type { RunPlan } from './runPlan';

/** The open files of a run: the output, and one per step unless step files are off. */
export interface RunFiles {
  output: JsonlFileWriter;
  /** The step's file; undefined when the run writes no step files. */
  step(name: string): JsonlFileWriter | undefined;
  close(): Promise<void>;
}

/** Opens (and empties) every file up front, so a step that gives no rows leaves an empty file, not a stale one. */
export async function openRunFiles(plan: RunPlan, paths: OutputPaths, stepFiles: boolean): Promise<RunFiles> {
  const opened: JsonlFileWriter[] = [];
  const open = async (path: string) => {
    const writer = await openJsonlWriter(path);
    opened.push(writer);
    return writer;
  };
  const closeAll = () => Promise.all(opened.map((writer) => writer.close())).then(() => undefined);
  try {
    const output = await open(paths.output);
    const steps = new Map<string, JsonlFileWriter>();
    if (stepFiles) for (const step of plan.steps) steps.set(step.name, await open(paths.stepFile(step.name)));
    return {
      output,
      step: (name) => steps.get(name),
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
