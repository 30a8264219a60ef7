import type { PlannedStep } from './runPlan';

export type StepState = 'waiting' | 'running' | 'done' | 'cancelled' | 'failed';

/** How far one step has got; the counts only grow. */
export interface StepProgress {
  step: string;
  kind: PlannedStep['kind'];
  state: StepState;
  /** Rows taken in: from the steps before, from the file (load), or slots started (generator). */
  rowsIn: number;
  /** Rows written to the step's file and passed on. */
  rowsOut: number;
  /** Rows among `rowsOut` with null outputs and the reason in `distilabel_metadata` (never dropped). */
  rowsFailed: number;
  /** Load steps: lines or records of the file that could not be read (reported, then skipped). */
  unreadable: number;
  /** Requests sent to the endpoint, every retry counted. */
  requests: number;
  /** Of those, the retries. */
  retries: number;
  /** Requests answered from the request cache. */
  cacheHits: number;
  inputTokens: number;
  outputTokens: number;
}

export function initialProgress(step: PlannedStep): StepProgress {
  return { step: step.name, kind: step.kind, state: 'waiting', rowsIn: 0, rowsOut: 0, rowsFailed: 0, unreadable: 0, requests: 0, retries: 0, cacheHits: 0, inputTokens: 0, outputTokens: 0 };
}
