import { hash } from 'node:crypto';
import type { ChatMessage } from '../llm/types';

/**
 * distilabel's `prompt_id`: the SHA-256 of the prompt's UTF-8 bytes, in hex. The one-shot
 * `hash` gives the same digest as a Hash object at a fifth of the cost, which counts at a
 * million rows.
 */
export function promptId(prompt: string): string {
  return hash('sha256', prompt, 'hex');
}

/** The content of the last user message: the one an appended generation answers. */
export function lastUserMessage(messages: readonly ChatMessage[]): string | undefined {
  return messages.findLast((message) => message.role === 'user')?.content;
}

/** A system message (when `systemPrompt` is a non-empty string) and the instruction as the user's. */
export function instructionMessages(instruction: string, systemPrompt: unknown): ChatMessage[] {
  const messages: ChatMessage[] = typeof systemPrompt === 'string' && systemPrompt !== '' ? [{ role: 'system', content: systemPrompt }] : [];
  messages.push({ role: 'user', content: instruction });
  return messages;
}

export const NO_USER_MESSAGE = '`messages` has no user message, so there is no prompt';
