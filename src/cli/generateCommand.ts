import type { RowInput } from '../core/run/rowRunner';
import type { TaskDefinition } from '../core/tasks/defineTask';
import type { GenerateArgs } from './args';
import { runTaskInBatches } from './batchTaskRun';
import { dryRun } from './dryRun';
import { refuseExistingOutput, runToFile, type RunToFileInput } from './runToFile';
import { configureTask, lookUpTask } from './taskFromArgs';
import { UsageError } from './usageError';

/**
 * How many rows to ask for, and the parameters to run with. A generator whose count is a
 * parameter (EvolInstructGenerator's `num_instructions`) takes it from --rows when not given.
 */
function rowCount(definition: TaskDefinition, args: GenerateArgs): { count: number; params: Record<string, unknown> } {
  const countParam = definition.rowCountParam;
  const fromParam = countParam ? args.params[countParam] : undefined;
  if (countParam && fromParam !== undefined) {
    if (args.rows !== undefined && args.rows !== fromParam) {
      throw new UsageError(`--rows ${args.rows} and --param ${countParam}=${String(fromParam)} disagree; give one of them.`);
    }
    if (typeof fromParam !== 'number' || !Number.isInteger(fromParam) || fromParam < 1) {
      throw new UsageError(`--param ${countParam} must be a whole number of at least 1, got ${JSON.stringify(fromParam)}`);
    }
    return { count: fromParam, params: args.params };
  }
  if (args.rows === undefined) throw new UsageError('--rows is required: how many rows to generate');
  return { count: args.rows, params: countParam ? { ...args.params, [countParam]: args.rows } : args.params };
}

/** What generate runs; `batch export` takes the same. */
export function prepareGenerateRun(args: GenerateArgs): RunToFileInput {
  const definition = lookUpTask(args.taskName);
  if (definition.kind !== 'generator') {
    throw new UsageError(`${definition.name} transforms input rows: use "distillery run-task ${definition.name} --input FILE".`);
  }
  const { count, params } = rowCount(definition, args);
  const task = configureTask(definition, args, params);
  // Generators read nothing: each empty row is one slot the task fills.
  const rows = (): RowInput[] => Array.from({ length: count }, (_, index) => ({ index, value: {} }));
  return { args, task, rows, totalRows: count };
}

export async function generateCommand(args: GenerateArgs): Promise<number> {
  const run = prepareGenerateRun(args);
  if (args.dryRun) return dryRun(args, run.task, run.rows(new AbortController().signal), `${run.totalRows} generated rows`);
  const refused = await refuseExistingOutput(args);
  if (refused !== undefined) return refused;
  return args.batch ? runTaskInBatches(run, run.rows) : runToFile(run);
}
