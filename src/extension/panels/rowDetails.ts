/**
 * Reads what the distilabel metadata of a row recorded (`raw_input_<step>`, `raw_output_<step>`,
 * `statistics_<step>`, `calls_<step>`, `error_<step>`) into the panel's details, totals and
 * failure reason. Files come from anywhere (distilabel itself, older versions, hand edits), so
 * every piece is read through a tolerant schema and a malformed one is left out, never thrown.
 * Pure, unit-tested.
 */
import * as z from 'zod';
import type { JsonObject } from '../../core/jsonl';
import { METADATA_COLUMN } from '../../core/results/columnRoles';
import { defaultStepName } from '../../core/run/rowRunner';
import { TASKS } from '../../core/tasks/registry';
import type { CallDetails, RowDetails, RowStats, StepDetails } from '../../protocol/resultsPanel';

const METADATA_KEY = /^(raw_input|raw_output|statistics|calls|error)_(.+)$/;

/** distilabel writes token counts as a number, or a list of them (one per generation). */
const tokenCount = z.union([z.number(), z.array(z.number()).transform((counts) => counts.reduce((total, count) => total + count, 0))]);

const messagesSchema = z.union([
  z.array(z.object({ role: z.string(), content: z.string() }).transform(({ role, content }) => ({ role, content }))),
  z.string().transform((content) => [{ role: 'user', content }]),
]);

const statsSchema = z.object({
  input_tokens: tokenCount.catch(0),
  output_tokens: tokenCount.catch(0),
  requests: z.number().catch(1),
  latency_ms: z.number().catch(0),
});

const callSchema = z.object({
  label: z.string().catch('request'),
  model: z.string().nullable().catch(null),
  messages: messagesSchema.catch([]),
  output: z.string().nullable().catch(null),
  input_tokens: z.number().nullable().catch(null),
  output_tokens: z.number().nullable().catch(null),
  latency_ms: z.number().nullable().catch(null),
});

/** `evol_instruct_0` -> EvolInstruct: each task's default step name, without the counter. */
const TASK_OF_STEP = new Map([...TASKS.keys()].map((name) => [defaultStepName(name).replace(/_\d+$/, ''), name]));

export function taskOfStep(step: string): string | null {
  return TASK_OF_STEP.get(step.replace(/_\d+$/, '')) ?? null;
}

function metadataOf(row: JsonObject): JsonObject | null {
  const metadata = row[METADATA_COLUMN];
  return typeof metadata === 'object' && metadata !== null && !Array.isArray(metadata) ? (metadata as JsonObject) : null;
}

/** Step names in the order the metadata first mentions them. */
function stepsOf(metadata: JsonObject): string[] {
  const steps = new Set<string>();
  for (const key of Object.keys(metadata)) {
    const match = METADATA_KEY.exec(key);
    if (match) steps.add(match[2] as string);
  }
  return [...steps];
}

function statsOf(raw: unknown): RowStats | null {
  const parsed = statsSchema.safeParse(raw);
  if (!parsed.success) return null;
  const { input_tokens, output_tokens, requests, latency_ms } = parsed.data;
  return { inputTokens: input_tokens, outputTokens: output_tokens, requests, latencyMs: latency_ms };
}

function callsOf(metadata: JsonObject, step: string, stats: RowStats | null): CallDetails[] {
  const listed = metadata[`calls_${step}`];
  if (Array.isArray(listed)) {
    return listed.flatMap((raw) => {
      const parsed = callSchema.safeParse(raw);
      if (!parsed.success) return [];
      const call = parsed.data;
      return [{ label: call.label, model: call.model, messages: call.messages, output: call.output, inputTokens: call.input_tokens, outputTokens: call.output_tokens, latencyMs: call.latency_ms }];
    });
  }
  // One request: distilabel's own keys describe it.
  const input = messagesSchema.safeParse(metadata[`raw_input_${step}`]);
  const output = metadata[`raw_output_${step}`];
  if (!input.success && output === undefined) return [];
  return [
    {
      label: 'request',
      model: null,
      messages: input.success ? input.data : [],
      output: typeof output === 'string' ? output : output === null || output === undefined ? null : JSON.stringify(output),
      inputTokens: stats?.inputTokens ?? null,
      outputTokens: stats?.outputTokens ?? null,
      latencyMs: stats?.latencyMs ?? null,
    },
  ];
}

/** Every step recorded in the row's metadata; null when it has none. */
export function rowDetailsOf(row: JsonObject): RowDetails | null {
  const metadata = metadataOf(row);
  if (!metadata) return null;
  const steps = stepsOf(metadata).map((step): StepDetails => {
    const stats = statsOf(metadata[`statistics_${step}`]);
    const error = metadata[`error_${step}`];
    return { step, task: taskOfStep(step), error: typeof error === 'string' ? error : null, stats, calls: callsOf(metadata, step, stats) };
  });
  return steps.length > 0 ? { steps } : null;
}

/** Tokens, requests and latency over every step of the row; null without statistics. */
export function rowStatsOf(row: JsonObject): RowStats | null {
  const metadata = metadataOf(row);
  if (!metadata) return null;
  const all = stepsOf(metadata).flatMap((step) => {
    const stats = statsOf(metadata[`statistics_${step}`]);
    return stats ? [stats] : [];
  });
  if (all.length === 0) return null;
  return all.reduce((total, stats) => ({
    inputTokens: total.inputTokens + stats.inputTokens,
    outputTokens: total.outputTokens + stats.outputTokens,
    requests: total.requests + stats.requests,
    latencyMs: total.latencyMs + stats.latencyMs,
  }));
}

/** The failure reasons the metadata records (`error_<step>`), joined; null when there are none. */
export function recordedFailure(row: JsonObject): string | null {
  const metadata = metadataOf(row);
  if (!metadata) return null;
  const errors = stepsOf(metadata).flatMap((step) => {
    const error = metadata[`error_${step}`];
    return typeof error === 'string' && error !== '' ? [error] : [];
  });
  return errors.length > 0 ? errors.join('; ') : null;
}
