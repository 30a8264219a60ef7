import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { openJsonlWriter, type JsonlFileWriter } from '../core/jsonl';
import type { JsonlLineError } from '../core/jsonl/types';
import { addSpentTokens, type TokenCounts } from '../core/estimate/cost';
import { createLlmClient, type DeferredRequests, type LlmClientConfig, type LlmEvent } from '../core/llm';
import { runTask, type RunSummary } from '../core/run/engine';
import { defaultStepName, type RowInput } from '../core/run/rowRunner';
import type { ConfiguredTask } from '../core/tasks/defineTask';
import type { EndpointArgs, RunArgs } from './args';
import { describeCacheUse, openCache, type OpenedCache } from './cacheOptions';
import { FailureReasons } from './failureReasons';
import { FleetReport } from './fleetReport';
import { describeFileError } from './fileErrors';
import { formatProgress, ProgressReporter } from './progressLine';
import { describeSpending, quoteFor } from './priceFile';
import { openResumedOutput } from './resumedOutput';
import { EXIT } from './usage';

/**
 * Refuses an --out that is a directory, or that exists when --force is not given; returns an
 * exit code when refusing. A missing folder is no reason: the writer creates it.
 */
export async function refuseExistingOutput(args: RunArgs): Promise<number | undefined> {
  const existing = await stat(args.out).catch(() => undefined);
  if (existing?.isDirectory()) {
    process.stderr.write(`error: --out ${args.out} is a directory. Give a file path, such as ${join(args.out, 'results.jsonl')}.\n`);
    return EXIT.fatal;
  }
  if (existing === undefined || args.force || args.resume) return undefined;
  process.stderr.write(
    `error: --out ${args.out} already exists. Pass --resume to continue it or --force to rewrite it (answers already paid for come from the cache either way), or choose another path.\n`,
  );
  return EXIT.fatal;
}

/** The --out writer, its folder created; a path that cannot be written is an Error saying why. */
async function openOutput(out: string, resume: boolean): Promise<JsonlFileWriter & { kept?: number }> {
  try {
    return resume ? await openResumedOutput(out) : await openJsonlWriter(out);
  } catch (error) {
    throw new Error(describeFileError(error, { label: `--out ${out}`, path: out, action: 'write' }), { cause: error });
  }
}

/** The client settings the endpoint flags describe: one endpoint, or a fleet for several `--base-url`. */
export function clientConfigFor(args: EndpointArgs): LlmClientConfig {
  const [only, ...more] = args.endpoints;
  const endpoints =
    only && more.length === 0
      ? { baseUrl: only.baseUrl, ...(only.concurrency !== undefined ? { maxConcurrency: only.concurrency } : {}) }
      : { baseUrls: args.endpoints.map(({ baseUrl, concurrency }) => ({ url: baseUrl, ...(concurrency !== undefined ? { maxConcurrency: concurrency } : {}) })) };
  return {
    ...endpoints,
    model: args.model,
    apiKeyEnv: args.apiKeyEnv,
    ...(args.requestsPerMinute !== undefined ? { requestsPerMinute: args.requestsPerMinute } : {}),
    ...(args.tokensPerMinute !== undefined ? { tokensPerMinute: args.tokensPerMinute } : {}),
    ...(args.timeoutSeconds !== undefined ? { timeoutMs: args.timeoutSeconds * 1000 } : {}),
    ...(args.retries !== undefined ? { maxRetries: args.retries } : {}),
    ...(args.contextTokens !== undefined ? { contextTokens: args.contextTokens } : {}),
    generation: {
      ...(args.temperature !== undefined ? { temperature: args.temperature } : {}),
      ...(args.maxTokens !== undefined ? { max_tokens: args.maxTokens } : {}),
    },
  };
}

/** Stops reading and sending on the first Ctrl-C; a second one quits at once. */
export function interruptOnSigint(controller: AbortController): () => void {
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(EXIT.interrupted);
    process.stderr.write('\nInterrupted: finishing the rows already answered (Ctrl-C again to quit now)...\n');
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  return () => process.off('SIGINT', onSigint);
}

export interface RunToFileInput {
  args: RunArgs;
  task: ConfiguredTask;
  /** The rows to run; given the run's signal so reading stops on Ctrl-C. */
  rows: (signal: AbortSignal) => Iterable<RowInput> | AsyncIterable<RowInput>;
  totalRows: number;
  /** Input lines that could not be read, filled while `rows` is consumed. */
  lineErrors?: readonly JsonlLineError[];
  /** Names the input in the closing summary, e.g. "data.jsonl". */
  inputName?: string;
  /** A batch run's last pass: the cache it opened (and closes), and its round, which fails requests its batches failed for good. */
  batch?: { opened: OpenedCache; round: DeferredRequests };
}

