import * as z from 'zod';
import type { JsonObject } from '../jsonl/types';
import { col, nullValues, type ColumnSpec } from './columns';
import { defineTask, type TaskContext, type TaskDefinition, type TaskOutcome } from './defineTask';
import { EVOL_INSTRUCT_TEMPLATES } from './evolInstructTemplates';
import { mutationTemplatesSchema } from './mutationTemplates';
import { fillPlaceholders, textAfterPromptMarker } from './text';

/** EvolInstruct's parameters; the tasks built on it differ only in the default templates. */
function evolInstructParams(defaultTemplates: Readonly<Record<string, string>>) {
  return z.strictObject({
    num_evolutions: z.int().min(1).describe('How many times each instruction is evolved, each evolution building on the last.'),
    store_evolutions: z
      .boolean()
      .default(false)
      .describe('Keep every evolution in `evolved_instructions` instead of only the last one in `evolved_instruction`.'),
    generate_answers: z
      .boolean()
      .default(false)
      .describe('Also answer the evolved instruction(s), in `answer` or `answers`.'),
    include_original_instruction: z
      .boolean()
      .default(false)
      .describe('With `store_evolutions`, put the original instruction first in `evolved_instructions`.'),
    mutation_templates: mutationTemplatesSchema(['<PROMPT>'])
      .default(defaultTemplates)
      .describe('Mutation name to prompt template; `<PROMPT>` is replaced by the instruction being evolved.'),
    seed: z.int().default(42).describe('Seed for choosing the mutation of each evolution (runtime parameter).'),
  });
}

type EvolInstructParams = z.output<ReturnType<typeof evolInstructParams>>;

function evolInstructOutputs(params: EvolInstructParams): ColumnSpec {
  const storing = params.store_evolutions;
  const outputs: Record<string, ReturnType<typeof col.nullable>> = storing
    ? { evolved_instructions: col.nullable(col.list(col.string)) }
    : { evolved_instruction: col.nullable(col.string) };
  if (params.generate_answers) {
    if (storing) outputs.answers = col.nullable(col.list(col.nullable(col.string)));
    else outputs.answer = col.nullable(col.string);
  }
  return outputs;
}

/** Evolves one instruction `num_evolutions` times; null and the reason when a step fails. */
async function evolveInstruction(
  instruction: string,
  params: EvolInstructParams,
  context: TaskContext,
): Promise<{ evolutions: string[] } | { failure: string }> {
  const mutationNames = Object.keys(params.mutation_templates);
  const evolutions: string[] = [];
  let current = instruction;
  for (let step = 1; step <= params.num_evolutions; step++) {
    const mutation = context.random.pick(mutationNames);
    const template = params.mutation_templates[mutation] as string;
    const raw = await context.generate(
      [{ role: 'user', content: fillPlaceholders(template, { '<PROMPT>': current }) }],
      `evolution ${step} (${mutation})`,
    );
    if (raw === null) return { failure: `the endpoint returned no content for evolution ${step} (${mutation})` };
    const evolved = textAfterPromptMarker(raw);
    if (evolved === '') return { failure: `evolution ${step} (${mutation}) came back empty` };
    evolutions.push(evolved);
    current = evolved;
  }
  return { evolutions };
}

/** One answer per instruction, asked concurrently: they do not depend on each other. */
function answerAll(instructions: readonly string[], context: TaskContext): Promise<(string | null)[]> {
  return Promise.all(
    instructions.map((instruction, index) =>
      context.generate([{ role: 'user', content: instruction }], `answer ${index + 1}`),
    ),
  );
}

export async function processEvolInstruct(
  row: JsonObject,
  params: EvolInstructParams,
  context: TaskContext,
): Promise<TaskOutcome> {
  const instruction = row.instruction as string;
  const nullOutputs = nullValues(evolInstructOutputs(params));
  const evolved = await evolveInstruction(instruction, params, context);
  if ('failure' in evolved) return { values: nullOutputs, parseError: evolved.failure };

  const kept = params.store_evolutions
    ? params.include_original_instruction
      ? [instruction, ...evolved.evolutions]
      : evolved.evolutions
    : evolved.evolutions.slice(-1);
  const values: Record<string, unknown> = params.store_evolutions
    ? { evolved_instructions: kept }
    : { evolved_instruction: kept[0] };
  if (!params.generate_answers) return { values };

  const answers = await answerAll(kept, context);
  if (params.store_evolutions) values.answers = answers;
  else values.answer = answers[0];
  const missing = answers.flatMap((answer, index) => (answer === null ? [index + 1] : []));
  return missing.length === 0
    ? { values }
    : { values, parseError: `the endpoint returned no content for answer ${missing.join(', ')}` };
}

export const evolInstructDeviations = [
  'The seed is applied: each row gets its own generator seeded from `seed` and the row\'s position in the run, so the same seed and input give the same mutations however requests interleave (distilabel never seeds EvolInstruct; ambiguity 8).',
  'Rows evolve independently (a row\'s next evolution starts as soon as its previous one returns) instead of the whole batch moving in lock-step; the results are the same, only faster.',
  'Answers: one per kept instruction, grouped per row (fixes the answer grouping that misaligns rows when `store_evolutions` is false; ambiguity 11).',
  'A null or empty output stops that row\'s evolution: its outputs become null and the reason is recorded in the metadata, instead of crashing the batch (ambiguity 16).',
  'Exactly one generation per evolution prompt (ambiguity 17).',
  'Placeholders are filled in one pass, so `$` or `<PROMPT>` inside an instruction is never substituted again.',
];

/** What distinguishes the tasks built on the Evol procedures (EvolComplexity, the generators). */
export interface EvolInstructVariant {
  name: string;
  description: string;
  categories: readonly string[];
  defaultTemplates: Readonly<Record<string, string>>;
  deviations: readonly string[];
}

/** A task that evolves instructions exactly as EvolInstruct does, with its own default templates. */
export function defineEvolInstructTask(variant: EvolInstructVariant): TaskDefinition {
  return defineTask({
    name: variant.name,
    description: variant.description,
    categories: variant.categories,
    deviations: variant.deviations,
    params: evolInstructParams(variant.defaultTemplates),
    inputs: () => ({ instruction: col.string }),
    outputs: evolInstructOutputs,
    process: processEvolInstruct,
  });
}

export const evolInstruct = defineEvolInstructTask({
  name: 'EvolInstruct',
  description: 'Evolve instructions into harder ones with WizardLM mutations (constraints, deepening, concretizing, reasoning, breadth).',
  categories: ['evol', 'instruction'],
  defaultTemplates: EVOL_INSTRUCT_TEMPLATES,
  deviations: evolInstructDeviations,
});
