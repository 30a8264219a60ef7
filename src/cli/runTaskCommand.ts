import { readJsonlFile } from '../core/jsonl';
import type { JsonlLineError, LineRange } from '../core/jsonl/types';
import type { RowInput } from '../core/run/rowRunner';
import type { RunTaskArgs } from './args';
import { unreadableFileProblem } from './fileErrors';
import { checkLineRange, countLines } from './inputLines';
import { runTaskInBatches } from './batchTaskRun';
import { dryRun } from './dryRun';
import { refuseExistingOutput, runToFile, type RunToFileInput } from './runToFile';
import { configureTask, lookUpTask } from './taskFromArgs';
import { EXIT } from './usage';
import { UsageError } from './usageError';

/** Rows of the input for the engine; unreadable lines are reported and counted, never hidden. */
async function* inputRows(args: RunTaskArgs, lineErrors: JsonlLineError[], signal: AbortSignal): AsyncGenerator<RowInput> {
  let index = 0;
  for await (const item of readJsonlFile(args.input, { ...(args.lines ? { range: args.lines } : {}), signal })) {
    if (item.kind === 'error') {
      lineErrors.push(item.error);
      process.stderr.write(`${args.input}:${item.error.line}:${item.error.column}: ${item.error.message}\n`);
      continue;
    }
    yield { index: index++, line: item.row.line, value: item.row.value };
  }
}

/** Counts input rows up front so the progress line can show a total; cheap next to LLM calls. */
async function countRows(args: RunTaskArgs): Promise<number> {
  let rows = 0;
  for await (const item of readJsonlFile(args.input, args.lines ? { range: args.lines } : {})) {
    if (item.kind === 'row') rows += 1;
  }
  return rows;
}

/** The part of --lines the input has, after warning about the rest; undefined when it has none of them. */
async function linesToRun(input: string, range: LineRange): Promise<LineRange | undefined> {
  const { runnable, warning } = checkLineRange(range, await countLines(input, range.end), input);
  if (warning !== undefined) process.stderr.write(`warning: ${warning}\n`);
  return runnable;
}

/** What run-task runs, or the exit code when it cannot start; `batch export` takes the same. */
export async function prepareTaskRun(args: RunTaskArgs): Promise<{ run: RunToFileInput; passRows: RunToFileInput['rows'] } | number> {
  const definition = lookUpTask(args.taskName);
  if (definition.kind === 'generator') {
    throw new UsageError(`${definition.name} generates rows from nothing: use "distillery generate ${definition.name} --rows N".`);
  }
  const task = configureTask(definition, args);
  const unreadable = await unreadableFileProblem({ label: `--input ${args.input}`, path: args.input });
  if (unreadable !== undefined) {
    process.stderr.write(`error: ${unreadable}\n`);
    return EXIT.fatal;
  }
  let runArgs = args;
  if (args.lines !== undefined) {
    const lines = await linesToRun(args.input, args.lines);
    if (lines === undefined) return EXIT.rowsFailed;
    runArgs = { ...args, lines };
  }
  const lineErrors: JsonlLineError[] = [];
  return {
    run: {
      args: runArgs,
      task,
      rows: (signal: AbortSignal) => inputRows(runArgs, lineErrors, signal),
      totalRows: await countRows(runArgs),
      lineErrors,
      inputName: args.input,
    },
    // Passes that write nothing keep their unreadable lines out of the final count.
    passRows: (signal) => inputRows(runArgs, [], signal),
  };
}

export async function runTaskCommand(args: RunTaskArgs): Promise<number> {
  const prepared = await prepareTaskRun(args);
  if (typeof prepared === 'number') return prepared;
  const { run, passRows } = prepared;
  if (args.dryRun) {
    return dryRun(run.args, run.task, passRows(new AbortController().signal), `${run.totalRows} rows of ${args.input}`);
  }
  const refused = await refuseExistingOutput(args);
  if (refused !== undefined) return refused;
  return args.batch ? runTaskInBatches(run, passRows) : runToFile(run);
}
