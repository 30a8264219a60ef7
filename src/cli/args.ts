import { parseArgs } from 'node:util';
import type { LineRange } from '../core/jsonl/types';

/** A command-line mistake: shown with the usage hint, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface RunTaskArgs {
  taskName: string;
  input: string;
  out: string;
  lines?: LineRange;
  params: Record<string, unknown>;
  force: boolean;
  baseUrl: string;
  model: string;
  apiKeyEnv: string;
  concurrency?: number;
  requestsPerMinute?: number;
  tokensPerMinute?: number;
  timeoutSeconds?: number;
  retries?: number;
  temperature?: number;
  maxTokens?: number;
  ordered: boolean;
  includeMetadata: boolean;
  quiet: boolean;
}

const runTaskOptions = {
  input: { type: 'string' },
  out: { type: 'string' },
  lines: { type: 'string' },
  param: { type: 'string', multiple: true },
  force: { type: 'boolean' },
  'base-url': { type: 'string' },
  model: { type: 'string' },
  'api-key-env': { type: 'string' },
  concurrency: { type: 'string' },
  rpm: { type: 'string' },
  tpm: { type: 'string' },
  timeout: { type: 'string' },
  retries: { type: 'string' },
  temperature: { type: 'string' },
  'max-tokens': { type: 'string' },
  unordered: { type: 'boolean' },
  'no-metadata': { type: 'boolean' },
  quiet: { type: 'boolean' },
} as const;

export function parseRunTaskArgs(argv: string[]): RunTaskArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: runTaskOptions, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    throw new UsageError(`run-task takes exactly one task name, got ${positionals.length === 0 ? 'none' : positionals.join(' ')}`);
  }
  const required = (name: 'input' | 'out' | 'base-url' | 'model'): string => {
    const value = values[name];
    if (!value) throw new UsageError(`--${name} is required`);
    return value;
  };
  return {
    taskName: positionals[0] as string,
    input: required('input'),
    out: required('out'),
    ...(values.lines ? { lines: parseLineRange(values.lines) } : {}),
    params: Object.fromEntries((values.param ?? []).map(parseParam)),
    force: values.force ?? false,
    baseUrl: required('base-url'),
    model: required('model'),
    apiKeyEnv: values['api-key-env'] ?? 'OPENAI_API_KEY',
    ...optionalNumber('concurrency', values.concurrency, 'concurrency', true),
    ...optionalNumber('rpm', values.rpm, 'requestsPerMinute', true),
    ...optionalNumber('tpm', values.tpm, 'tokensPerMinute', true),
    ...optionalNumber('timeout', values.timeout, 'timeoutSeconds', false),
    ...optionalNumber('retries', values.retries, 'retries', true),
    ...optionalNumber('temperature', values.temperature, 'temperature', false),
    ...optionalNumber('max-tokens', values['max-tokens'], 'maxTokens', true),
    ordered: !values.unordered,
    includeMetadata: !values['no-metadata'],
    quiet: values.quiet ?? false,
  };
}

function optionalNumber<K extends keyof RunTaskArgs>(flag: string, text: string | undefined, key: K, integer: boolean) {
  if (text === undefined) return {};
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
    throw new UsageError(`--${flag} expects a ${integer ? 'whole ' : ''}number, got "${text}"`);
  }
  return { [key]: value } as Partial<RunTaskArgs>;
}

/** `3-40` or `7` (a single line). */
export function parseLineRange(text: string): LineRange {
  const match = /^\s*(\d+)\s*(?:-\s*(\d+))?\s*$/.exec(text);
  const start = Number(match?.[1]);
  const end = match?.[2] === undefined ? start : Number(match[2]);
  if (!match || start < 1 || end < start) {
    throw new UsageError(`--lines expects A-B with 1 <= A <= B (e.g. 3-40), got "${text}"`);
  }
  return { start, end };
}

/** `key=value`, with the value read as JSON when it parses, so numbers and booleans arrive typed. */
export function parseParam(text: string): [string, unknown] {
  const at = text.indexOf('=');
  if (at <= 0) throw new UsageError(`--param expects KEY=VALUE, got "${text}"`);
  const raw = text.slice(at + 1);
  try {
    return [text.slice(0, at).trim(), JSON.parse(raw)];
  } catch {
    return [text.slice(0, at).trim(), raw];
  }
}
