import * as vscode from 'vscode';
import { createLlmClient, type LlmClientConfig } from '../core/llm';
import { runTask, type RunSummary } from '../core/run/engine';
import { defaultStepName, type RowInput, type RowResult } from '../core/run/rowRunner';
import type { ConfiguredTask } from '../core/tasks/defineTask';
import { describeRequests } from '../core/run/requestCounts';
import { addSpentTokens, costOf, formatCost, type TokenCounts } from '../core/estimate/cost';
import { describeProgress, formatCount } from './cost';
import { priceOfProfile } from './prices';
import { describeProfile, type EndpointProfile } from './profiles';
import { logLlmEvent } from './requestLog';
import type { RunSource } from './runs';
import type { Services } from './services';
import { includeMetadata } from './settings';

export interface ProgressRunOptions {
  /** Says what runs on what, e.g. "EvolInstruct on 3 rows of data.jsonl". */
  what: string;
  task: ConfiguredTask;
  rows: readonly RowInput[];
  profile: EndpointProfile;
  clientConfig: LlmClientConfig;
  /** Takes each result as it completes (writes it out, or keeps it for one edit at the end). */
  onResult(result: RowResult): Promise<void>;
  /** What the run works on, announced so the results panel can follow it. */
  source?: RunSource;
  /**
   * The file the rows come from or go to: the request cache of its workspace folder answers
   * what was asked before (undefined for a new untitled document: the global one).
   */
  fileUri: vscode.Uri | undefined;
  /** Send every request again and replace its cached answer: the results panel's Re-run, which asks for a new answer. */
  refreshCache?: boolean;
}

export interface FinishedRun extends RunSummary {
  /** Of the requests sent (answers from the cache cost nothing), at the profile's prices; absent when the profile sets none. */
  cost?: number;
}

/**
 * Runs the rows with a cancellable progress notification (rows done / total, requests sent and
 * answered from the request cache, tokens, cost so far) and one log line per request.
 * Cancelling, from the notification or Cancel Run, keeps every row that had finished: each
 * still reaches `onResult`; every answer received is in the request cache, so running the same
 * rows again sends only what was never answered. If `onResult` fails (a full disk), the run
 * stops and the error is thrown once the rows in flight have ended.
 */
export async function runWithProgress({ log, runs, caches }: Pick<Services, 'log' | 'runs' | 'caches'>, options: ProgressRunOptions): Promise<FinishedRun> {
  const { task, rows, profile } = options;
  const spent: TokenCounts = { inputTokens: 0, outputTokens: 0 };
  const price = priceOfProfile(profile, log)?.price;
  const cache = caches.forRun(options.fileUri, { refresh: options.refreshCache === true });
  const client = createLlmClient(
    options.clientConfig,
    (event) => {
      logLlmEvent(log, event);
      addSpentTokens(spent, event);
    },
    {},
    cache,
  );
  log.info(`${options.what}: profile "${profile.name}" (${describeProfile(profile)})`);
  const run = runs.start(options.source);
  let sinkError: unknown;
  let summary: RunSummary;
  try {
    summary = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Distillery: ${options.what}`, cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => run.cancel());
        let reported = 0;
        const total = rows.length;
        progress.report({
          message: describeProgress({ rowsDone: 0, rowsFailed: 0, totalRows: total, requests: 0, retries: 0, cacheHits: 0, inputTokens: 0, outputTokens: 0, cost: costOf(price, spent) }),
        });
        const results = runTask({
          task,
          client,
          rows,
          stepName: defaultStepName(task.definition.name),
          includeMetadata: includeMetadata(),
          signal: run.signal,
          onProgress: (state) => {
            progress.report({
              increment: total === 0 ? 0 : ((state.rowsDone - reported) / total) * 100,
              message: describeProgress({ ...state, totalRows: total, cost: costOf(price, spent) }),
            });
            reported = state.rowsDone;
            run.report({
              task: task.definition.name,
              totalRows: total,
              rowsDone: state.rowsDone,
              rowsFailed: state.rowsFailed,
              requests: state.requests,
              cacheHits: state.cacheHits,
              inputTokens: state.inputTokens,
              outputTokens: state.outputTokens,
            });
          },
        });
        for (;;) {
          const next = await results.next();
          if (next.done) return next.value;
          if (sinkError !== undefined) continue;
          try {
            await options.onResult(next.value);
            run.publish(next.value);
          } catch (error) {
            sinkError = error;
            run.cancel();
          }
        }
      },
    );
  } finally {
    run.finish();
  }
  if (sinkError !== undefined) throw sinkError;
  const cost = costOf(price, spent);
  log.info(
    `${options.what}: ${summary.cancelled ? 'cancelled' : 'done'}; ${summary.rowsDone}/${rows.length} rows, ` +
      `${summary.rowsFailed} failed, ${describeRequests(summary)}, ${formatCount(summary.inputTokens)} in / ${formatCount(summary.outputTokens)} out tokens` +
      (cost !== undefined ? `, ${formatCost(cost)}` : ''),
  );
  if (summary.endpointDown) log.error(`${options.what}: stopped, the endpoint is not usable: ${summary.endpointDown.message}`);
  return { ...summary, ...(cost !== undefined ? { cost } : {}) };
}
