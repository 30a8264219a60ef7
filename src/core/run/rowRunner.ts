import type { JsonObject } from '../jsonl/types';
import type { ChatMessage, LlmClient } from '../llm/types';
import { explainTypeMismatch, nullValues } from '../tasks/columns';
import type { ConfiguredTask, TaskContext, TaskOutcome } from '../tasks/defineTask';
import { rowRandom } from '../tasks/random';

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
  /** The input row with the task's outputs, `model_name` and the metadata added. */
  row: JsonObject;
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
}

export interface RowRunSettings {
  task: ConfiguredTask;
  client: LlmClient;
  /** Names the metadata keys (`raw_output_<stepName>`), as a distilabel step name does. */
  stepName: string;
  includeMetadata: boolean;
  signal?: AbortSignal;
  /** Called after each request completes, for progress reporting. */
  onRequest?: (call: { inputTokens: number; outputTokens: number }) => void;
}

/** `EvolInstruct` -> `evol_instruct_0`: distilabel's default step name for a task. */
export function defaultStepName(taskName: string): string {
  return `${taskName.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z])([A-Z][a-z])/g, '$1_$2').toLowerCase()}_0`;
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

/**
 * Runs one row through a task. Never throws for the row's own problems (bad input, endpoint
 * failure, unusable output): the row comes back with null outputs and the reason. Only
 * cancellation propagates, so the caller can tell an unfinished row from a failed one.
 */
export async function runRow(input: RowInput, settings: RowRunSettings): Promise<RowResult> {
  const { task, client } = settings;
  const calls: RecordedCall[] = [];
  const nullOutputs = nullValues(task.outputs);

  const context: TaskContext = {
    random: rowRandom(task.seed, input.index),
    async generate(messages, label) {
      const result = await client.complete({ messages }, settings.signal ? { signal: settings.signal } : {});
      const output = result.outputs[0] ?? null;
      calls.push({
        label,
        messages,
        output,
        model: result.model,
        input_tokens: result.usage.inputTokens,
        output_tokens: result.usage.outputTokens,
        latency_ms: Math.round(result.latencyMs),
      });
      settings.onRequest?.(result.usage);
      return output;
    },
  };

  let outcome: TaskOutcome;
  let status: RowStatus;
  const problems = inputProblems(task, input.value);
  if (problems.length > 0) {
    outcome = { values: nullOutputs, parseError: `${problems.join('; ')}. Map or fix the column, then run again.` };
    status = 'input_error';
  } else {
    try {
      outcome = await task.process(input.value, context);
      status = outcome.parseError ? 'parse_error' : 'ok';
    } catch (error) {
      // A cancel propagates whatever reason it was given, so it never becomes a failed row.
      if (isAbort(error) || settings.signal?.aborted) throw error;
      outcome = { values: nullOutputs, parseError: error instanceof Error ? error.message : String(error) };
      status = 'llm_error';
    }
  }

  const lastCall = calls.at(-1);
  const row: JsonObject = { ...input.value, ...nullOutputs, ...outcome.values, model_name: lastCall?.model ?? client.model };
  if (settings.includeMetadata) row.distilabel_metadata = metadataFor(input.value, settings.stepName, calls, outcome.parseError);
  return {
    index: input.index,
    ...(input.line !== undefined ? { line: input.line } : {}),
    row,
    status,
    ...(outcome.parseError ? { error: outcome.parseError } : {}),
    requests: calls.length,
    inputTokens: sum(calls, 'input_tokens'),
    outputTokens: sum(calls, 'output_tokens'),
  };
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
