import * as vscode from 'vscode';
import { createOpenAiClient } from '../../core/llm';
import { runTask } from '../../core/run/engine';
import { defaultStepName, type RowResult } from '../../core/run/rowRunner';
import { evolInstruct } from '../../core/tasks/evolInstruct';
import { applyResultsInPlace } from '../applyResults';
import { logLlmEvent } from '../requestLog';
import { readSelectedRows } from '../selectedRows';
import { includeMetadata, readEvolveParams, readLlmSettings } from '../settings';

/** What a run did, returned to callers of the command (tests, other commands). */
export interface EvolveSummary {
  rows: number;
  applied: number;
  failed: number;
  invalidLines: number[];
  skippedLines: number[];
  cancelled: boolean;
}

/**
 * Runs EvolInstruct on the selected rows of the active JSONL editor and writes the outputs
 * into those rows as one undoable edit. Rows finished before a cancel are still written.
 */
export async function evolveSelectedRows(log: vscode.LogOutputChannel): Promise<EvolveSummary | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'jsonl') {
    void vscode.window.showErrorMessage('Distillery: open a .jsonl file and select the rows to evolve.');
    return undefined;
  }
  const { document } = editor;
  const { rows, invalid } = readSelectedRows(document, editor.selections);
  const invalidLines = invalid.map((error) => error.line);
  for (const error of invalid) log.warn(`${document.uri.fsPath}:${error.line}:${error.column}: ${error.message}`);
  if (invalid.length > 0) {
    void vscode.window.showWarningMessage(
      `Distillery: skipped ${invalid.length} line(s) that are not JSON objects: ${invalidLines.join(', ')}. See the Distillery log.`,
    );
  }
  if (rows.length === 0) {
    void vscode.window.showErrorMessage('Distillery: the selection holds no JSON rows to evolve.');
    return undefined;
  }

  const task = evolInstruct.configure(readEvolveParams());
  const client = createOpenAiClient(readLlmSettings(), (event) => logLlmEvent(log, event));
  const results: RowResult[] = [];

  const cancelled = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Distillery: evolving rows', cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      let reported = 0;
      const run = runTask({
        task,
        client,
        rows,
        stepName: defaultStepName(task.definition.name),
        includeMetadata: includeMetadata(),
        signal: controller.signal,
        onProgress: (state) => {
          const increment = ((state.rowsDone - reported) / rows.length) * 100;
          reported = state.rowsDone;
          progress.report({
            increment,
            message: `${state.rowsDone}/${rows.length} rows · ${state.requests} requests · ${state.inputTokens + state.outputTokens} tokens`,
          });
        },
      });
      for (;;) {
        const next = await run.next();
        if (next.done) return next.value.cancelled;
        results.push(next.value);
      }
    },
  );

  for (const result of results) {
    if (result.status !== 'ok') log.warn(`line ${result.line}: ${result.error}`);
  }
  const outcome = await applyResultsInPlace(document, rows, results);
  const failed = results.filter((result) => result.status !== 'ok').length;
  const summary: EvolveSummary = { rows: rows.length, applied: outcome.applied, failed, invalidLines, skippedLines: outcome.skipped, cancelled };
  void vscode.window.showInformationMessage(describeSummary(summary));
  return summary;
}

function describeSummary(summary: EvolveSummary): string {
  const parts = [`Distillery: evolved ${summary.applied} of ${summary.rows} rows`];
  if (summary.failed > 0) parts.push(`${summary.failed} with null outputs (reasons in the Distillery log)`);
  if (summary.skippedLines.length > 0) {
    parts.push(`not written because the row changed during the run: lines ${summary.skippedLines.join(', ')}`);
  }
  if (summary.cancelled) parts.push('cancelled: unfinished rows were left as they were');
  return `${parts.join('; ')}.`;
}
