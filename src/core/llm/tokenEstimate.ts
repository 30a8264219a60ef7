import type { ChatMessage } from './types';

/** Characters per token where no tokenizer is known: the usual rule of thumb for English. */
export const CHARACTERS_PER_TOKEN = 4;

/** Completion length assumed when the request sets no max_tokens. */
export const DEFAULT_COMPLETION_ESTIMATE = 256;

/**
 * Tokens a request is expected to cost, charged to the tokens-per-minute budget before it is
 * sent: about four characters per prompt token, plus the completion budget for each of the `n`
 * completions. The real usage replaces this once the response arrives.
 */
export function estimateRequestTokens(messages: readonly ChatMessage[], maxTokens: number | undefined, n = 1): number {
  const characters = messages.reduce((total, message) => total + message.content.length, 0);
  return Math.ceil(characters / CHARACTERS_PER_TOKEN) + (maxTokens ?? DEFAULT_COMPLETION_ESTIMATE) * n;
}
