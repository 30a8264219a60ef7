import { onePositional, parseFlags, textFlag } from './parseFlags';
import { UsageError } from './usageError';

export interface CheckArgs {
  file: string;
  format: 'text' | 'json';
}

export function parseCheckArgs(argv: string[]): CheckArgs {
  const { values, positionals } = parseFlags(argv, { format: { type: 'string' } });
  const file = onePositional('check', 'pipeline file', positionals);
  const format = textFlag(values, 'format') ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`--format is text or json, got "${format}"`);
  return { file, format };
}
