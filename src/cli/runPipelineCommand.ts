import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { existingOutputs, formatProblem, outputPathsFor, preparePipeline, runPipeline, type PipelineRunSummary } from '../core/pipeline/run';
import { addSpentTokens, type TokenCounts } from '../core/estimate/cost';
import { createLlmClient, type LlmEvent } from '../core/llm';
import { sumRequestCounts } from '../core/run/requestCounts';
import type { BatchRounds } from '../core/batch/batchRounds';
import type { OutputPaths, RunPlan } from '../core/pipeline/run';
import { passOverPipeline } from './batchPipelinePass';
import { runInBatches } from './batchRun';
import { describeCacheUse, openCache, type OpenedCache } from './cacheOptions';
import { FailureReasons } from './failureReasons';
import { FleetReport } from './fleetReport';
import { describeFileError, folderProblem } from './fileErrors';
import { formatPipelineProgress, formatStepTable } from './pipelineProgress';
import { describeSpending, loadPrices } from './priceFile';
import { ProgressReporter } from './progressLine';
import type { RunPipelineArgs } from './runPipelineArgs';
import { interruptOnSigint } from './runToFile';
import { EXIT } from './usage';

const err = process.stderr;

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** A redrawn line must not wrap, or every redraw leaves a line behind. */
function fitToTerminal(line: string): string {
  const width = err.isTTY ? err.columns : undefined;
  return width !== undefined && line.length > width ? `${line.slice(0, width - 2)}…` : line;
}

/** Paths as the user would type them from here. */
function shown(path: string): string {
  const fromHere = relative(process.cwd(), path);
  return fromHere.startsWith('..') ? path : fromHere;
}

/** The pipeline checked and planned, or the exit code after its problems are printed; `batch export` takes the same. */
export async function planOf(args: RunPipelineArgs): Promise<RunPlan | number> {
  let text: string;
  try {
    text = await readFile(args.file, 'utf8');
  } catch (error) {
    err.write(`error: ${describeFileError(error, { label: args.file, path: args.file, action: 'read' })}\n`);
    return EXIT.fatal;
  }
  const prepared = await preparePipeline(args.file, {
    text,
    llmOverrides: { ...(args.baseUrls.length > 0 ? { baseUrls: args.baseUrls } : {}), ...(args.model !== undefined ? { model: args.model } : {}) },
    includeMetadata: args.includeMetadata,
  });
  if (!prepared.plan) {
    for (const problem of prepared.problems) err.write(`${formatProblem({ ...problem, file: shown(problem.file) })}\n`);
    err.write(`${plural(prepared.problems.length, 'problem')} in ${shown(args.file)}; nothing was sent.\n`);
    return EXIT.usage;
  }
  return prepared.plan;
}

/**
 * `distillery run FILE`: checks the pipeline (nothing is sent when it has problems), then runs
 * it with per-step progress on stderr, and ends with a table of the steps. Returns the exit code.
 */
export async function runPipelineCommand(args: RunPipelineArgs): Promise<number> {
  const plan = await planOf(args);
  if (typeof plan === 'number') return plan;
  const paths = outputPathsFor(plan, args.file, args.outDir);
  const existing = args.force ? [] : await existingOutputs(plan, paths, args.stepFiles);
  if (existing.length > 0) {
    err.write(`error: ${shown(existing[0] as string)}${existing.length > 1 ? ` and ${plural(existing.length - 1, 'more file')} of this run` : ''} already exist. Pass --force to rewrite them (answers already paid for come from the cache), or --out-dir to write elsewhere.\n`);
    return EXIT.fatal;
  }
  // Made before anything is sent, so a folder that cannot be written stops the run at once.
  const folder = shown(paths.dir);
  const unwritable = await folderProblem({ label: args.outDir !== undefined ? `--out-dir ${args.outDir}` : `the output folder ${folder}`, path: folder }, args.stepFiles ? paths.stepsDir : paths.dir);
  if (unwritable !== undefined) {
    err.write(`error: ${unwritable}\n`);
    return EXIT.fatal;
  }

  const opened = openCache(args);
  try {
    if (!args.batch || opened.store === undefined) return await runAndReport(args, plan, paths, opened);
    const { store } = opened;
    return await runInBatches({
      store,
      fallbackOnline: args.batchFallback === 'online',
      pass: (rounds, onRowPending) => passOverPipeline(plan, args.file, { store }, rounds, onRowPending),
      finish: (rounds) => runAndReport(args, plan, paths, opened, rounds),
    });
  } finally {
    opened.close();
  }
}

