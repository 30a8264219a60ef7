import * as vscode from 'vscode';
import { createOpenAiClient, type LlmClientConfig } from '../core/llm';
import { runTask, type RunSummary } from '../core/run/engine';
import { defaultStepName, type RowInput, type RowResult } from '../core/run/rowRunner';
import type { ConfiguredTask } from '../core/tasks/defineTask';
import { costOf, describeProgress, formatCost, formatCount } from './cost';
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
}

export interface FinishedRun extends RunSummary {
  /** At the profile's prices; absent when the profile sets none. */
  cost?: number;
}

/**
 * Runs the rows with a cancellable progress notification (rows done / total, tokens, cost so
 * far) and one log line per request. Cancelling, from the notification or Cancel Run, keeps
 * every row that had finished: each still reaches `onResult`. If `onResult` fails (a full
 * disk), the run stops and the error is thrown once the rows in flight have ended.
 */
export async function runWithProgress({ log, runs }: Pick<Services, 'log' | 'runs'>, options: ProgressRunOptions): Promise<FinishedRun> {
  const { task, rows, profile } = options;
  const client = createOpenAiClient(options.clientConfig, (event) => logLlmEvent(log, event));
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
          message: describeProgress({ rowsDone: 0, rowsFailed: 0, totalRows: total, inputTokens: 0, outputTokens: 0 }, profile.pricing),
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
              message: describeProgress({ ...state, totalRows: total }, profile.pricing),
            });
            reported = state.rowsDone;
            run.report({
              task: task.definition.name,
              totalRows: total,
              rowsDone: state.rowsDone,
              rowsFailed: state.rowsFailed,
              requests: state.requests,
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
  const cost = costOf(profile.pricing, summary);
  log.info(
    `${options.what}: ${summary.cancelled ? 'cancelled' : 'done'}; ${summary.rowsDone}/${rows.length} rows, ` +
      `${summary.rowsFailed} failed, ${summary.requests} requests, ${formatCount(summary.inputTokens)} in / ${formatCount(summary.outputTokens)} out tokens` +
      (cost !== undefined ? `, ${formatCost(cost)}` : ''),
  );
  return { ...summary, ...(cost !== undefined ? { cost } : {}) };
}
