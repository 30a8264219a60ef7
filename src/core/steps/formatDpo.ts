import * as z from 'zod';
import type { JsonObject } from '../jsonl/types';
import type { ChatMessage } from '../llm/types';
import { col, nullValues, type ColumnSpec } from '../tasks/columns';
import { instructionMessages, lastUserMessage, NO_USER_MESSAGE, promptId } from './chatFormat';
import { defineColumnStep } from './defineColumnStep';

const dpoParams = z.strictObject({
  model_names: z
    .boolean()
    .default(false)
    .describe(
      'Read the model of each generation from the `model_names` column (a list aligned with `generations`, as GroupColumns makes from `model_name`) and add `chosen_model` and `rejected_model`.',
    ),
});

type DpoParams = z.output<typeof dpoParams>;

const candidateInputs: ColumnSpec = { generations: col.list(col.nullable(col.string)), ratings: col.list(col.nullable(col.number)) };

function dpoInputs(params: DpoParams): ColumnSpec {
  return params.model_names ? { ...candidateInputs, model_names: col.list(col.nullable(col.string)) } : candidateInputs;
}

/** distilabel's column order; the model columns only when `model_names` is on. */
function dpoOutputs(params: DpoParams): ColumnSpec {
  const model = params.model_names ? col.nullable(col.string) : undefined;
  return {
    prompt: col.string,
    prompt_id: col.string,
    chosen: col.nullable(col.chat),
    ...(model ? { chosen_model: model } : {}),
    chosen_rating: col.nullable(col.number),
    rejected: col.nullable(col.chat),
    ...(model ? { rejected_model: model } : {}),
    rejected_rating: col.nullable(col.number),
  };
}

type ChosenRejected = { chosen: number; rejected: number } | { problem: string };

/**
 * The highest-rated generation is chosen and the lowest-rated rejected; ties go to the first.
 * Generations whose rating or text is null take no part.
 */
export function pickChosenRejected(generations: readonly (string | null)[], ratings: readonly (number | null)[]): ChosenRejected {
  if (generations.length !== ratings.length) {
    return { problem: `\`generations\` has ${generations.length} items but \`ratings\` has ${ratings.length}; they must be aligned` };
  }
  const candidates = ratings.flatMap((rating, index) => (rating !== null && generations[index] !== null ? [{ index, rating }] : []));
  const [first, ...rest] = candidates;
  if (first === undefined) {
    return {
      problem:
        generations.length === 0
          ? 'there are no generations to choose from'
          : `none of the ${generations.length} generations has both a text and a rating, so none can be chosen or rejected`,
    };
  }
  let chosen = first;
  let rejected = first;
  for (const candidate of rest) {
    if (candidate.rating > chosen.rating) chosen = candidate;
    if (candidate.rating < rejected.rating) rejected = candidate;
  }
  return { chosen: chosen.index, rejected: rejected.index };
}

/** The DPO columns for a row whose prompt messages are known; null pair and a reason when none can be picked. */
function dpoValues(row: JsonObject, params: DpoParams, prompt: string, promptMessages: readonly unknown[]): { values: JsonObject; error?: string } {
  const generations = row.generations as (string | null)[];
  const ratings = row.ratings as (number | null)[];
  const models = params.model_names ? (row.model_names as (string | null)[]) : undefined;
  const head = { prompt, prompt_id: promptId(prompt) };
  const pick =
    models !== undefined && models.length !== generations.length
      ? { problem: `\`model_names\` has ${models.length} items but \`generations\` has ${generations.length}; they must be aligned` }
      : pickChosenRejected(generations, ratings);
  if ('problem' in pick) return { values: { ...nullValues(dpoOutputs(params)), ...head }, error: pick.problem };
  const answer = (index: number) => [...promptMessages, { role: 'assistant', content: generations[index] }];
  return {
    values: {
      ...head,
      chosen: answer(pick.chosen),
      ...(models ? { chosen_model: models[pick.chosen] } : {}),
      chosen_rating: ratings[pick.chosen],
      rejected: answer(pick.rejected),
      ...(models ? { rejected_model: models[pick.rejected] } : {}),
      rejected_rating: ratings[pick.rejected],
    },
  };
}

const sharedNotes = [
  'The highest rating is chosen and the lowest rejected; on a tie the first generation wins. Generations with a null rating (or a null text) are left out.',
  'When no generation can be picked the row is kept: `chosen`, `rejected` and their ratings are null and the reason is in `distilabel_metadata`.',
];
const sharedDeviations = [
  'The model of each generation comes from a `model_names` column when the `model_names` parameter is on, so the column contract is known before the run; distilabel reads an optional `generation_models` column when present (GroupColumns can name the column `model_names` with `output_columns`).',
  'Null ratings are ignored and a row with no usable rating is kept with null chosen/rejected and a reason; distilabel compares None with numbers and fails.',
];

export const formatTextGenerationDpo = defineColumnStep({
  kind: 'row',
  name: 'FormatTextGenerationDPO',
  description: 'Format `instruction`, `generations` and their `ratings` for DPO: the best and worst generations as `chosen` and `rejected` chats.',
  categories: ['format', 'text-generation', 'preference', 'instruction', 'generations'],
  notes: [...sharedNotes, '`prompt` is `instruction`; a non-empty `system_prompt` starts both chats.'],
  deviations: sharedDeviations,
  params: dpoParams,
  inputs: (params) => ({ system_prompt: col.nullable(col.string), instruction: col.string, ...dpoInputs(params) }),
  outputs: (params) => dpoOutputs(params),
  process: (row, params) => {
    const instruction = row.instruction as string;
    const { values, error } = dpoValues(row, params, instruction, instructionMessages(instruction, row.system_prompt));
    return { row: { ...row, ...values }, ...(error !== undefined ? { error } : {}) };
  },
});

export const formatChatGenerationDpo = defineColumnStep({
  kind: 'row',
  name: 'FormatChatGenerationDPO',
  description: 'Format a chat in `messages`, `generations` and their `ratings` for DPO: `messages` plus the best and worst generations.',
  categories: ['format', 'chat-generation', 'preference', 'messages', 'generations'],
  notes: [...sharedNotes, '`prompt` is the last user message of `messages`.'],
  deviations: [...sharedDeviations, '`prompt` is the last user message, the one the generations answer; distilabel takes the first.'],
  params: dpoParams,
  inputs: (params) => ({ messages: col.chat, ...dpoInputs(params) }),
  outputs: (params) => dpoOutputs(params),
  process: (row, params) => {
    const messages = row.messages as ChatMessage[];
    const prompt = lastUserMessage(messages);
    if (prompt === undefined) return { row: { ...row, ...nullValues(dpoOutputs(params)) }, error: NO_USER_MESSAGE };
    const { values, error } = dpoValues(row, params, prompt, messages);
    return { row: { ...row, ...values }, ...(error !== undefined ? { error } : {}) };
  },
});
