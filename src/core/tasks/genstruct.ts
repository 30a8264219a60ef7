import * as z from 'zod';
import type { ChatMessage } from '../llm/types';
import type { JsonObject } from '../jsonl/types';
import { col } from './columns';
import { defineTask, type TaskOutcome } from './defineTask';

/**
 * A Genstruct prompt (NousResearch Genstruct-7B): the document under `[[[Title]]]` and
 * `[[[Content]]]` markers, as that model was trained on, followed by a request that any chat
 * model can follow, written for this project. The answer is split on `[[[User]]]` and
 * `[[[Assistant]]]`.
 */
export function genstructPrompt(title: string, content: string): ChatMessage[] {
  const text = [
    `[[[Title]]] ${title}`,
    `[[[Content]]] ${content}`,
    '',
    'Write one exchange between a user and an AI assistant that is grounded in the text above. The user asks',
    'a question or makes a request that needs the text to answer, and that takes some reasoning rather than',
    'copying a sentence; the user does not quote the text. The assistant answers fully and correctly, using',
    'the text and explaining its reasoning.',
    'Answer in exactly this form, with nothing before or after:',
    '[[[User]]] <the user\'s message>',
    '[[[Assistant]]] <the assistant\'s answer>',
  ].join('\n');
  return [{ role: 'user', content: text }];
}

const USER_MARKER = /\[\[\[\s*user\s*\]\]\]/i;
const ASSISTANT_MARKER = /\[\[\[\s*assistant\s*\]\]\]/i;

/**
 * `user` and `assistant` from the output. The user text follows the first `[[[User]]]`
 * before the assistant marker (or starts the output, since Genstruct-7B continues after the
 * marker it was given); the assistant text runs to the next `[[[User]]]`, so a second turn
 * the model adds is not glued to the first answer.
 */
export function parseGenstruct(raw: string | null): TaskOutcome {
  const nulls = { user: null, assistant: null };
  if (raw === null) return { values: nulls, parseError: 'the endpoint returned no content' };
  const assistantAt = ASSISTANT_MARKER.exec(raw);
  if (!assistantAt) return { values: nulls, parseError: 'no [[[Assistant]]] marker in the output' };
  const head = raw.slice(0, assistantAt.index);
  const userAt = USER_MARKER.exec(head);
  const user = (userAt ? head.slice(userAt.index + userAt[0].length) : head).trim();
  const tail = raw.slice(assistantAt.index + assistantAt[0].length);
  const nextTurn = USER_MARKER.exec(tail);
  const assistant = (nextTurn ? tail.slice(0, nextTurn.index) : tail).trim();
  const problems: string[] = [];
  if (user === '') problems.push('the user message is empty');
  if (assistant === '') problems.push('the assistant message is empty');
  const values = { user: user === '' ? null : user, assistant: assistant === '' ? null : assistant };
  return problems.length > 0 ? { values, parseError: problems.join('; ') } : { values };
}

export const genstruct = defineTask({
  name: 'Genstruct',
  description: 'Write a user question and the assistant\'s answer grounded in a document (`title`, `content`), Genstruct-style.',
  categories: ['text-generation', 'instruction'],
  deviations: [
    'The prompt keeps Genstruct-7B\'s `[[[Title]]]`/`[[[Content]]]` document format but spells out the request, so chat models can follow it too; answers are split on `[[[User]]]` / `[[[Assistant]]]` (any case, spaces inside the brackets allowed).',
    'Text before `[[[Assistant]]]` is the user message even without a `[[[User]]]` marker (Genstruct-7B continues after the marker); a second `[[[User]]]` turn after the answer is left out of `assistant`.',
    'No `[[[Assistant]]]` marker, or an empty side, gives null with the reason in the metadata.',
  ],
  params: z.strictObject({}),
  inputs: () => ({ title: col.string, content: col.string }),
  outputs: () => ({ user: col.nullable(col.string), assistant: col.nullable(col.string) }),
  prompt: (row: JsonObject) => genstructPrompt(row.title as string, row.content as string),
  parse: (raw) => parseGenstruct(raw),
});
