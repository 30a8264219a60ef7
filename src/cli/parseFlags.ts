import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closestNames, didYouMean } from '../core/pipeline/suggest';
import { UsageError } from './usageError';

export type FlagOptions = NonNullable<ParseArgsConfig['options']>;

export type FlagValues = Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;

export interface ParsedFlags {
  values: FlagValues;
  positionals: string[];
}

/**
 * node:util's parseArgs with mistakes worded as ours ("unknown option --concurency; did you
 * mean "--concurrency"?", "--out needs a value") instead of Node's. It parses leniently and
 * then checks every option token itself, because the strict mode's errors carry only Node's
 * text, not the option they are about.
 */
export function parseFlags(argv: readonly string[], options: FlagOptions): ParsedFlags {
  const { values, positionals, tokens } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: false, tokens: true });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const option = options[token.name];
    if (option === undefined) {
      const suggestions = closestNames(token.name, Object.keys(options)).map((name) => `--${name}`);
      throw new UsageError(`unknown option ${token.rawName}${didYouMean(suggestions)}`);
    }
    if (option.type === 'string' && token.value === undefined) throw new UsageError(`${token.rawName} needs a value`);
    // Node's strict mode refuses these as ambiguous too: "--out --force" is more likely a forgotten value.
    if (option.type === 'string' && token.inlineValue === false && token.value?.startsWith('-')) {
      throw new UsageError(`${token.rawName} needs a value; "${token.value}" looks like an option (write ${token.rawName}=${token.value} if it is the value)`);
    }
    if (option.type === 'boolean' && token.value !== undefined) throw new UsageError(`${token.rawName} takes no value, got "${token.value}"`);
  }
  return { values, positionals };
}

/** The value of a string option, if given. */
export function textFlag(values: FlagValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

/** Every value of a repeatable string option, in order. */
export function listFlag(values: FlagValues, name: string): string[] {
  const value = values[name];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** Exactly one positional argument, or a UsageError saying what `command` takes. */
export function onePositional(command: string, what: string, positionals: readonly string[]): string {
  if (positionals.length !== 1) {
    throw new UsageError(`${command} takes exactly one ${what}, got ${positionals.length === 0 ? 'none' : positionals.join(' ')}`);
  }
  return positionals[0] as string;
}
