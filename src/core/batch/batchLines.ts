import * as z from 'zod';
import { isRequestKey } from '../cache';
import { readChatCompletion } from '../llm/chatCompletion';
import type { CachedAnswer } from '../llm/responseCache';

/** The one URL of every line Distillery writes: a batch file holds requests to one endpoint path. */
export const CHAT_COMPLETIONS_URL = '/v1/chat/completions';

/**
 * One line of an OpenAI batch input file, which vLLM's `run_batch` also reads. The custom_id is
 * the request's cache key, so an answer goes back into the cache with no table on the side.
 */
export function batchInputLine(key: string, body: Readonly<Record<string, unknown>>): string {
  return JSON.stringify({ custom_id: key, method: 'POST', url: CHAT_COMPLETIONS_URL, body });
}

// OpenAI's batch output line; vLLM writes the same. Fields Distillery does not read are let through.
const batchOutputLineSchema = z.object({
  custom_id: z.string(),
  response: z
    .object({
      status_code: z.number(),
      body: z.unknown(),
    })
    .nullish(),
  error: z.object({ code: z.string().nullish(), message: z.string().nullish() }).nullish(),
});

/** What one output line says about its request. */
export type BatchLineOutcome =
  | { key: string; answer: CachedAnswer }
  /** The request failed in the batch; `reason` reads like an online failure ("HTTP 500 (...)"). */
  | { key: string; failure: string; status?: number }
  /** The line itself is unusable: not JSON, not a batch output line, or a custom_id that is no request key. */
  | { problem: string };

/**
 * Reads one line of a batch output (or error) file. `fallbackModel` names the model of an answer
 * whose body names none; without it, such an answer is a problem (an imported file must say).
 * `scrub` shortens server text and removes anything secret from it.
 */
export function readBatchOutputLine(text: string, scrub: (text: string) => string, fallbackModel?: string): BatchLineOutcome {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { problem: 'not JSON' };
  }
  const parsed = batchOutputLineSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { problem: `not a batch output line (${issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : ''}${issue?.message ?? 'unexpected shape'})` };
  }
  const { custom_id: key, response, error } = parsed.data;
  if (!isRequestKey(key)) {
    return { problem: `custom_id ${JSON.stringify(key.slice(0, 80))} is not a Distillery request key (64 hex digits): the file's requests did not come from \`distillery batch export\` or a --batch run` };
  }
  if (error) return { key, failure: scrub(`${error.code ?? 'error'}${error.message ? ` (${error.message})` : ''}`) };
  if (!response) return { key, failure: 'no response and no error' };
  if (response.status_code < 200 || response.status_code > 299) {
    const message = serverMessage(response.body);
    return { key, failure: scrub(`HTTP ${response.status_code}${message ? ` (${message})` : ''}`), status: response.status_code };
  }
  const read = readChatCompletion(response.body);
  if ('problem' in read) return { key, failure: `malformed response (${scrub(read.problem)})` };
  const model = read.completion.model ?? fallbackModel;
  if (model === undefined) return { problem: 'the response body names no model' };
  // A batch answer has no latency of its own; 0 keeps it out of the run's latency figures.
  return { key, answer: { outputs: read.completion.outputs, model, usage: read.completion.usage, latencyMs: 0 } };
}

/** `error.message` of an OpenAI-style error body, if it has one. */
function serverMessage(body: unknown): string | undefined {
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : undefined;
  const message = typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : undefined;
}
