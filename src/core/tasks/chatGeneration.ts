import * as z from 'zod';
import type { ChatMessage } from '../llm/types';
import type { JsonObject } from '../jsonl/types';
import { col } from './columns';
import { defineTask, type TaskContext, type TaskOutcome } from './defineTask';
import { generationOutcome } from './textGeneration';

const CHAT_FORMAT_GUIDE = 'https://cookbook.openai.com/examples/how_to_format_inputs_to_chatgpt_models';
const SENDABLE_ROLES = new Set(['system', 'user', 'assistant']);

/**
 * Why `messages` cannot be sent as a conversation to continue, or undefined when it can.
 * The runtime has already checked that it is a list of `{role, content}` messages.
 */
export function chatInputProblem(messages: readonly { role: string; content: string }[]): string | undefined {
  const fix = `Each row needs a list of {"role", "content"} messages ending with the user's turn (see ${CHAT_FORMAT_GUIDE}).`;
  if (messages.length === 0) return `column "messages" is an empty conversation. ${fix}`;
  const unsupported = messages.findIndex((message) => !SENDABLE_ROLES.has(message.role));
  if (unsupported >= 0) {
    const role = (messages[unsupported] as { role: string }).role;
    return `column "messages"[${unsupported}] has role "${role}"; ChatGeneration sends only system, user and assistant messages. ${fix}`;
  }
  const last = messages.at(-1) as { role: string };
  if (last.role !== 'user') return `column "messages": the last message must come from the user, but it comes from the ${last.role}. ${fix}`;
  return undefined;
}

/**
 * Checks the conversation before sending it: a bad row gets null outputs and the reason
 * without a request, and the run goes on (distilabel raises and stops the batch instead).
 */
async function processChatGeneration(row: JsonObject, _params: object, context: TaskContext): Promise<TaskOutcome> {
  const messages = row.messages as ChatMessage[];
  const problem = chatInputProblem(messages);
  if (problem) return { values: { generation: null }, parseError: problem };
  return generationOutcome(await context.generate(messages.map(({ role, content }) => ({ role, content })), 'generation'));
}

export const chatGeneration = defineTask({
  name: 'ChatGeneration',
  description: 'Continue each row\'s conversation (`messages`, ending with a user turn) with one assistant reply.',
  categories: ['chat-generation', 'text-generation'],
  deviations: [
    'A conversation that is empty, uses a role other than system/user/assistant, or does not end with a user message is not sent: that row gets `generation: null` and the reason, and the run goes on (distilabel raises an error for the whole batch).',
    'A null or blank output gives `generation: null` with the reason in the metadata; any other output is kept exactly as returned (ambiguity 34).',
  ],
  params: z.strictObject({}),
  inputs: () => ({ messages: col.chat }),
  outputs: () => ({ generation: col.nullable(col.string) }),
  process: processChatGeneration,
});
