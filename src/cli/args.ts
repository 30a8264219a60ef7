import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { LineRange } from '../core/jsonl/types';
import type { ColumnMappings } from '../core/tasks/defineTask';

/** A command-line mistake: shown with the usage hint, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Where and how to send requests. */
export interface EndpointArgs {
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
}

/** What to run and where the rows go; shared by run-task and generate. */
export interface RunArgs extends EndpointArgs {
  taskName: string;
  params: Record<string, unknown>;
  mappings: ColumnMappings;
  out: string;
  force: boolean;
  ordered: boolean;
  includeMetadata: boolean;
  quiet: boolean;
}

export interface RunTaskArgs extends RunArgs {
  input: string;
  lines?: LineRange;
}

export interface GenerateArgs extends RunArgs {
  rows?: number;
}

const sharedOptions = {
  out: { type: 'string' },
  param: { type: 'string', multiple: true },
  'input-mapping': { type: 'string', multiple: true },
  'output-mapping': { type: 'string', multiple: true },
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
} as const satisfies ParseArgsConfig['options'];

type ParsedValues = Record<string, string | boolean | string[] | undefined>;

function parse(command: string, argv: string[], extra: ParseArgsConfig['options']): { taskName: string; values: ParsedValues } {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...sharedOptions, ...extra }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    throw new UsageError(`${command} takes exactly one task name, got ${positionals.length === 0 ? 'none' : positionals.join(' ')}`);
  }
  return { taskName: positionals[0] as string, values };
}

function required(values: ParsedValues, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

function list(values: ParsedValues, name: string): string[] {
  const value = values[name];
  return Array.isArray(value) ? value : [];
}

function runArgs(taskName: string, values: ParsedValues): RunArgs {
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  return {
    taskName,
    params: Object.fromEntries(list(values, 'param').map(parseParam)),
    mappings: {
      input: Object.fromEntries(list(values, 'input-mapping').map((entry) => parseMapping('input-mapping', entry))),
      output: Object.fromEntries(list(values, 'output-mapping').map((entry) => parseMapping('output-mapping', entry))),
    },
    out: required(values, 'out'),
    force: values.force === true,
    baseUrl: required(values, 'base-url'),
    model: required(values, 'model'),
    apiKeyEnv: text('api-key-env') ?? 'OPENAI_API_KEY',
    ...optionalNumber('concurrency', text('concurrency'), 'concurrency', true),
    ...optionalNumber('rpm', text('rpm'), 'requestsPerMinute', true),
    ...optionalNumber('tpm', text('tpm'), 'tokensPerMinute', true),
    ...optionalNumber('timeout', text('timeout'), 'timeoutSeconds', false),
    ...optionalNumber('retries', text('retries'), 'retries', true),
    ...optionalNumber('temperature', text('temperature'), 'temperature', false),
    ...optionalNumber('max-tokens', text('max-tokens'), 'maxTokens', true),
    ordered: values.unordered !== true,
    includeMetadata: values['no-metadata'] !== true,
    quiet: values.quiet === true,
  };
}

export function parseRunTaskArgs(argv: string[]): RunTaskArgs {
  const { taskName, values } = parse('run-task', argv, { input: { type: 'string' }, lines: { type: 'string' } });
  const lines = typeof values.lines === 'string' ? parseLineRange(values.lines) : undefined;
  return { ...runArgs(taskName, values), input: required(values, 'input'), ...(lines ? { lines } : {}) };
}

export function parseGenerateArgs(argv: string[]): GenerateArgs {
  const { taskName, values } = parse('generate', argv, { rows: { type: 'string' } });
  const rows = typeof values.rows === 'string' ? values.rows : undefined;
  const count = optionalNumber('rows', rows, 'rows', true) as { rows?: number };
  if (count.rows === 0) throw new UsageError('--rows must be at least 1');
  return { ...runArgs(taskName, values), ...count };
}

function optionalNumber<K extends string>(flag: string, text: string | undefined, key: K, integer: boolean): Partial<Record<K, number>> {
  if (text === undefined) return {};
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
    throw new UsageError(`--${flag} expects a ${integer ? 'whole ' : ''}number, got "${text}"`);
  }
  return { [key]: value } as Partial<Record<K, number>>;
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

function parseMapping(flag: string, text: string): [string, string] {
  const [name, column, ...rest] = text.split('=');
  if (!name || !column || rest.length > 0) throw new UsageError(`--${flag} expects NAME=COLUMN, got "${text}"`);
  return [name.trim(), column.trim()];
}
