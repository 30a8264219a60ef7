import type { BatchRounds } from '../core/batch/batchRounds';
import { createLlmClient, type ResponseCache } from '../core/llm';
import { runTask } from '../core/run/engine';
import { defaultStepName, type RowInput } from '../core/run/rowRunner';
import { runInBatches, type BatchPass, type BatchRunInput } from './batchRun';
import { openCache } from './cacheOptions';
import { clientConfigFor, interruptOnSigint, runToFile, type RunToFileInput } from './runToFile';

/**
 * `run-task --batch` and `generate --batch`: passes over the rows until no request is pending,
 * then the usual run writes --out from the cache (see runInBatches). `passRows` gives the rows
 * for the passes that write nothing, so their unreadable lines are not counted twice.
 */
export async function runTaskInBatches(input: RunToFileInput, passRows: RunToFileInput['rows']): Promise<number> {
  const { args } = input;
  const opened = openCache(args);
  try {
    const store = opened.store;
    if (store === undefined) throw new Error('--batch needs the request cache.');
    return await runInBatches({
      store,
      fallbackOnline: args.batchFallback === 'online',
      pass: (rounds, onRowPending) => passOverRows(input, passRows, { store }, rounds, onRowPending),
      finish: (rounds) => runToFile({ ...input, batch: { opened, round: rounds.for(clientConfigFor(args)) } }),
    });
  } finally {
    opened.close();
  }
}

/** One pass over the rows with a client that leaves the requests the cache lacks to `rounds`; nothing is written. */
export async function passOverRows(
  input: RunToFileInput,
  rows: RunToFileInput['rows'],
  cache: ResponseCache,
  rounds: BatchRounds,
  onRowPending: Parameters<BatchRunInput['pass']>[1],
): Promise<BatchPass> {
  const { args, task, inputName } = input;
  const config = clientConfigFor(args);
  const client = createLlmClient(config, undefined, undefined, { ...cache, deferMisses: rounds.for(config) });
  const controller = new AbortController();
  const stopListening = interruptOnSigint(controller);
  try {
    const results = runTask({
      task,
      client,
      rows: rows(controller.signal),
      stepName: defaultStepName(task.definition.name),
      includeMetadata: args.includeMetadata,
      signal: controller.signal,
      onRowPending: (row, pending) => onRowPending(describeRow(row, inputName), pending),
    });
    for (;;) {
      const next = await results.next();
      if (next.done) {
        const { rowsPending = 0, requests, cancelled, endpointDown } = next.value;
        return { rowsPending, requestsSent: requests, cancelled, ...(endpointDown ? { endpointDown } : {}) };
      }
    }
  } finally {
    stopListening();
  }
}

/** "data.jsonl:5" for a row read from a file, "row 3" for a generated one. */
function describeRow(row: Omit<RowInput, 'value'>, inputName: string | undefined): string {
  return row.line !== undefined && inputName !== undefined ? `${inputName}:${row.line}` : `row ${row.index + 1}`;
}
