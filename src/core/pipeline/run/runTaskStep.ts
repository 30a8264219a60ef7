import type { LlmClient } from '../../llm';
import { runTask, type RunTaskOptions } from '../../run/engine';
import type { RowInput } from '../../run/rowRunner';
import type { PlannedTaskStep } from './runPlan';
import type { StepIo } from './stepIo';

export interface TaskStepSettings {
  client: LlmClient;
  includeMetadata: boolean;
  /** Rows of this step in flight at once; the client's own limits decide how many requests are. */
  maxRowsInFlight?: number;
  /** A batch round: a row that waits for a batch is not passed on. */
  onRowPending?: RunTaskOptions['onRowPending'];
}

/**
 * Runs the task over the rows as they arrive (a generator over empty rows, one per row to make).
 * Results come out in input order, so a multi-input step downstream lines up rows by position
 * the same way on every run. A failed row comes out too, with null outputs and its reason.
 * Throws the client's EndpointDownError when the endpoint turned out unusable.
 */
export async function runTaskStep(step: PlannedTaskStep, io: StepIo, settings: TaskStepSettings): Promise<void> {
  const rows = step.generatorRows === undefined ? inputRows(io) : emptyRows(step.generatorRows, io);
  const results = runTask({
    task: step.task,
    client: settings.client,
    rows,
    stepName: step.name,
    includeMetadata: settings.includeMetadata,
    ordered: true,
    signal: io.signal,
    ...(settings.maxRowsInFlight !== undefined ? { maxRowsInFlight: settings.maxRowsInFlight } : {}),
    ...(settings.onRowPending ? { onRowPending: settings.onRowPending } : {}),
    onProgress: (progress) => {
      Object.assign(io.progress, {
        requests: progress.requests,
        retries: progress.retries,
        cacheHits: progress.cacheHits,
        inputTokens: progress.inputTokens,
        outputTokens: progress.outputTokens,
      });
      io.reportProgress();
    },
  });
  for (;;) {
    const next = await results.next();
    if (next.done) {
      // The endpoint is unusable: the whole run stops, rather than this step passing on fewer rows.
      if (next.value.endpointDown) throw next.value.endpointDown;
      return;
    }
    const result = next.value;
    const error = result.status === 'ok' ? undefined : (result.error ?? result.status);
    await io.emit(result.rows.map((value) => ({ value, ...(result.line !== undefined ? { line: result.line } : {}), ...(error !== undefined ? { error } : {}) })));
  }
}

/** The arriving rows as the engine's inputs, counted as the task takes them. */
async function* inputRows(io: StepIo): AsyncGenerator<RowInput> {
  let index = 0;
  for await (const { row } of io.inbox) {
    io.progress.rowsIn += 1;
    yield { index: index++, ...(row.line !== undefined ? { line: row.line } : {}), value: row.value };
  }
}

/** A generator's slots: one empty row per row to make. */
function* emptyRows(count: number, io: StepIo): Generator<RowInput> {
  for (let index = 0; index < count; index += 1) {
    io.progress.rowsIn += 1;
    yield { index, value: {} };
  }
}
