import * as z from 'zod';
import type { ChatMessage } from '../llm/types';
import type { JsonObject } from '../jsonl/types';
import { col } from './columns';
import { defineTask, type TaskOutcome } from './defineTask';

/** The query-writing criteria of Self-Instruct (arXiv 2212.10560), restated for this project. */
export const DEFAULT_QUERY_CRITERIA = [
  '1. Vary the verbs: do not start two queries the same way.',
  '2. Each query must be something a text-generation model can answer, in one or two sentences.',
  '3. Each query must stand on its own, with no reference to the others or to this request.',
  '4. Mix questions with commands.',
].join('\n');

const selfInstructParams = z.strictObject({
  num_instructions: z.int().min(1).default(5).describe('How many queries to write for each input.'),
  criteria_for_query_generation: z
    .string()
    .default(DEFAULT_QUERY_CRITERIA)
    .describe('The rules the generated queries must follow.'),
  application_description: z
    .string()
    .default('AI assistant')
    .describe('What the application answering the queries is, so the queries suit it.'),
  system_prompt: z
    .string()
    .optional()
    .describe('A system message sent first; a non-empty `system_prompt` column in a row takes precedence.'),
});

type SelfInstructParams = z.output<typeof selfInstructParams>;

export function selfInstructPrompt(row: JsonObject, params: SelfInstructParams): ChatMessage[] {
  const content = [
    `You write queries that people might put to an application described as: ${params.application_description}.`,
    `Starting from the input below, write exactly ${params.num_instructions} user queries about it.`,
    'Follow these rules:',
    params.criteria_for_query_generation,
    '',
    'Put each query on its own line, with no numbering and no other text.',
    '',
    '# Input',
    String(row.input),
  ].join('\n');
  const rowSystemPrompt = typeof row.system_prompt === 'string' && row.system_prompt.trim() !== '' ? row.system_prompt : undefined;
  const systemPrompt = rowSystemPrompt ?? params.system_prompt;
  const messages: ChatMessage[] = systemPrompt ? [{ role: 'system', content: systemPrompt }] : [];
  messages.push({ role: 'user', content });
  return messages;
}

// Leading "1.", "2)", "-", "*" or "•" that models add although the prompt asks for none.
const LIST_MARKER = /^\s*(?:\d+[.)]|[-*•])\s+/;

export function parseInstructionLines(raw: string | null, params: SelfInstructParams): TaskOutcome {
  if (raw === null) return { values: { instructions: null }, parseError: 'the endpoint returned no content' };
  const instructions = raw
    .split('\n')
    .map((line) => line.replace(LIST_MARKER, '').trim())
    .filter((line) => line !== '');
  if (instructions.length === 0) return { values: { instructions: null }, parseError: 'the output holds no instruction lines' };
  if (instructions.length !== params.num_instructions) {
    return {
      values: { instructions },
      parseError: `expected ${params.num_instructions} instructions, got ${instructions.length} (kept as returned)`,
    };
  }
  return { values: { instructions } };
}

export const selfInstruct = defineTask({
  name: 'SelfInstruct',
  description: 'Write `num_instructions` user queries about each input (Self-Instruct).',
  categories: ['text-generation', 'instruction'],
  deviations: [
    'A non-empty `system_prompt` column overrides the `system_prompt` parameter; either is sent as a leading system message (ambiguity 21).',
    'Lines are trimmed and leading list markers ("1.", "-", "*") are removed; empty lines are dropped. The count is not forced: a different count is kept and noted in the metadata (ambiguity 22).',
    'A null or empty output gives `instructions: null` with the reason in the metadata (upstream gives an empty list).',
  ],
  params: selfInstructParams,
  inputs: () => ({ input: col.string, system_prompt: col.nullable(col.string) }),
  outputs: () => ({ instructions: col.nullable(col.list(col.string)) }),
  prompt: selfInstructPrompt,
  parse: (raw, _row, params) => parseInstructionLines(raw, params),
});
