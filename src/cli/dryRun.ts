import { parseLlmClientConfig } from '../core/llm';
import type { RowInput } from '../core/run/rowRunner';
import type { ConfiguredTask } from '../core/tasks/defineTask';
import type { RunArgs } from './args';
import { openCache } from './cacheOptions';
import { estimateRunWithCache } from '../core/estimate/runEstimate';
import { formatEstimate } from './estimateReport';
import { quoteFor } from './priceFile';
import { clientConfigFor } from './runToFile';
import { EXIT } from './usage';

/**
 * `--dry-run`: every row's first prompts built and counted, looked up in the request cache, and
 * priced; nothing is sent and nothing written. Prints the figures on stdout.
 */
export async function dryRun(args: RunArgs, task: ConfiguredTask, rows: Iterable<RowInput> | AsyncIterable<RowInput>, what: string): Promise<number> {
  const config = parseLlmClientConfig(clientConfigFor(args));
  const opened = openCache(args);
  try {
    // --refresh sends everything again: nothing counts as cached.
    const estimate = await estimateRunWithCache(config, task, rows, args.refresh ? undefined : opened.store);
    const lines = formatEstimate(estimate, config.model, config.generation?.max_tokens, await quoteFor(config.model, args.prices));
    process.stdout.write(`Dry run of ${task.definition.name} on ${what} with ${config.model}: nothing was sent.\n${lines.join('\n')}\n`);
    return EXIT.ok;
  } finally {
    opened.close();
  }
}
