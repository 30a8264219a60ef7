import type { JsonObject } from '../jsonl/types';
import { withColumns } from '../jsonl/withColumns';
import { isPendingInBatch } from '../llm/deferredRequests';
import { isEndpointDown } from '../llm/endpointBreaker';
import { LlmError, type ChatMessage, type CompleteOptions, type LlmClient } from '../llm/types';
import { explainTypeMismatch, nullValues } from '../tasks/columns';
import type { ConfiguredTask, TaskContext, TaskOutcome } from '../tasks/defineTask';
import type { RandomSource } from '../tasks/random';
import { rowRandom, rowSeedKey } from '../tasks/random';

/** One input row of a run: its position in the run, where it came from, and its value. */
export interface RowInput {
  index: number;
  /** 1-based line in the source file, when it came from one. */
  line?: number;
  value: JsonObject;
}

export type RowStatus = 'ok' | 'parse_error' | 'llm_error' | 'input_error';

export interface RowResult {
  index: number;
  line?: number;
  /**
   * The input row with the task's outputs, `model_name` and the metadata added; several rows
   * when the task makes one per generation or expands one input into many.
   */
  rows: [JsonObject, ...JsonObject[]];
  status: RowStatus;
  /** What went wrong, for every status but 'ok'. */
  error?: string;
  requests: number;
  inputTokens: number;
  outputTokens: number;
}

/** One prompt sent for a row, as kept in the metadata. */
export interface RecordedCall {
  label: string;
  messages: ChatMessage[];
  output: string | null;
  model: string;
  input_tokens: number;
  output_tokens: number;
  latency_ms: number;
  /** Present when JSON was requested: whether the endpoint accepted the schema. */
  structured_output?: boolean;
}

/** What one request of a row cost. */
export interface RequestOutcome {
  inputTokens: number;
  outputTokens: number;
  /** Answered from the request cache: nothing was sent. */
  cached: boolean;
  /** Attempts sent to the endpoint, retries included; 0 from the cache. */
  sent: number;
}

export interface RowRunSettings {
  task: ConfiguredTask;
  client: LlmClient;
  /** Names the metadata keys (`raw_output_<stepName>`), as a distilabel step name does. */
  stepName: string;
  includeMetadata: boolean;
  signal?: AbortSignal;
  /** Called after each request is answered (by the endpoint or the cache) or fails for good, for progress reporting. */
  onRequest?: (call: RequestOutcome) => void;
}

/** `EvolInstruct` -> `evol_instruct_0`: distilabel's default step name for a task. */
export function defaultStepName(taskName: string): string {
  return `${taskName.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z])([A-Z][a-z])/g, '$1_$2').toLowerCase()}_0`;
}

/** The random choices of one generation of a row; Preview Prompts uses it too, to show what a run sends. */
export function randomForRow(task: ConfiguredTask, input: RowInput, generation: number): RandomSource {
  return rowRandom(task.seed, rowSeedKey(Object.keys(task.inputs), input.value, input.index), generation);
}

