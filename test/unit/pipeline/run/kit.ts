import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  outputPathsFor,
  preparePipeline,
  runPipeline,
  type LlmOverrides,
  type PipelineRunSummary,
  type RunPipelineOptions,
  type RunPlan,
} from '../../../../src/core/pipeline/run';

export { withTempDir } from '../../jsonl/tempDir';

/** Writes `yaml` as `<dir>/test.pipeline.yaml` and returns its path. */
export async function writePipeline(dir: string, yaml: string): Promise<string> {
  const file = join(dir, 'test.pipeline.yaml');
  await writeFile(file, yaml);
  return file;
}

/** The plan of a pipeline that must have no problems. */
export async function planOf(file: string, llmOverrides: LlmOverrides = {}): Promise<RunPlan> {
  const prepared = await preparePipeline(file, { llmOverrides });
  assert.deepEqual(prepared.problems, []);
  assert.ok(prepared.plan);
  return prepared.plan;
}

export interface TestRun {
  summary: PipelineRunSummary;
  /** The rows of one step's file, or of the output with `output`. */
  rows(step: string): Promise<Record<string, unknown>[]>;
  output(): Promise<Record<string, unknown>[]>;
}

/** Plans and runs the pipeline written in `dir`, with its files under `<dir>/out`. */
export async function runIn(dir: string, yaml: string, options: Omit<RunPipelineOptions, 'paths'> & { llmOverrides?: LlmOverrides } = {}): Promise<TestRun> {
  const file = await writePipeline(dir, yaml);
  const plan = await planOf(file, options.llmOverrides);
  const paths = outputPathsFor(plan, file, join(dir, 'out'));
  const summary = await runPipeline(plan, { ...options, paths });
  return { summary, rows: (step) => readRows(paths.stepFile(step)), output: () => readRows(paths.output) };
}

export async function readRows(path: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(path, 'utf8');
  assert.ok(text === '' || text.endsWith('\n'), `${path}: every written line is complete`);
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** `n` JSONL rows `{"id": "r1", "instruction": "..."}`. */
export function instructionRows(n: number): string {
  return Array.from({ length: n }, (_, i) => JSON.stringify({ id: `r${i + 1}`, instruction: `Explain topic number ${i + 1} in simple words.` })).join('\n') + '\n';
}

export function stepOf(summary: PipelineRunSummary, step: string) {
  const found = summary.steps.find((entry) => entry.step === step);
  assert.ok(found, `no step ${step}`);
  return found;
}
