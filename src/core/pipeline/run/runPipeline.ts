import { serializeRow } from '../../jsonl';
import { createLlmClient, isEndpointDown, type EndpointDownError, type LlmClient, type LlmClientConfig, type PendingInBatchError } from '../../llm';
import type { RowInput } from '../../run/rowRunner';
import type { LoadProblem } from '../load';
import { BoundedQueue } from './boundedQueue';
import { clientConfigOf } from './llmEndpoints';
import type { OutputPaths } from './outputPaths';
import { openRunFiles } from './runFiles';
import type { PlannedStep, RunPlan } from './runPlan';
import { runColumnStep } from './runColumnStep';
import { runLoadStep } from './runLoadStep';
import { runTaskStep } from './runTaskStep';
import type { Arrival, EmittedRow, StepIo } from './stepIo';
import { initialProgress, type StepProgress } from './stepProgress';

export interface RunPipelineOptions {
  paths: OutputPaths;
  /** Makes the client of one `llms` entry; the VS Code host passes one that adds the stored API key. */
  createClient?: (llm: string, config: LlmClientConfig) => LlmClient;
  /** Stops every step; every row finished before it stays written. */
  signal?: AbortSignal;
  /** Every step's progress, after any of them changes (often: throttle what you draw). */
  onProgress?: (steps: readonly StepProgress[]) => void;
  /** A step's rows as they are written, e.g. to stream them into a results view. */
  onRows?: (step: string, rows: readonly EmittedRow[]) => void;
  /** A batch round: a task step's row left unfinished, not passed on, because its request waits for a batch. */
  onRowPending?: (step: string, row: Omit<RowInput, 'value'>, pending: PendingInBatchError) => void;
  /** A line or record of a loaded file that could not be read; it is skipped. */
  onLoadProblem?: (step: string, problem: LoadProblem) => void;
  /** Rows waiting between two steps before the one writing them waits (default 1024); a loaded file's rows go out in batches of at most this, up to 256. */
  queueCapacity?: number;
  /** Rows of one task step in flight at once (default: the engine's). */
  maxRowsInFlight?: number;
  /** Write every step's rows to steps/<step>.jsonl (default); false writes the output alone. */
  stepFiles?: boolean;
}

export interface PipelineRunSummary {
  steps: StepProgress[];
  /** Stopped by `signal` before every step finished. */
  cancelled: boolean;
  /** Set when the run stopped because an endpoint is unusable: every row finished before it is written, the rest are not. */
  endpointDown?: EndpointDownError;
  /** The last step's rows, written to `paths.output`. */
  outputRows: number;
}

/**
 * Runs the plan with rows streaming between the steps: every step starts at once and works on
 * rows as its predecessors emit them, through bounded queues, so the first rows reach the last
 * step while the first step is still working, and memory stays bounded. A step read by several
 * steps hands each of them every row. Every step's rows are written to its own file as they
 * come, and the last step's to the output, one complete line at a time.
 *
 * Rows are never dropped: a failed row goes on with null outputs and its reason. Cancelling,
 * or an endpoint found unusable, stops every step and keeps every row written so far. An
 * error that stops a step (a file that cannot be written) stops the run and is thrown once
 * every step has stopped.
 */
