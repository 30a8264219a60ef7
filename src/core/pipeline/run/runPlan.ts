import type { ConfiguredTask } from '../../tasks/defineTask';
import type { ConfiguredStep } from '../../steps/defineColumnStep';
import type { LoadSource } from '../load';
import type { LlmEntry } from '../schema';

/** A step that reads this step's rows, and which of its inputs this step is (its `after` position). */
export interface Consumer {
  step: string;
  branch: number;
}

interface PlannedStepBase {
  name: string;
  /** The steps this one reads, in `after` order: a multi-input step's branch order. */
  predecessors: readonly string[];
  consumers: readonly Consumer[];
}

export interface PlannedLoadStep extends PlannedStepBase {
  kind: 'load';
  source: LoadSource;
}

export interface PlannedTaskStep extends PlannedStepBase {
  kind: 'task';
  task: ConfiguredTask;
  /** The `llms` entry it sends its requests to. */
  llm: string;
  /** Generator tasks only: how many rows to make. */
  generatorRows?: number;
}

export interface PlannedColumnStep extends PlannedStepBase {
  kind: 'column';
  step: ConfiguredStep;
}

export type PlannedStep = PlannedLoadStep | PlannedTaskStep | PlannedColumnStep;

/** A checked pipeline, every task and column step configured: what the engine runs. */
export interface RunPlan {
  name: string;
  /** Every step, each after all the steps it reads. */
  steps: readonly PlannedStep[];
  /** The one step no other step reads: its rows are the pipeline's output. */
  lastStep: string;
  /** The endpoints task steps use, by name, overrides applied. */
  llms: Readonly<Record<string, LlmEntry>>;
  /** The `output` path resolved against the pipeline file's folder, when the file names one. */
  output?: string;
  /** Rows get `distilabel_metadata` (prompts, raw outputs, token counts, errors). */
  includeMetadata: boolean;
}
