import { access } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { RunPlan } from './runPlan';

/** Where a run writes: the last step's rows, and every step's rows under `steps/`. */
export interface OutputPaths {
  dir: string;
  output: string;
  /** The folder of the per-step files. */
  stepsDir: string;
  stepFile(step: string): string;
}

/**
 * The run's files. The folder is `outDir` when given, else the folder of the pipeline's
 * `output`, else `out/<pipeline name>/` next to the pipeline file. With `outDir` the output
 * file keeps its name but moves into that folder, so one flag relocates everything.
 */
export function outputPathsFor(plan: RunPlan, pipelineFile: string, outDir?: string): OutputPaths {
  const fileName = plan.output !== undefined ? basename(plan.output) : `${safeFileName(plan.name)}.jsonl`;
  const dir = outDir ?? (plan.output !== undefined ? dirname(plan.output) : join(dirname(pipelineFile), 'out', safeFileName(plan.name)));
  const stepsDir = join(dir, 'steps');
  return {
    dir,
    output: outDir === undefined && plan.output !== undefined ? plan.output : join(dir, fileName),
    stepsDir,
    // Step names are letters, digits, "_" and "-" (the schema says so), so they are safe file names.
    stepFile: (step) => join(stepsDir, `${step}.jsonl`),
  };
}

/** The files of this run that exist already, which a run would overwrite. */
export async function existingOutputs(plan: RunPlan, paths: OutputPaths, stepFiles = true): Promise<string[]> {
  const candidates = [paths.output, ...(stepFiles ? plan.steps.map((step) => paths.stepFile(step.name)) : [])];
  const exists = await Promise.all(candidates.map((path) => access(path).then(() => true, () => false)));
  return candidates.filter((_, index) => exists[index]);
}

function safeFileName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-') || 'pipeline';
}
