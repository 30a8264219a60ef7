import { parseArgs } from 'node:util';
import { UsageError } from './args';

export interface CheckArgs {
  file: string;
  format: 'text' | 'json';
}

export function parseCheckArgs(argv: string[]): CheckArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { format: { type: 'string' } } });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    throw new UsageError(`check takes exactly one pipeline file, got ${positionals.length === 0 ? 'none' : positionals.join(' ')}`);
  }
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format is text or json, got "${format}"`);
  return { file: positionals[0] as string, format };
}