function inputProblems(task: ConfiguredTask, value: JsonObject): string[] {
  return Object.entries(task.inputs).flatMap(([name, type]) => {
    const problem = explainTypeMismatch(value[name], type, `column "${name}"`);
    return problem ? [problem] : [];
  });
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/** What one generation of a row produced. */
interface GenerationRun {
  outcomes: TaskOutcome[];
  calls: RecordedCall[];
  /** Set when the endpoint failed (after retries) rather than the output being unusable. */
  failure?: string;
}

/** A generator's rows may all send the same prompt: their row number keeps them apart in the cache. */
function rowSlotOf(task: ConfiguredTask, input: RowInput): number {
  return Object.keys(task.inputs).length === 0 ? input.index : 0;
}

/** The sample index of a row's first request in `generation`: what a dry run looks up in the cache. */
export function firstSampleIndex(task: ConfiguredTask, input: RowInput, generation: number): number {
  return rowSlotOf(task, input) * REPEATS_PER_ROW * task.generations + generation;
}

/** More identical requests than any task makes for one row (the evol generators stop at max_attempts). */
const REPEATS_PER_ROW = 1000;

/**
 * Numbers the identical requests of a row so the request cache keeps each apart: generation g
 * of G asking the same thing for the k-th time is sample k * G + g. The numbering follows the
 * row's content alone, so a rerun asks for the same samples and finds them in the cache. Rows of
 * a task that reads no column (a generator) may all send the same prompt: their row number
 * (`rowSlot`) keeps them apart, so N generated rows are N samples, not one answer N times.
 */
function sampleCounter(generation: number, generations: number, rowSlot: number): (request: unknown) => number {
  const asked = new Map<string, number>();
  return (request) => {
    const text = JSON.stringify(request);
    const times = asked.get(text) ?? 0;
    asked.set(text, times + 1);
    return (rowSlot * REPEATS_PER_ROW + times) * generations + generation;
  };
}

function taskContext(settings: RowRunSettings, input: RowInput, calls: RecordedCall[], labelPrefix: string, generation: number): TaskContext {
  const { client, task } = settings;
  // The row's position is its place in the endpoint's queue: rows started earlier go first.
  // Spelled out rather than spread: Node 20 builds objects from a spread and more properties slowly.
  const { signal } = settings;
  const requestOptions = (sampleIndex: number): CompleteOptions =>
    signal ? { signal, priority: input.index, sampleIndex } : { priority: input.index, sampleIndex };
  const sampleIndex = sampleCounter(generation, task.generations, rowSlotOf(task, input));
  const random = randomForRow(task, input, generation);
  // Whether an answer came from the cache stays out of the row: a replayed run writes the same bytes.
  const record = (call: RecordedCall, result: { cached: boolean; attempts: number }) => {
    calls.push(call);
    settings.onRequest?.({ inputTokens: call.input_tokens, outputTokens: call.output_tokens, cached: result.cached, sent: result.attempts });
  };
  /** Counts the attempts of a request that failed for good, so progress shows what was paid for. */
  const counted = async <T>(request: Promise<T>): Promise<T> => {
    try {
      return await request;
    } catch (error) {
      if (error instanceof LlmError) settings.onRequest?.({ inputTokens: 0, outputTokens: 0, cached: false, sent: error.attempts });
      throw error;
    }
  };
  return {
    random,
    async generate(messages, label, generateOptions = {}) {
      const request = { messages, ...generateOptions };
      const result = await counted(client.complete(request, requestOptions(sampleIndex(request))));
      const output = result.outputs[0] ?? null;
      record({
        label: `${labelPrefix}${label}`,
        messages,
        output,
        model: result.model,
        input_tokens: result.usage.inputTokens,
        output_tokens: result.usage.outputTokens,
        latency_ms: Math.round(result.latencyMs),
        ...(generateOptions.responseFormat ? { structured_output: result.structuredOutput } : {}),
      }, result);
      return output;
    },
    async embed(texts, label) {
      const result = await counted(client.embed({ input: texts }, requestOptions(sampleIndex(texts))));
      record({
        label: `${labelPrefix}${label}`,
        messages: texts.map((content) => ({ role: 'user', content })),
        // The vectors themselves are the output column; the metadata only describes them.
        output: `${result.embeddings.length} vector(s) of ${result.embeddings[0]?.length ?? 0} dimensions`,
        model: result.model,
        input_tokens: result.usage.inputTokens,
        output_tokens: 0,
        latency_ms: Math.round(result.latencyMs),
      }, result);
      return result.embeddings;
    },
  };
}

async function runGeneration(input: RowInput, settings: RowRunSettings, generation: number): Promise<GenerationRun> {
  const { task } = settings;
  const calls: RecordedCall[] = [];
  const prefix = task.generations > 1 ? `generation ${generation + 1}: ` : '';
  const context = taskContext(settings, input, calls, prefix, generation);
  try {
    const outcomes = await task.process(input.value, context);
    return {
      outcomes: outcomes.length > 0 ? outcomes : [{ values: nullValues(task.outputs), parseError: `${prefix}the task produced no rows` }],
      calls,
    };
  } catch (error) {
    // A cancel, an endpoint found unusable or a request left for a batch: the row is unfinished, not failed.
    if (isAbort(error) || isEndpointDown(error) || isPendingInBatch(error) || settings.signal?.aborted) throw error;
    const failure = `${prefix}${error instanceof Error ? error.message : String(error)}`;
    return { outcomes: [{ values: nullValues(task.outputs), parseError: failure }], calls, failure };
  }
}

/**
 * Runs one row through a task, `num_generations` times concurrently. Never throws for the
 * row's own problems (bad input, endpoint failure, unusable output): the row comes back with
 * null outputs and the reason. Only cancellation, an EndpointDownError and a
 * PendingInBatchError propagate, so the caller can tell an unfinished row from a failed one.
 */
export async function runRow(input: RowInput, settings: RowRunSettings): Promise<RowResult> {
  const { task } = settings;
  const problems = inputProblems(task, input.value);
  const runs: GenerationRun[] =
    problems.length > 0
      ? [{ outcomes: [{ values: nullValues(task.outputs), parseError: `${problems.join('; ')}. Map or fix the column, then run again.` }], calls: [] }]
      : await Promise.all(Array.from({ length: task.generations }, (_, generation) => runGeneration(input, settings, generation)));

  const allCalls = runs.flatMap((run) => run.calls);
  const errors = [...new Set(runs.flatMap((run) => run.outcomes.flatMap((outcome) => (outcome.parseError ? [outcome.parseError] : []))))];
  const status: RowStatus =
    problems.length > 0 ? 'input_error' : runs.some((run) => run.failure) ? 'llm_error' : errors.length > 0 ? 'parse_error' : 'ok';

  const build = (values: Record<string, unknown>, calls: readonly RecordedCall[], error: string | undefined): JsonObject => {
    const outputs = withColumns(nullValues(task.outputs), values);
    outputs.model_name = calls.at(-1)?.model ?? settings.client.model;
    const row = withColumns(input.value, outputs);
    if (settings.includeMetadata) row.distilabel_metadata = metadataFor(input.value, settings.stepName, calls, error);
    return row;
  };
  const rows = task.groupGenerations
    ? [build(groupValues(task, runs.flatMap((run) => run.outcomes)), allCalls, errors.join('; ') || undefined)]
    : runs.flatMap((run) => run.outcomes.map((outcome) => build(outcome.values, run.calls, outcome.parseError)));

  return {
    index: input.index,
    ...(input.line !== undefined ? { line: input.line } : {}),
    rows: rows as [JsonObject, ...JsonObject[]],
    status,
    ...(errors.length > 0 ? { error: errors.join('; ') } : {}),
    requests: allCalls.length,
    inputTokens: sum(allCalls, 'input_tokens'),
    outputTokens: sum(allCalls, 'output_tokens'),
  };
}

/** Each output column as the list of its values across every generation. */
function groupValues(task: ConfiguredTask, outcomes: readonly TaskOutcome[]): Record<string, unknown[]> {
  return Object.fromEntries(Object.keys(task.outputs).map((name) => [name, outcomes.map((outcome) => outcome.values[name] ?? null)]));
}

function sum(calls: readonly RecordedCall[], key: 'input_tokens' | 'output_tokens'): number {
  return calls.reduce((total, call) => total + call[key], 0);
}

/**
 * distilabel's metadata keys (`raw_input_<step>`, `raw_output_<step>`, `statistics_<step>`)
 * describe the last call, so datasets read the same in both tools. Tasks that make several
 * calls also list every one under `calls_<step>`, and a failure's reason is kept under
 * `error_<step>` next to the raw output it came from. Metadata from earlier steps is kept.
 */
function metadataFor(input: JsonObject, step: string, calls: readonly RecordedCall[], error: string | undefined): JsonObject {
  const previous = input.distilabel_metadata;
  const metadata: JsonObject = typeof previous === 'object' && previous !== null && !Array.isArray(previous) ? { ...previous } : {};
  const last = calls.at(-1);
  metadata[`raw_input_${step}`] = last?.messages ?? null;
  metadata[`raw_output_${step}`] = last?.output ?? null;
  metadata[`statistics_${step}`] = {
    input_tokens: sum(calls, 'input_tokens'),
    output_tokens: sum(calls, 'output_tokens'),
    requests: calls.length,
    latency_ms: calls.reduce((total, call) => total + call.latency_ms, 0),
  };
  if (calls.length > 1) metadata[`calls_${step}`] = calls;
  else delete metadata[`calls_${step}`];
  if (error) metadata[`error_${step}`] = error;
  else delete metadata[`error_${step}`];
  return metadata;
}
