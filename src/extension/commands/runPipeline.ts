import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { RowResult } from '../../core/run/rowRunner';
import { createLlmClient } from '../../core/llm';
import {
  existingOutputs,
  formatProblem,
  outputPathsFor,
  preparePipeline,
  runPipeline,
  type EmittedRow,
  type StepProgress,
} from '../../core/pipeline/run';
import { describeRequests, sumRequestCounts } from '../../core/run/requestCounts';
import { logLlmEvent } from '../requestLog';
import { UserError, type Services } from '../services';

/** Scripted form: `executeCommand('distillery.runPipeline', { uri, outDir?, overwrite? })`. */
interface RunPipelineArgs {
  uri?: vscode.Uri | string;
  outDir?: string;
  /** Replace the files of an earlier run without asking. */
  overwrite?: boolean;
}

export interface RunPipelineSummary {
  output: string;
  outputRows: number;
  cancelled: boolean;
  steps: StepProgress[];
}

function readArgs(args: unknown): RunPipelineArgs {
  if (args instanceof vscode.Uri) return { uri: args };
  return typeof args === 'object' && args !== null ? (args as RunPipelineArgs) : {};
}

async function pipelineDocument(args: RunPipelineArgs): Promise<vscode.TextDocument> {
  if (args.uri) return vscode.workspace.openTextDocument(typeof args.uri === 'string' ? vscode.Uri.parse(args.uri) : args.uri);
  const document = vscode.window.activeTextEditor?.document;
  if (!document || !document.fileName.endsWith('.pipeline.yaml')) {
    throw new UserError('Open a *.pipeline.yaml file to run it.');
  }
  return document;
}

/** "evolve 12 ✓ · score 8 · 20 requests · 12 from the cache": how far every step has come, for the progress notification. */
function describeSteps(steps: readonly StepProgress[]): string {
  const flow = steps.map((step) => `${step.step} ${step.rowsOut}${step.state === 'done' ? ' ✓' : ''}`).join(' · ');
  return `${flow} · ${describeRequests(sumRequestCounts(steps))}`;
}

/** The output step's rows as run results, at their lines of the output file, so the results panel shows them as it does a task run. */
function asResults(rows: readonly EmittedRow[], firstIndex: number): RowResult[] {
  return rows.map((row, offset) => ({
    index: firstIndex + offset,
    line: firstIndex + offset + 1,
    rows: [row.value],
    status: row.error ? 'parse_error' : 'ok',
    ...(row.error ? { error: row.error } : {}),
    requests: 0,
    inputTokens: 0,
    outputTokens: 0,
  }));
}

/**
 * Runs a pipeline file with the editor's text (unsaved edits included). The same checks as
 * the language server run first; rows stream between steps, every step's rows are written as
 * they arrive, and the last step's rows stream into the results panel.
 */
export async function runPipelineCommand(services: Services, rawArgs: unknown): Promise<RunPipelineSummary | undefined> {
  const args = readArgs(rawArgs);
  const document = await pipelineDocument(args);
  const file = document.uri.fsPath;
  const prepared = await preparePipeline(file, { text: document.getText() });
  if (!prepared.plan) {
    for (const problem of prepared.problems) services.log.warn(formatProblem(problem));
    const shown = prepared.problems.slice(0, 3).map((problem) => `line ${problem.line}: ${problem.message}`);
    throw new UserError(`${basename(file)} has ${prepared.problems.length} problem(s), so nothing was sent: ${shown.join('; ')}. See the Problems panel.`);
  }
  const { plan } = prepared;
  const paths = outputPathsFor(plan, file, args.outDir);
  const existing = await existingOutputs(plan, paths);
  if (existing.length > 0 && !args.overwrite) {
    const choice = await vscode.window.showWarningMessage(
      `Running ${plan.name} replaces ${existing.length} file(s) of an earlier run in ${paths.dir}.`,
      { modal: true },
      'Replace',
    );
    if (choice !== 'Replace') return undefined;
  }

  const run = services.runs.start({
    task: `pipeline ${plan.name}`,
    params: {},
    mappings: {},
    resultsUri: vscode.Uri.file(paths.output),
    appendsRows: true,
    inputs: new Map(),
    totalRows: 0,
  });
  let published = 0;
  // Once per run, for every llm of the pipeline: they share the pipeline folder's cache.
  const cache = services.caches.forRun(document.uri);
  try {
    const summary = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Distillery: running ${plan.name}`, cancellable: true },
      (progress, token) => {
        token.onCancellationRequested(() => run.cancel());
        let lastReport = 0;
        return runPipeline(plan, {
          paths,
          signal: run.signal,
          createClient: (_llm, config) => createLlmClient(config, (event) => logLlmEvent(services.log, event), {}, cache),
          onProgress: (steps) => {
            // The engine reports on every row; a notification only needs a few updates a second.
            const now = Date.now();
            if (now - lastReport < 200) return;
            lastReport = now;
            progress.report({ message: describeSteps(steps) });
          },
          onRows: (step, rows) => {
            if (step !== plan.lastStep) return;
            for (const result of asResults(rows, published)) run.publish(result);
            published += rows.length;
          },
          onLoadProblem: (step, problem) => services.log.warn(`${step}: ${problem.file}:${problem.line}: ${problem.message}`),
        });
      },
    );
    const failed = summary.steps.reduce((total, step) => total + step.rowsFailed, 0);
    const requests = describeRequests(sumRequestCounts(summary.steps));
    services.log.info(`${plan.name}: ${summary.cancelled ? 'cancelled' : 'done'}; ${summary.outputRows} row(s) written to ${paths.output}, ${failed} failed, ${requests}`);
    const outcome = summary.endpointDown ? 'stopped because the endpoint is not usable after writing' : summary.cancelled ? 'was cancelled after writing' : 'wrote';
    const message = `Distillery: ${plan.name} ${outcome} ${summary.outputRows} row(s) to ${paths.output}${failed > 0 ? `; ${failed} row(s) have null outputs (reasons in their metadata)` : ''}; ${requests}.`;
    if (summary.endpointDown) services.log.error(`${plan.name}: ${summary.endpointDown.message}`);
    const show = summary.endpointDown ? vscode.window.showErrorMessage : vscode.window.showInformationMessage;
    void show(summary.endpointDown ? `${summary.endpointDown.message} ${message} Run it again once the endpoint works: answers already received come from the request cache.` : message, 'Open Output').then((action) => {
      if (action) void vscode.window.showTextDocument(vscode.Uri.file(paths.output));
    });
    return { output: paths.output, outputRows: summary.outputRows, cancelled: summary.cancelled, steps: summary.steps };
  } finally {
    run.finish();
  }
}
