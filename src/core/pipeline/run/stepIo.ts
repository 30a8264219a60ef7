import type { JsonObject } from '../../jsonl/types';
import type { StepProgress } from './stepProgress';

/** A row travelling between steps. */
export interface FlowRow {
  value: JsonObject;
  /** The line of the loaded file the row descends from, so results can point back to it. */
  line?: number;
}

/** A row as a step emits it, with the reason when its outputs are null. */
export interface EmittedRow extends FlowRow {
  error?: string;
}

/** A row reaching a step, tagged with the predecessor it came from (its position in `after`). */
export interface Arrival {
  branch: number;
  row: FlowRow;
}

/** What a running step sees of the engine. */
export interface StepIo {
  /** The rows of every predecessor, in arrival order; ends when they have all finished. */
  inbox: AsyncIterable<Arrival>;
  /** The same rows in the batches they were emitted in, for steps that handle many rows a second. Read one or the other. */
  batches: AsyncIterable<readonly Arrival[]>;
  /** Writes the rows to the step's file and hands them to the steps that read it; waits while they are full. */
  emit(rows: readonly EmittedRow[]): Promise<void>;
  /** The step's counters, updated in place; `reportProgress` publishes them. */
  progress: StepProgress;
  reportProgress(): void;
  signal: AbortSignal;
}