/** Runs the pipeline into its files and ends with the table of steps; a batch run's last pass gives its rounds. */
async function runAndReport(args: RunPipelineArgs, plan: RunPlan, paths: OutputPaths, opened: OpenedCache, rounds?: BatchRounds): Promise<number> {
  const priceOf = await loadPrices(args.prices);
  /** Tokens each `llms` entry was charged for, from the usage its endpoint reported. */
  const spending = new Map<string, { model: string; spent: TokenCounts }>();
  const controller = new AbortController();
  const stopListening = interruptOnSigint(controller);
  const reporter = new ProgressReporter(err);
  const fleet = new FleetReport((line) => reporter.note(line));
  let unreadable = 0;
  const failures = new FailureReasons();
  let summary: PipelineRunSummary;
  try {
    summary = await runPipeline(plan, {
      paths,
      signal: controller.signal,
      stepFiles: args.stepFiles,
      createClient: (llm, config) => {
        const spent: TokenCounts = { inputTokens: 0, outputTokens: 0 };
        spending.set(llm, { model: config.model, spent });
        const cache = opened.cache && rounds ? { ...opened.cache, deferMisses: rounds.for(config) } : opened.cache;
        const onEvent = (event: LlmEvent) => {
          addSpentTokens(spent, event);
          fleet.onEvent(event);
        };
        return createLlmClient(config, onEvent, undefined, cache);
      },
      onProgress: (steps) => {
        // Before the first row, a line of zeros says nothing.
        if (!args.quiet && steps.some((step) => step.rowsOut > 0)) reporter.update(fitToTerminal(formatPipelineProgress(steps)));
      },
      onRows: (step, rows) => {
        for (const row of rows) if (row.error !== undefined) failures.add(`${step}: ${row.error}`);
      },
      onLoadProblem: (_step, problem) => {
        unreadable += 1;
        reporter.finish();
        err.write(`${shown(problem.file)}:${problem.line}:${problem.column}: ${problem.message}\n`);
      },
    });
  } finally {
    reporter.finish();
    stopListening();
  }

  err.write(`${formatStepTable(summary.steps)}\n`);
  err.write(`Wrote ${plural(summary.outputRows, 'row')} to ${shown(paths.output)}${args.stepFiles ? `; each step's rows are in ${shown(paths.stepsDir)}/` : ''}.\n`);
  if (opened.store) err.write(`${describeCacheUse(sumRequestCounts(summary.steps), opened.store)}\n`);
  const answeredBy = fleet.summary();
  if (answeredBy) err.write(`${answeredBy}\n`);
  for (const [llm, { model, spent }] of spending) err.write(`Cost of llms entry ${llm}: ${describeSpending(model, priceOf(model), spent)}.\n`);
  // A row that failed in one step usually fails in the next too, so failures are counted per step, in the table.
  const failed = summary.steps.some((step) => step.rowsFailed > 0);
  if (failed) {
    err.write(`The rows counted as failed above are kept, with null outputs; the reason is in each row's distilabel_metadata.error_<step>. Most common:\n`);
    for (const line of failures.mostCommon()) err.write(`${line}\n`);
  }
  if (unreadable > 0) err.write(`${plural(unreadable, 'line or record', 'lines or records')} of the loaded files could not be read and were skipped (listed above as file:line:column).\n`);
  if (summary.endpointDown) {
    err.write(`Stopped: the endpoint is not usable. ${summary.endpointDown.message}\n`);
    err.write('The rows finished before it are in the files above; the others were not written (no null rows for them). Once the endpoint works, run the same command with --force: answers already received come from the cache.\n');
    return EXIT.endpointDown;
  }
  if (summary.cancelled) {
    err.write('Interrupted: the rows finished before it are in the files above; the others were not written. Run the same command with --force to finish: answers already received come from the cache.\n');
    return EXIT.interrupted;
  }
  return failed || unreadable > 0 ? EXIT.rowsFailed : EXIT.ok;
}
