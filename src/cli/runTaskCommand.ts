import { access } from 'node:fs/promises';
import { readJsonlFile } from '../core/jsonl';
import type { JsonlLineError } from '../core/jsonl/types';
import type { RowInput } from '../core/run/rowRunner';
import { UsageError, type RunTaskArgs } from './args';
import { configureTask, lookUpTask, refuseExistingOutput, runToFile } from './runToFile';
import { EXIT } from './usage';

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

export async function runTaskCommand(args: RunTaskArgs): Promise<number> {
  const definition = lookUpTask(args.taskName);
  if (definition.kind === 'generator') {
    throw new UsageError(`${definition.name} generates rows from nothing: use "distillery generate ${definition.name} --rows N".`);
  }
  const task = configureTask(definition, args);
  if (!(await access(args.input).then(() => true, () => false))) {
    process.stderr.write(`error: cannot read --input ${args.input}: no such file. Check the path.\n`);
    return EXIT.fatal;
  }
  const refused = await refuseExistingOutput(args);
  if (refused !== undefined) return refused;

  const lineErrors: JsonlLineError[] = [];
  return runToFile({
    args,
    task,
    rows: (signal) => inputRows(args, lineErrors, signal),
    totalRows: await countRows(args),
    lineErrors,
    inputName: args.input,
  });
}