/**
 * Runs the rows and writes every result row to --out as it arrives, one whole line at a time,
 * so an interrupted or crashed run keeps everything already finished. Returns the exit code.
 */
export async function runToFile({ args, task, rows, totalRows, lineErrors = [], inputName, batch }: RunToFileInput): Promise<number> {
  const quote = await quoteFor(args.model, args.prices);
  const opened = batch?.opened ?? openCache(args);
  const cache = opened.cache && batch ? { ...opened.cache, deferMisses: batch.round } : opened.cache;
  const spent: TokenCounts = { inputTokens: 0, outputTokens: 0 };
  const reporter = new ProgressReporter(process.stderr);
  const fleet = new FleetReport((line) => reporter.note(line));
  const onEvent = (event: LlmEvent) => {
    addSpentTokens(spent, event);
    fleet.onEvent(event);
  };
  const client = createLlmClient(clientConfigFor(args), onEvent, undefined, cache);
  const controller = new AbortController();
  const stopListening = interruptOnSigint(controller);
  const started = Date.now();
  const failures = new FailureReasons();
  const writer = await openOutput(args.out, args.resume);
  let written = 0;
  let inputRowsWritten = 0;
  let summary: RunSummary | undefined;
  try {
    const results = runTask({
      task,
      client,
      rows: rows(controller.signal),
      stepName: defaultStepName(task.definition.name),
      includeMetadata: args.includeMetadata,
      ordered: args.ordered,
      signal: controller.signal,
      onProgress: (progress) => {
        if (!args.quiet) reporter.update(formatProgress(progress, totalRows, Date.now() - started));
      },
    });
    for (;;) {
      const next = await results.next();
      if (next.done) {
        summary = next.value;
        break;
      }
      for (const row of next.value.rows) await writer.write(row);
      written += next.value.rows.length;
      inputRowsWritten += 1;
      if (next.value.status !== 'ok' && next.value.error) failures.add(next.value.error);
    }
  } finally {
    reporter.finish();
    stopListening();
    await writer.close();
    if (!batch) opened.close();
  }

  const out = process.stderr;
  out.write(`${formatProgress(summary, totalRows, Date.now() - started)}\n`);
  if (opened.store) out.write(`${describeCacheUse(summary, opened.store)}\n`);
  const answeredBy = fleet.summary();
  if (answeredBy) out.write(`${answeredBy}\n`);
  out.write(`Cost: ${describeSpending(args.model, quote, spent)}.\n`);
  const kept = Math.min(writer.kept ?? 0, written);
  out.write(kept > 0 ? `Kept the ${kept} rows already in ${args.out} and wrote ${written - kept} more.\n` : `Wrote ${written} ${written === 1 ? 'row' : 'rows'} to ${args.out}.\n`);
  if (failures.size > 0) {
    out.write(`${summary.rowsFailed} of them have null outputs; the reason is in each row's distilabel_metadata. Most common:\n`);
    for (const line of failures.mostCommon()) out.write(`${line}\n`);
  }
  if (lineErrors.length > 0) {
    out.write(`${lineErrors.length} input lines could not be read and were not sent (listed above as ${inputName ?? 'input'}:line:column).\n`);
  }
  const notWritten = totalRows - inputRowsWritten;
  const rerun = args.ordered ? '--resume' : '--force';
  if (summary.endpointDown) {
    out.write(`Stopped: the endpoint is not usable. ${summary.endpointDown.message}\n`);
    out.write(
      `${notWritten} ${notWritten === 1 ? 'row was' : 'rows were'} not run and ${notWritten === 1 ? 'is' : 'are'} not in ${args.out} (no null rows were written for them). ` +
        `Once the endpoint works, run the same command with ${rerun}: answers already received come from the cache.\n`,
    );
    return EXIT.endpointDown;
  }
  if (summary.rowsPending !== undefined) {
    // The pass before this one found nothing pending; only a cache that lost answers meanwhile gets here.
    out.write(`${summary.rowsPending} rows still wait for a batch and are not in ${args.out}: run the same command with --batch again.\n`);
    return EXIT.batchPending;
  }
  if (summary.cancelled) {
    out.write(`Interrupted: ${notWritten} rows were not finished and are not in ${args.out}; run the same command with ${rerun} to finish them.\n`);
    return EXIT.interrupted;
  }
  return summary.rowsFailed > 0 || lineErrors.length > 0 ? EXIT.rowsFailed : EXIT.ok;
}

