import * as z from 'zod';
import type { JsonObject } from '../jsonl/types';
import { col, describeJsonValue, explainTypeMismatch } from './columns';
import { defineTask, type TaskContext, type TaskOutcome } from './defineTask';

/**
 * The text to embed for a row: a string as it is, or a chat as one text with every message on
 * its own paragraph prefixed by its role. The whole conversation is embedded, as distilabel's
 * vector (the last token's hidden state after the full chat) depends on every message.
 */
export function embeddingText(value: unknown): { text: string } | { problem: string } {
  if (typeof value === 'string') return { text: value };
  if (Array.isArray(value) && value.length > 0 && explainTypeMismatch(value, col.chat, 'text') === null) {
    return { text: (value as { role: string; content: string }[]).map((message) => `${message.role}: ${message.content}`).join('\n\n') };
  }
  if (value === undefined) return { problem: 'column "text" is missing' };
  return {
    problem: `column "text" should be a string or a chat (a non-empty list of {"role", "content"} messages), got ${describeJsonValue(value)}`,
  };
}

async function processGenerateEmbeddings(row: JsonObject, _params: object, context: TaskContext): Promise<TaskOutcome> {
  const input = embeddingText(row.text);
  if ('problem' in input) return { values: { embedding: null }, parseError: `${input.problem}. Map or fix the column, then run again.` };
  // Endpoints refuse an empty input; there is nothing to embed anyway.
  if (input.text.trim() === '') return { values: { embedding: null }, parseError: 'the text is empty: nothing to embed' };
  const [vector] = await context.embed([input.text], 'embedding');
  if (!Array.isArray(vector) || vector.length === 0 || !vector.every((item) => typeof item === 'number' && Number.isFinite(item))) {
    return { values: { embedding: null }, parseError: 'the endpoint returned no usable vector (empty, or not all finite numbers)' };
  }
  return { values: { embedding: vector } };
}

export const generateEmbeddings = defineTask({
  name: 'GenerateEmbeddings',
  description: "Embed each row's `text` (a string or a chat) with the endpoint's /v1/embeddings.",
  categories: ['embedding'],
  deviations: [
    "distilabel takes the last hidden state of an LLM's final token; hidden states are not reachable over an OpenAI-compatible API, so the vector comes from the endpoint's /v1/embeddings (configure an embedding model, e.g. text-embedding-3-small, nomic-embed-text, bge-m3). The vectors differ from distilabel's and so do their dimensions.",
    'A chat `text` is embedded as one text, each message as "role: content" on its own paragraph, so the whole conversation counts (distilabel sends the chat to the model\'s chat template).',
    '`text` is declared as any JSON (`json`) because it may be a string or a chat; a value that is neither, an empty chat or an empty string gives `embedding: null` with the reason, without a request.',
    'One request per row (upstream embeds a batch at once); the client limits concurrency as for chat requests.',
    '`num_generations` has no meaning here: more than 1 repeats the request and gives identical rows. Leave it at 1.',
  ],
  params: z.strictObject({}),
  inputs: () => ({ text: col.json }),
  outputs: () => ({ embedding: col.nullable(col.list(col.number)) }),
  process: processGenerateEmbeddings,
});
