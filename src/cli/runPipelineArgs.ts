import { BATCH_FLAGS, parseBatchArgs, type BatchArgs } from './batchOptions';
import { CACHE_FLAGS, parseCacheArgs, type CacheArgs } from './cacheOptions';
import { listFlag, onePositional, parseFlags, textFlag } from './parseFlags';
import { UsageError } from './usageError';

export interface RunPipelineArgs extends CacheArgs, BatchArgs {
  file: string;
  outDir?: string;
  /** Replace the endpoint of every `llms` entry: one base URL, or several (a fleet); none when empty. */
  baseUrls: string[];
  model?: string;
  includeMetadata: boolean;
  force: boolean;
  quiet: boolean;
  /** Write each step's rows to steps/<step>.jsonl (unless --no-step-files). */
  stepFiles: boolean;
  /** A JSON file of model prices (--prices), over the known-models table. */
  prices?: string;
}

export function parseRunPipelineArgs(argv: string[]): RunPipelineArgs {
  const { values, positionals } = parseFlags(argv, {
    'out-dir': { type: 'string' },
    'base-url': { type: 'string', multiple: true },
    model: { type: 'string' },
    'no-metadata': { type: 'boolean' },
    force: { type: 'boolean' },
    quiet: { type: 'boolean' },
    'no-step-files': { type: 'boolean' },
    prices: { type: 'string' },
    ...CACHE_FLAGS,
    ...BATCH_FLAGS,
  });
  const file = onePositional('run', 'pipeline file', positionals);
  const outDir = textFlag(values, 'out-dir');
  const baseUrls = listFlag(values, 'base-url');
  const model = textFlag(values, 'model');
  const prices = textFlag(values, 'prices');
  const badUrl = baseUrls.find((url) => !/^https?:\/\/\S+$/.test(url));
  if (badUrl !== undefined) throw new UsageError(`--base-url expects an http(s) URL such as http://localhost:11434/v1, got "${badUrl}"`);
  if (model === '') throw new UsageError('--model must not be empty');
  const cache = parseCacheArgs(values);
  return {
    file,
    ...(outDir !== undefined ? { outDir } : {}),
    baseUrls,
    ...(model !== undefined ? { model } : {}),
    includeMetadata: values['no-metadata'] !== true,
    force: values.force === true,
    quiet: values.quiet === true,
    stepFiles: values['no-step-files'] !== true,
    ...(prices !== undefined ? { prices } : {}),
    ...cache,
    ...parseBatchArgs(values, cache),
  };
}