export async function runPipeline(plan: RunPlan, options: RunPipelineOptions): Promise<PipelineRunSummary> {
  const clients = createClients(plan, options.createClient ?? ((_llm, config) => createLlmClient(config)));
  const failure = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, failure.signal]) : failure.signal;
  const progress = new Map(plan.steps.map((step) => [step.name, initialProgress(step)]));
  const reportProgress = () => options.onProgress?.([...progress.values()].map((entry) => ({ ...entry })));
  const capacity = Math.max(1, options.queueCapacity ?? 1024);
  const loadBatchRows = Math.min(capacity, 256);
  const inboxes = new Map(plan.steps.map((step) => [step.name, new BoundedQueue<Arrival>(capacity, step.predecessors.length)]));
  const files = await openRunFiles(plan, options.paths, options.stepFiles ?? true);
  let outputRows = 0;
  let firstError: unknown;
  let endpointDown: EndpointDownError | undefined;

  const emitterFor = (step: PlannedStep, stepProgress: StepProgress) => {
    const writers = [files.step(step.name), step.name === plan.lastStep ? files.output : undefined].filter((writer) => writer !== undefined);
    return async (rows: readonly EmittedRow[]) => {
      if (writers.length > 0) {
        // Serialized once for every file they go to.
        const lines = rows.map((row) => serializeRow(row.value));
        for (const writer of writers) await writer.writeLines(lines);
      }
      if (step.name === plan.lastStep) outputRows += rows.length;
      stepProgress.rowsOut += rows.length;
      stepProgress.rowsFailed += rows.filter((row) => row.error !== undefined).length;
      reportProgress();
      options.onRows?.(step.name, rows);
      // The rows go on as they are: the steps reading them look at `value` and `line` alone.
      await Promise.all(step.consumers.map(({ step: consumer, branch }) => (inboxes.get(consumer) as BoundedQueue<Arrival>).push(rows.map((row) => ({ branch, row })))));
    };
  };

  const runOne = async (step: PlannedStep) => {
    const stepProgress = progress.get(step.name) as StepProgress;
    const inbox = inboxes.get(step.name) as BoundedQueue<Arrival>;
    const batches = markRunningOnFirstBatch(inbox, stepProgress);
    const io: StepIo = {
      inbox: oneByOne(batches),
      batches,
      emit: emitterFor(step, stepProgress),
      progress: stepProgress,
      reportProgress,
      signal,
    };
    if (step.predecessors.length === 0) stepProgress.state = 'running';
    reportProgress();
    try {
      if (step.kind === 'load') {
        await runLoadStep(step, io, (problem) => options.onLoadProblem?.(step.name, problem), loadBatchRows);
      } else if (step.kind === 'task') {
        const client = clients.get(step.llm) as LlmClient;
        const inFlight = options.maxRowsInFlight !== undefined ? { maxRowsInFlight: options.maxRowsInFlight } : {};
        const onRowPending = options.onRowPending && ((row: Omit<RowInput, 'value'>, pending: PendingInBatchError) => options.onRowPending?.(step.name, row, pending));
        await runTaskStep(step, io, { client, includeMetadata: plan.includeMetadata, ...inFlight, ...(onRowPending ? { onRowPending } : {}) });
      } else {
        await runColumnStep(step, io);
      }
      stepProgress.state = signal.aborted ? 'cancelled' : 'done';
    } catch (error) {
      stepProgress.state = 'failed';
      if (isEndpointDown(error)) endpointDown ??= error;
      else firstError ??= error;
      failure.abort();
    } finally {
      // Whatever happened, the steps reading this one must see its end, and the ones it reads must not wait for it.
      inbox.abandon();
      for (const { step: consumer } of step.consumers) inboxes.get(consumer)?.close();
      reportProgress();
    }
  };

  try {
    await Promise.all(plan.steps.map(runOne));
  } finally {
    await files.close();
  }
  if (firstError !== undefined) throw firstError;
  return { steps: [...progress.values()], cancelled: options.signal?.aborted ?? false, outputRows, ...(endpointDown ? { endpointDown } : {}) };
}

/** One client per `llms` entry a task step uses, made before anything is opened or sent. */
function createClients(plan: RunPlan, create: (llm: string, config: LlmClientConfig) => LlmClient): Map<string, LlmClient> {
  const clients = new Map<string, LlmClient>();
  for (const step of plan.steps) {
    if (step.kind !== 'task' || clients.has(step.llm)) continue;
    const entry = plan.llms[step.llm];
    if (entry === undefined) throw new Error(`llms has no entry "${step.llm}" for step "${step.name}".`);
    try {
      clients.set(step.llm, create(step.llm, clientConfigOf(entry)));
    } catch (error) {
      throw new Error(`llms.${step.llm}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return clients;
}

/** The step counts as running from the first row it receives, not from the start of the run. */
async function* markRunningOnFirstBatch(inbox: AsyncIterable<readonly Arrival[]>, progress: StepProgress): AsyncGenerator<readonly Arrival[]> {
  for await (const batch of inbox) {
    if (progress.state === 'waiting') progress.state = 'running';
    yield batch;
  }
}

async function* oneByOne(batches: AsyncIterable<readonly Arrival[]>): AsyncGenerator<Arrival> {
  for await (const batch of batches) yield* batch;
}
