import { readJsonlFile } from '../core/jsonl';
import type { JsonlLineError, LineRange } from '../core/jsonl/types';
import type { RowInput } from '../core/run/rowRunner';
import type { RunTaskArgs } from './args';
import { unreadableFileProblem } from './fileErrors';
import { checkLineRange, countLines } from './inputLines';
import { dryRun } from './dryRun';
import { refuseExistingOutput, runToFile } from './runToFile';
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

export async function runTaskCommand(args: RunTaskArgs): Promise<number> {
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
  if (args.dryRun) {
    const rows = inputRows(runArgs, lineErrors, new AbortController().signal);
    return dryRun(runArgs, task, rows, `${await countRows(runArgs)} rows of ${args.input}`);
  }
  const refused = await refuseExistingOutput(args);
  if (refused !== undefined) return refused;

  return runToFile({
    args: runArgs,
    task,
    rows: (signal) => inputRows(runArgs, lineErrors, signal),
    totalRows: await countRows(runArgs),
    lineErrors,
    inputName: args.input,
  });
}
