import { openJsonlWriter, type JsonlFileWriter } from '../../jsonl';
import type { OutputPaths } from './outputPaths';
import type { RunPlan } from './runPlan';

/** The open files of a run: one per step, and the output. */
export interface RunFiles {
  output: JsonlFileWriter;
  step(name: string): JsonlFileWriter;
  close(): Promise<void>;
}

/** Opens (and empties) every file up front, so a step that gives no rows leaves an empty file, not a stale one. */
export async function openRunFiles(plan: RunPlan, paths: OutputPaths): Promise<RunFiles> {
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
    for (const step of plan.steps) steps.set(step.name, await open(paths.stepFile(step.name)));
    return {
      output,
      step: (name) => {
        const writer = steps.get(name);
        if (!writer) throw new Error(`no file was opened for step "${name}"`);
        return writer;
      },
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
