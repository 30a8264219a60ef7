import type { ChatMessage } from './types';

/** Completion length assumed when the request sets no max_tokens. */
export const DEFAULT_COMPLETION_ESTIMATE = 256;

/**
 * Tokens a request is expected to cost, charged to the tokens-per-minute budget before it is
 * sent: about four characters per prompt token, plus the completion budget for each of the `n`
 * completions. The real usage replaces this once the response arrives.
 */
export function estimateRequestTokens(messages: readonly ChatMessage[], maxTokens: number | undefined, n = 1): number {
  const characters = messages.reduce((total, message) => total + message.content.length, 0);
  return Math.ceil(characters / 4) + (maxTokens ?? DEFAULT_COMPLETION_ESTIMATE) * n;
}
