import { setMaxListeners } from 'node:events';
import { isPendingInBatch, type PendingInBatchError } from '../llm/deferredRequests';
import { isEndpointDown, type EndpointDownError } from '../llm/endpointBreaker';
import { runRow, type RowInput, type RowResult, type RowRunSettings } from './rowRunner';

export interface RunProgress {
  rowsStarted: number;
  /** Rows finished, failed ones included. */
  rowsDone: number;
  /** Finished rows whose status is not 'ok'. */
  rowsFailed: number;
  /** Requests sent to the endpoint, every retry counted, answered or not. */
  requests: number;
  /** Of those, the retries (a second, third, ... attempt at the same request). */
  retries: number;
  /** Requests answered from the request cache, sending nothing. */
  cacheHits: number;
  inputTokens: number;
  outputTokens: number;
}

export interface RunSummary extends RunProgress {
  cancelled: boolean;
  /** Set when the run stopped because the endpoint is unusable (see EndpointBreaker); unfinished rows were not yielded. */
  endpointDown?: EndpointDownError;
  /** Set in a batch round when rows were left unfinished, not yielded, because a request of theirs waits for a batch. */
  rowsPending?: number;
}

export interface RunTaskOptions extends Omit<RowRunSettings, 'onRequest' | 'signal'> {
  rows: Iterable<RowInput> | AsyncIterable<RowInput>;
  /** Yield results in input order instead of completion order. */
  ordered?: boolean;
  /**
   * Rows being worked on at once; by default twice the client's concurrency (256 when it has
   * none). With requests queued by row (see RequestLimiter), twice is enough to keep every slot
   * of the endpoint busy while a row prepares its next request, and more only delays rows.
   */
  maxRowsInFlight?: number;
  /**
   * Ordered mode: finished rows kept waiting behind an unfinished one before no new row starts
   * (default 1024), so a stalled row holds memory bounded, not the whole run.
   */
  maxBufferedRows?: number;
  signal?: AbortSignal;
  onProgress?: (progress: RunProgress) => void;
  /** A row left unfinished this round because its next request waits for a batch. */
  onRowPending?: (row: Omit<RowInput, 'value'>, pending: PendingInBatchError) => void;
}

type Settled =
  | { index: number; result: RowResult }
  | { index: number; cancelled: true }
  | { index: number; endpointDown: EndpointDownError }
  | { index: number; line?: number; pending: PendingInBatchError };

/**
 * Runs every row through the task and yields each result as it completes. Rows advance
 * independently: a row's next request is queued as soon as its previous one returns, so a
 * slow row never holds back the others (no batch-wide barrier).
 *
 * On cancellation, requests in flight are aborted and the summary says `cancelled`. When the
 * client finds the endpoint unusable (an EndpointDownError), no new row starts, the rows in
 * flight stop with it, and the summary says `endpointDown`. Either way every row that had
 * completed is yielded, except, in ordered mode, those behind an unfinished row: the output
 * stays a prefix of the full run, which a rerun continues (their answers are in the request
 * cache, so they cost nothing then).
 *
 * In a batch round, a row whose request is left for a batch (a PendingInBatchError) is left out
 * and counted in `rowsPending`; the rows after it go on and are yielded, in order, without it.
 */
export async function* runTask(options: RunTaskOptions): AsyncGenerator<RowResult, RunSummary> {
  const { signal, onProgress } = options;
  const maxRowsInFlight = Math.max(1, options.maxRowsInFlight ?? 2 * (options.client.maxConcurrency ?? 128));
  const maxBufferedRows = Math.max(1, options.maxBufferedRows ?? 1024);
  const progress: RunProgress = { rowsStarted: 0, rowsDone: 0, rowsFailed: 0, requests: 0, retries: 0, cacheHits: 0, inputTokens: 0, outputTokens: 0 };
  const report = () => onProgress?.({ ...progress });
  // Every request in flight listens to the run's signal; hundreds of them are expected.
  if (signal) setMaxListeners(0, signal);

  const settings: RowRunSettings = {
    ...options,
    ...(signal ? { signal } : {}),
    onRequest(call) {
      if (call.cached) progress.cacheHits += 1;
      progress.requests += call.sent;
      progress.retries += Math.max(0, call.sent - 1);
      progress.inputTokens += call.inputTokens;
      progress.outputTokens += call.outputTokens;
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
  let endpointDown: EndpointDownError | undefined;
  let rowsPending = 0;
  /** Ordered mode: rows left for a batch, which the rows behind them must not wait for. */
  const pendingRows = new Set<number>();
  const stopped = () => signal?.aborted === true || endpointDown !== undefined;

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
      else if ('endpointDown' in settled) endpointDown ??= settled.endpointDown;
      else if ('pending' in settled) {
        rowsPending += 1;
        if (options.ordered) pendingRows.add(settled.index);
        options.onRowPending?.({ index: settled.index, ...(settled.line !== undefined ? { line: settled.line } : {}) }, settled.pending);
      }
    }
  };
  const record = (result: RowResult) => {
    progress.rowsDone += 1;
    if (result.status !== 'ok') progress.rowsFailed += 1;
    completed.set(result.index, result);
    report();
  };
  /** Completed results that may be yielded now: in ordered mode, only up to the first unfinished row. */
  function* releasable(): Generator<RowResult> {
    if (!options.ordered) {
      yield* [...completed.values()];
      completed.clear();
      return;
    }
    while (startOrder.length > 0) {
      const index = startOrder[0] as number;
      if (pendingRows.delete(index)) {
        startOrder.shift();
        continue;
      }
      const result = completed.get(index);
      if (!result) return;
      startOrder.shift();
      completed.delete(index);
      yield result;
    }
  }

  while (!stopped()) {
    while (!exhausted && inFlight < maxRowsInFlight && completed.size < maxBufferedRows && !stopped()) {
      const next = await rows.next();
      if (next.done) exhausted = true;
      else start(next.value);
    }
    if (inFlight === 0) break;
    if (settledRows.length === 0) await news();
    if (signal?.aborted) break;
    takeSettled();
    yield* releasable();
  }

  if (stopped()) {
    // Rows that finished at the moment of stopping are kept; the rest end unfinished.
    takeSettled();
    while (inFlight > 0) {
      await news();
      takeSettled();
    }
    yield* releasable();
    await rows.return?.();
  }
  return { ...progress, cancelled: signal?.aborted ?? false, ...(rowsPending > 0 ? { rowsPending } : {}), ...(endpointDown ? { endpointDown } : {}) };
}

async function settle(input: RowInput, settings: RowRunSettings): Promise<Settled> {
  try {
    return { index: input.index, result: await runRow(input, settings) };
  } catch (error) {
    if ((error instanceof Error && error.name === 'AbortError') || settings.signal?.aborted) return { index: input.index, cancelled: true };
    if (isEndpointDown(error)) return { index: input.index, endpointDown: error };
    if (isPendingInBatch(error)) return { index: input.index, ...(input.line !== undefined ? { line: input.line } : {}), pending: error };
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
