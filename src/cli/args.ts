import type { LineRange } from '../core/jsonl/types';
import type { ColumnMappings } from '../core/tasks/defineTask';
import { BATCH_FLAGS, parseBatchArgs, type BatchArgs } from './batchOptions';
import { CACHE_FLAGS, parseCacheArgs, type CacheArgs } from './cacheOptions';
import { listFlag, onePositional, parseFlags, textFlag, type FlagOptions, type FlagValues } from './parseFlags';
import { UsageError } from './usageError';

/** Where and how to send requests. */
export interface EndpointArgs {
  /** One `--base-url`, or several serving the same model (a fleet), each with its `--concurrency` when one is given. */
  endpoints: EndpointFlag[];
  model: string;
  apiKeyEnv: string;
  requestsPerMinute?: number;
  tokensPerMinute?: number;
  timeoutSeconds?: number;
  retries?: number;
  contextTokens?: number;
  temperature?: number;
  maxTokens?: number;
}

export interface EndpointFlag {
  baseUrl: string;
  concurrency?: number;
}

/** What to run and where the rows go; shared by run-task and generate. */
export interface RunArgs extends EndpointArgs, CacheArgs, BatchArgs {
  taskName: string;
  params: Record<string, unknown>;
  mappings: ColumnMappings;
  out: string;
  force: boolean;
  /** Keep the rows already in --out and append the rest. */
  resume: boolean;
  /** Print what the run would send and cost, and send nothing (--dry-run). */
  dryRun: boolean;
  /** A JSON file of model prices (--prices), over the known-models table. */
  prices?: string;
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
  'base-url': { type: 'string', multiple: true },
  model: { type: 'string' },
  'api-key-env': { type: 'string' },
  concurrency: { type: 'string', multiple: true },
  rpm: { type: 'string' },
  tpm: { type: 'string' },
  timeout: { type: 'string' },
  retries: { type: 'string' },
  'context-tokens': { type: 'string' },
  temperature: { type: 'string' },
  'max-tokens': { type: 'string' },
  unordered: { type: 'boolean' },
  'no-metadata': { type: 'boolean' },
  quiet: { type: 'boolean' },
  resume: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  prices: { type: 'string' },
  ...CACHE_FLAGS,
  ...BATCH_FLAGS,
} as const satisfies FlagOptions;

function parse(command: string, argv: string[], extra: FlagOptions): { taskName: string; values: FlagValues } {
  const { values, positionals } = parseFlags(argv, { ...sharedOptions, ...extra });
  return { taskName: onePositional(command, 'task name', positionals), values };
}

function required(values: FlagValues, name: string): string {
  const value = textFlag(values, name);
  if (value === undefined || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

function runArgs(taskName: string, values: FlagValues): RunArgs {
  const text = (name: string) => textFlag(values, name);
  return {
    taskName,
    params: Object.fromEntries(listFlag(values, 'param').map(parseParam)),
    mappings: {
      input: Object.fromEntries(listFlag(values, 'input-mapping').map((entry) => parseMapping('input-mapping', entry))),
      output: Object.fromEntries(listFlag(values, 'output-mapping').map((entry) => parseMapping('output-mapping', entry))),
    },
    // A dry run writes nothing, so it needs no --out.
    out: values['dry-run'] === true ? (text('out') ?? '') : required(values, 'out'),
    dryRun: values['dry-run'] === true,
    ...(text('prices') !== undefined ? { prices: text('prices') as string } : {}),
    ...outputMode(values),
    ...cacheAndBatch(values),
    endpoints: endpointFlags(values),
    model: required(values, 'model'),
    apiKeyEnv: text('api-key-env') ?? 'OPENAI_API_KEY',
    ...optionalNumber('rpm', text('rpm'), 'requestsPerMinute', true),
    ...optionalNumber('tpm', text('tpm'), 'tokensPerMinute', true),
    ...optionalNumber('timeout', text('timeout'), 'timeoutSeconds', false),
    ...optionalNumber('retries', text('retries'), 'retries', true),
    ...optionalNumber('context-tokens', text('context-tokens'), 'contextTokens', true),
    ...optionalNumber('temperature', text('temperature'), 'temperature', false),
    ...optionalNumber('max-tokens', text('max-tokens'), 'maxTokens', true),
    ordered: values.unordered !== true,
    includeMetadata: values['no-metadata'] !== true,
    quiet: values.quiet === true,
  };
}

export function parseRunTaskArgs(argv: string[]): RunTaskArgs {
  const { taskName, values } = parse('run-task', argv, { input: { type: 'string' }, lines: { type: 'string' } });
  const linesText = textFlag(values, 'lines');
  const lines = linesText === undefined ? undefined : parseLineRange(linesText);
  return { ...runArgs(taskName, values), input: required(values, 'input'), ...(lines ? { lines } : {}) };
}

export function parseGenerateArgs(argv: string[]): GenerateArgs {
  const { taskName, values } = parse('generate', argv, { rows: { type: 'string' } });
  const count = optionalNumber('rows', textFlag(values, 'rows'), 'rows', true) as { rows?: number };
  if (count.rows === 0) throw new UsageError('--rows must be at least 1');
  return { ...runArgs(taskName, values), ...count };
}

function cacheAndBatch(values: FlagValues): CacheArgs & BatchArgs {
  const cache = parseCacheArgs(values);
  return { ...cache, ...parseBatchArgs(values, cache) };
}

/**
 * Every `--base-url`, with its concurrency. For one, the last `--concurrency` counts, as with
 * every other option given twice. For a fleet, one `--concurrency` is every endpoint's, or
 * there is one per `--base-url`, paired in order (`--base-url A --concurrency 16 --base-url B
 * --concurrency 4`).
 */
function endpointFlags(values: FlagValues): EndpointFlag[] {
  const urls = listFlag(values, 'base-url');
  if (urls.length === 0 || urls.includes('')) throw new UsageError('--base-url is required');
  const given = listFlag(values, 'concurrency').map((text) => optionalNumber('concurrency', text, 'concurrency', true).concurrency as number);
  const limits = urls.length === 1 ? given.slice(-1) : given;
  if (limits.length > 1 && limits.length !== urls.length) {
    throw new UsageError(
      `--concurrency is given ${limits.length} times for ${urls.length} --base-url: give it once for every endpoint, or once after each --base-url`,
    );
  }
  return urls.map((baseUrl, index) => {
    const concurrency = limits.length === 1 ? limits[0] : limits[index];
    return { baseUrl, ...(concurrency !== undefined ? { concurrency } : {}) };
  });
}

/** --force rewrites an existing --out, --resume continues it; without either it is refused. */
function outputMode(values: FlagValues): { force: boolean; resume: boolean } {
  const force = values.force === true;
  const resume = values.resume === true;
  if (force && resume) throw new UsageError('--force rewrites --out and --resume continues it: give one of them');
  if (resume && values.unordered === true) throw new UsageError('--resume continues --out in input order, which --unordered does not keep: leave --unordered out');
  return { force, resume };
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
