import { setMaxListeners } from 'node:events';
import { runRow, type RowInput, type RowResult, type RowRunSettings } from './rowRunner';

export interface RunProgress {
  rowsStarted: number;
  /** Rows finished, failed ones included. */
  rowsDone: number;
  /** Finished rows whose status is not 'ok'. */
  rowsFailed: number;
  /** Requests answered by the endpoint. */
  requests: number;
  /** Requests answered from the request cache, sending nothing. */
  cacheHits: number;
  inputTokens: number;
  outputTokens: number;
}

export interface RunSummary extends RunProgress {
  cancelled: boolean;
}

export interface RunTaskOptions extends Omit<RowRunSettings, 'onRequest' | 'signal'> {
  rows: Iterable<RowInput> | AsyncIterable<RowInput>;
  /** Yield results in input order instead of completion order. */
  ordered?: boolean;
  /**
   * Rows being worked on at once. The client's own limits decide how many requests are in
   * flight; this only bounds memory when the input is a stream larger than memory.
   */
  maxRowsInFlight?: number;
  signal?: AbortSignal;
  onProgress?: (progress: RunProgress) => void;
}

type Settled = { index: number; result: RowResult } | { index: number; cancelled: true };

/**
 * Runs every row through the task and yields each result as it completes. Rows advance
 * independently: a row's next request is queued as soon as its previous one returns, so a
 * slow row never holds back the others (no batch-wide barrier).
 *
 * On cancellation, requests in flight are aborted, every row that had completed is still
 * yielded (in ordered mode too, even behind an unfinished row), and the summary says
 * `cancelled`.
 */
export async function* runTask(options: RunTaskOptions): AsyncGenerator<RowResult, RunSummary> {
  const { signal, onProgress } = options;
  const maxRowsInFlight = Math.max(1, options.maxRowsInFlight ?? 256);
  const progress: RunProgress = { rowsStarted: 0, rowsDone: 0, rowsFailed: 0, requests: 0, cacheHits: 0, inputTokens: 0, outputTokens: 0 };
  const report = () => onProgress?.({ ...progress });
  // Every request in flight listens to the run's signal; hundreds of them are expected.
  if (signal) setMaxListeners(0, signal);

  const settings: RowRunSettings = {
    ...options,
    ...(signal ? { signal } : {}),
    onRequest(usage) {
      if (usage.cached) progress.cacheHits += 1;
      else progress.requests += 1;
      progress.inputTokens += usage.inputTokens;
      progress.outputTokens += usage.outputTokens;
      report();
    },
  };

  const rows = toAsyncIterator(options.rows);
  // Rows started and not yet taken from `settledRows`. Finished rows are queued rather than
  // raced: racing the promises of rows in flight (or one that lives as long as the run) keeps
  // every settled row reachable from the promises still pending, so memory would grow with the
  // stream instead of staying bounded by maxRowsInFlight.
  let inFlight = 0;
  const settledRows: Settled[] = [];
  let wake: (() => void) | undefined;
  /** Resolves when a row settles or the run is cancelled. */
  const news = () =>
    new Promise<void>((resolve) => {
      const done = () => {
        wake = undefined;
        signal?.removeEventListener('abort', done);
        resolve();
      };
      wake = done;
      signal?.addEventListener('abort', done, { once: true });
    });
  const startOrder: number[] = [];
  const completed = new Map<number, RowResult>();
  let exhausted = false;

  const start = (input: RowInput) => {
    progress.rowsStarted += 1;
    if (options.ordered) startOrder.push(input.index);
    inFlight += 1;
    void settle(input, settings).then((settled) => {
      settledRows.push(settled);
      wake?.();
    });
  };
  /** Records the rows that have settled since the last call. */
  const takeSettled = () => {
    for (let settled = settledRows.shift(); settled; settled = settledRows.shift()) {
      inFlight -= 1;
      if ('result' in settled) record(settled.result);
    }
  };
  const record = (result: RowResult) => {
    progress.rowsDone += 1;
    if (result.status !== 'ok') progress.rowsFailed += 1;
    completed.set(result.index, result);
    report();
  };
  /** Completed results that may be yielded now; `flushAll` skips over unfinished rows. */
  function* releasable(flushAll: boolean): Generator<RowResult> {
    if (!options.ordered) {
      yield* [...completed.values()];
      completed.clear();
      return;
    }
    while (startOrder.length > 0) {
      const index = startOrder[0] as number;
      const result = completed.get(index);
      if (!result && !flushAll) return;
      startOrder.shift();
      if (result) {
        completed.delete(index);
        yield result;
      }
    }
  }

  while (!signal?.aborted) {
    while (!exhausted && inFlight < maxRowsInFlight && !signal?.aborted) {
      const next = await rows.next();
      if (next.done) exhausted = true;
      else start(next.value);
    }
    if (inFlight === 0) break;
    if (settledRows.length === 0) await news();
    if (signal?.aborted) break;
    takeSettled();
    yield* releasable(false);
  }

  if (signal?.aborted) {
    // Rows that finished at the moment of cancelling are kept; the rest end with AbortError.
    takeSettled();
    while (inFlight > 0) {
      await news();
      takeSettled();
    }
    yield* releasable(true);
    await rows.return?.();
  }
  return { ...progress, cancelled: signal?.aborted ?? false };
}

async function settle(input: RowInput, settings: RowRunSettings): Promise<Settled> {
  try {
    return { index: input.index, result: await runRow(input, settings) };
  } catch (error) {
    if ((error instanceof Error && error.name === 'AbortError') || settings.signal?.aborted) return { index: input.index, cancelled: true };
    // runRow turns a row's own failures into results; anything else is a bug, but the row
    // must still come back rather than vanish.
    return {
      index: input.index,
      result: {
        index: input.index,
        ...(input.line !== undefined ? { line: input.line } : {}),
        rows: [input.value],
        status: 'llm_error',
        error: `internal error: ${error instanceof Error ? error.message : String(error)}`,
        requests: 0,
        inputTokens: 0,
        outputTokens: 0,
      },
    };
  }
}

function toAsyncIterator<T>(items: Iterable<T> | AsyncIterable<T>): AsyncIterator<T> {
  if (Symbol.asyncIterator in items) return items[Symbol.asyncIterator]();
  const iterator = items[Symbol.iterator]();
  return {
    next: async () => iterator.next(),
    return: async () => iterator.return?.() ?? { done: true, value: undefined },
  };
}
