import type { ResolvedLlmClientConfig } from '../llm/config';
import { findKnownModel } from '../llm/knownModels';
import { chatCacheKey, embeddingCacheKey } from '../llm/openAiClient';
import type { ResponseStore } from '../llm/responseCache';
import { countChatTokens, countTextTokens } from '../llm/tokenCount';
import { DEFAULT_COMPLETION_ESTIMATE } from '../llm/tokenEstimate';
import { firstSampleIndex, type RowInput } from '../run/rowRunner';
import type { ConfiguredTask } from '../tasks/defineTask';
import { captureRowPrompts, type CapturedCall } from './promptCapture';

/** What each request is answered with, so that tasks building on answers go on and their later requests are counted. */
const STAND_IN_ANSWER = 'A stand-in answer: the dry run sends nothing.';

/** What a run would send, found without sending anything. */
export interface RunEstimate {
  rows: number;
  /** Requests sent before any answer comes back, over every generation: their prompts are exact. */
  firstRequests: number;
  /** Requests the tasks went on to send once answered (with empty answers): at least this many more, prompts unknown. */
  laterRequests: number;
  /** Of the first requests, those the request cache already answers: they cost nothing. */
  cached: number;
  /** Prompt tokens of the first requests not in the cache. */
  promptTokens: number;
  /** False when the counts are estimates (a model without a known tokenizer). */
  exact: boolean;
  /** The most the completions of those requests may cost: max_tokens each (or the usual estimate). */
  maxOutputTokens: number;
  /** Rows that would fail before any request (a missing or mistyped input). */
  rowsWithInputProblems: number;
}

export interface EstimateOptions {
  model: string;
  /** The completion budget of each request; DEFAULT_COMPLETION_ESTIMATE when unset. */
  maxTokens: number | undefined;
  /** Whether the cache answers this first request of a row (by its sample index). */
  isCached(call: CapturedCall, sampleIndex: number): boolean;
}

/**
 * Builds every row's first prompts (each generation's, with its random choices), counts their
 * tokens, and looks them up in the cache. The figures are a floor for tasks that send more
 * requests after an answer (EvolInstruct's later evolutions): `laterRequests` says so.
 */
export async function estimateRun(task: ConfiguredTask, rows: Iterable<RowInput> | AsyncIterable<RowInput>, options: EstimateOptions): Promise<RunEstimate> {
  const exact = findKnownModel(options.model) !== undefined;
  const estimate: RunEstimate = { rows: 0, firstRequests: 0, laterRequests: 0, cached: 0, promptTokens: 0, exact, maxOutputTokens: 0, rowsWithInputProblems: 0 };
  for await (const row of rows) {
    estimate.rows += 1;
    for (let generation = 0; generation < task.generations; generation++) {
      const prompts = await captureRowPrompts(task, row, generation, STAND_IN_ANSWER);
      if (prompts.inputProblems.length > 0) {
        estimate.rowsWithInputProblems += 1;
        break;
      }
      estimate.laterRequests += prompts.dependentCalls;
      for (const call of prompts.calls) {
        estimate.firstRequests += 1;
        if (options.isCached(call, firstSampleIndex(task, row, generation))) {
          estimate.cached += 1;
          continue;
        }
        const count = call.kind === 'chat' ? countChatTokens(options.model, call.messages) : countTextTokens(options.model, call.texts);
        estimate.promptTokens += count.tokens;
        if (call.kind === 'chat') estimate.maxOutputTokens += options.maxTokens ?? DEFAULT_COMPLETION_ESTIMATE;
      }
    }
  }
  return estimate;
}

/** The estimate of running `rows` through `task` on the endpoint `config`, looking each first request up in `store`. */
export function estimateRunWithCache(config: ResolvedLlmClientConfig, task: ConfiguredTask, rows: Iterable<RowInput> | AsyncIterable<RowInput>, store: ResponseStore | undefined): Promise<RunEstimate> {
  return estimateRun(task, rows, {
    model: config.model,
    maxTokens: config.generation?.max_tokens,
    isCached: (call, sampleIndex) =>
      store?.get(
        call.kind === 'chat'
          ? chatCacheKey(config, { messages: call.messages, ...(call.structuredOutput ? { responseFormat: call.structuredOutput } : {}) }, true, sampleIndex)
          : embeddingCacheKey(config, { input: call.texts }, sampleIndex),
      ) !== undefined,
  });
}
