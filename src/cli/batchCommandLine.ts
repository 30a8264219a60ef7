import type { BatchRounds } from '../core/batch/batchRounds';
import type { ResponseCache } from '../core/llm';
import { parseGenerateArgs, parseRunTaskArgs } from './args';
import { passOverPipeline } from './batchPipelinePass';
import type { BatchPass, BatchRunInput } from './batchRun';
import { passOverRows } from './batchTaskRun';
import type { CacheArgs } from './cacheOptions';
import { prepareGenerateRun } from './generateCommand';
import { planOf } from './runPipelineCommand';
import { parseRunPipelineArgs } from './runPipelineArgs';
import { prepareTaskRun } from './runTaskCommand';
import { UsageError } from './usageError';

/** The commands whose requests `batch export` can write. */
export const COMMANDS_WITH_REQUESTS = ['run-task', 'generate', 'run'] as const;

/** A command line's requests as a batch pass sees them: its cache, and one pass over its rows. */
export interface CommandLinePass {
  cache: CacheArgs;
  pass(cache: ResponseCache, rounds: BatchRounds, onRowPending: Parameters<BatchRunInput['pass']>[1]): Promise<BatchPass>;
}

/**
 * Reads a run-task, generate or run command line as that command reads it, and gives its pass;
 * the exit code when the command could not start (its reason is printed).
 */
export async function passOfCommandLine(argv: readonly string[]): Promise<CommandLinePass | number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'run-task': {
      const prepared = await prepareTaskRun(parseRunTaskArgs(rest));
      if (typeof prepared === 'number') return prepared;
      return { cache: prepared.run.args, pass: (cache, rounds, onRowPending) => passOverRows(prepared.run, prepared.passRows, cache, rounds, onRowPending) };
    }
    case 'generate': {
      const run = prepareGenerateRun(parseGenerateArgs(rest));
      return { cache: run.args, pass: (cache, rounds, onRowPending) => passOverRows(run, run.rows, cache, rounds, onRowPending) };
    }
    case 'run': {
      const args = parseRunPipelineArgs(rest);
      const plan = await planOf(args);
      if (typeof plan === 'number') return plan;
      return { cache: args, pass: (cache, rounds, onRowPending) => passOverPipeline(plan, args.file, cache, rounds, onRowPending) };
    }
    default:
      throw new UsageError(`batch export takes the command line whose requests to write (${COMMANDS_WITH_REQUESTS.join(', ')} ...), got ${command === undefined ? 'none' : `"${command}"`}`);
  }
}
