import { findKnownModel } from './knownModels';
import { countChatTokens, countTextTokens, tokenCeiling } from './tokenCount';
import type { ChatMessage } from './types';

/**
 * With no window known for a model, prompts past this are refused all the same: no model
 * served today reads more, and such a prompt is almost always a file read into a column by mistake.
 */
export const UNKNOWN_MODEL_CONTEXT_TOKENS = 1_000_000;

export interface ContextWindow {
  tokens: number;
  /** Where the figure comes from, for the message. */
  source: 'the endpoint settings' | 'the known-models table' | 'no known window';
}

export function contextWindowFor(model: string, configured: number | undefined): ContextWindow {
  if (configured !== undefined) return { tokens: configured, source: 'the endpoint settings' };
  const known = findKnownModel(model);
  return known ? { tokens: known.contextTokens, source: 'the known-models table' } : { tokens: UNKNOWN_MODEL_CONTEXT_TOKENS, source: 'no known window' };
}

/**
 * Why a request must not be sent because its prompt (plus the completion budget) cannot fit
 * the model's context window; undefined when it fits. Endpoints answer such a request with an
 * error after reading it all, or worse, cut the prompt silently.
 */
export function contextProblem(
  model: string,
  window: ContextWindow,
  input: { messages: readonly ChatMessage[] } | { texts: readonly string[] },
  maxTokens: number | undefined,
): string | undefined {
  const texts = 'messages' in input ? input.messages.map((message) => message.content) : input.texts;
  const reserved = maxTokens !== undefined && maxTokens < window.tokens ? maxTokens : 0;
  const limit = window.tokens - reserved;
  if (tokenCeiling(texts) <= limit) return undefined;
  const count = 'messages' in input ? countChatTokens(model, input.messages) : countTextTokens(model, input.texts);
  if (count.tokens <= limit) return undefined;
  const size = count.exact ? `${count.tokens.toLocaleString('en-US')} tokens` : `about ${count.tokens.toLocaleString('en-US')} tokens (estimated at 4 characters a token)`;
  const room = reserved > 0 ? `the ${limit.toLocaleString('en-US')} tokens left of the ${window.tokens.toLocaleString('en-US')}-token context window once max_tokens (${reserved.toLocaleString('en-US')}) is kept for the answer` : `the ${window.tokens.toLocaleString('en-US')}-token context window`;
  const where = window.source === 'no known window' ? `no window is known for "${model}", so the ${window.tokens.toLocaleString('en-US')}-token ceiling applies` : `the window of "${model}" is from ${window.source}`;
  return `The prompt is ${size}, more than ${room} (${where}), so it was not sent. Shorten the row's input, or set the endpoint's context window (contextTokens) if the model takes more.`;
}
