import * as z from 'zod';
import { withColumns } from '../jsonl/withColumns';
import type { ChatMessage } from '../llm/types';
import { col } from '../tasks/columns';
import { instructionMessages, lastUserMessage, NO_USER_MESSAGE, promptId } from './chatFormat';
import { defineColumnStep } from './defineColumnStep';

const sftOutputs = { prompt: col.string, prompt_id: col.string, messages: col.chat };

export const formatTextGenerationSft = defineColumnStep({
  kind: 'row',
  name: 'FormatTextGenerationSFT',
  description: 'Format `instruction` and `generation` for supervised fine-tuning: `prompt`, `prompt_id` and a chat in `messages`.',
  categories: ['format', 'text-generation', 'instruction', 'generation'],
  notes: ['`prompt_id` is the SHA-256 of `prompt` in hex. A non-empty `system_prompt` becomes the first message.'],
  params: z.strictObject({}),
  inputs: () => ({ system_prompt: col.nullable(col.string), instruction: col.string, generation: col.string }),
  outputs: () => sftOutputs,
  process: (row) => {
    const instruction = row.instruction as string;
    return {
      row: withColumns(row, {
        prompt: instruction,
        prompt_id: promptId(instruction),
        messages: [...instructionMessages(instruction, row.system_prompt), { role: 'assistant', content: row.generation }],
      }),
    };
  },
});

export const formatChatGenerationSft = defineColumnStep({
  kind: 'row',
  name: 'FormatChatGenerationSFT',
  description: 'Format a chat in `messages` and its `generation` for supervised fine-tuning: the generation is appended to `messages`.',
  categories: ['format', 'chat-generation', 'messages', 'generation'],
  notes: ['`prompt` is the last user message of `messages`; `prompt_id` is its SHA-256 in hex.'],
  deviations: [
    '`prompt` is the last user message, the one the generation answers; distilabel takes the first.',
    'A chat without a user message keeps its row with null `prompt` and `prompt_id` and the reason in `distilabel_metadata` (distilabel fails hashing None).',
  ],
  params: z.strictObject({}),
  inputs: () => ({ messages: col.chat, generation: col.string }),
  outputs: () => sftOutputs,
  process: (row) => {
    const messages = row.messages as ChatMessage[];
    const prompt = lastUserMessage(messages);
    if (prompt === undefined) return { row: withColumns(row, { prompt: null, prompt_id: null }), error: NO_USER_MESSAGE };
    return {
      row: withColumns(row, { prompt, prompt_id: promptId(prompt), messages: [...messages, { role: 'assistant', content: row.generation }] }),
    };
  },
});
