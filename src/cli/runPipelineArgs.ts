import { parseArgs } from 'node:util';
import { UsageError } from './args';

export interface RunPipelineArgs {
  file: string;
  outDir?: string;
  /** Replace the endpoint of every `llms` entry. */
  baseUrl?: string;
  model?: string;
  includeMetadata: boolean;
  force: boolean;
  quiet: boolean;
}

export function parseRunPipelineArgs(argv: string[]): RunPipelineArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        'out-dir': { type: 'string' },
        'base-url': { type: 'string' },
        model: { type: 'string' },
        'no-metadata': { type: 'boolean' },
        force: { type: 'boolean' },
        quiet: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    throw new UsageError(`run takes exactly one pipeline file, got ${positionals.length === 0 ? 'none' : positionals.join(' ')}`);
  }
  const baseUrl = values['base-url'];
  if (baseUrl !== undefined && !/^https?:\/\/\S+$/.test(baseUrl)) {
    throw new UsageError(`--base-url expects an http(s) URL such as http://localhost:11434/v1, got "${baseUrl}"`);
  }
  if (values.model === '') throw new UsageError('--model must not be empty');
  return {
    file: positionals[0] as string,
    ...(values['out-dir'] !== undefined ? { outDir: values['out-dir'] } : {}),
    ...(baseUrl !== undefined ? { baseUrl } : {}),
    ...(values.model !== undefined ? { model: values.model } : {}),
    includeMetadata: values['no-metadata'] !== true,
    force: values.force === true,
    quiet: values.quiet === true,
  };
}
