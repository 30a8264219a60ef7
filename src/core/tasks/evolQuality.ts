import * as z from 'zod';
import type { JsonObject } from '../jsonl/types';
import { col, nullValues, type ColumnSpec } from './columns';
import { defineTask, type TaskContext, type TaskOutcome } from './defineTask';
import { EVOL_QUALITY_TEMPLATES } from './evolQualityTemplates';
import { mutationTemplatesSchema } from './mutationTemplates';
import { fillPlaceholders } from './text';

const evolQualityParams = z.strictObject({
  num_evolutions: z.int().min(1).describe('How many times each response is rewritten, each rewrite building on the last.'),
  store_evolutions: z
    .boolean()
    .default(false)
    .describe('Keep every rewrite in `evolved_responses` instead of only the last one in `evolved_response`.'),
  include_original_response: z
    .boolean()
    .default(false)
    .describe('With `store_evolutions`, put the original response first in `evolved_responses`.'),
  mutation_templates: mutationTemplatesSchema(['<PROMPT>', '<RESPONSE>'])
    .default(EVOL_QUALITY_TEMPLATES)
    .describe('Mutation name to prompt template; `<PROMPT>` takes the instruction, `<RESPONSE>` the response being rewritten.'),
  seed: z.int().default(42).describe('Seed for choosing the mutation of each rewrite (runtime parameter).'),
});

type EvolQualityParams = z.output<typeof evolQualityParams>;

function evolQualityOutputs(params: EvolQualityParams): ColumnSpec {
  return params.store_evolutions
    ? { evolved_responses: col.nullable(col.list(col.string)) }
    : { evolved_response: col.nullable(col.string) };
}

const ECHOED_HEADER = /^\s*#Rewritten Response#:\s*/;

/** The rewritten response: the raw output, less a repeated "#Rewritten Response#:" header. */
function rewrittenResponse(raw: string): string {
  return ECHOED_HEADER.test(raw) ? raw.replace(ECHOED_HEADER, '') : raw;
}

async function processEvolQuality(row: JsonObject, params: EvolQualityParams, context: TaskContext): Promise<TaskOutcome> {
  const instruction = row.instruction as string;
  const original = row.response as string;
  const mutationNames = Object.keys(params.mutation_templates);
  const rewrites: string[] = [];
  let current = original;
  for (let step = 1; step <= params.num_evolutions; step++) {
    const mutation = context.random.pick(mutationNames);
    const template = params.mutation_templates[mutation] as string;
    const content = fillPlaceholders(template, { '<PROMPT>': instruction, '<RESPONSE>': current });
    const raw = await context.generate([{ role: 'user', content }], `evolution ${step} (${mutation})`);
    // An output that is only the echoed header is as empty as a blank one.
    const rewritten = raw === null ? null : rewrittenResponse(raw);
    if (rewritten === null || rewritten.trim() === '') {
      const outputs = nullValues(evolQualityOutputs(params));
      const problem = raw === null ? 'returned no content' : 'returned an empty response';
      return { values: outputs, parseError: `the endpoint ${problem} for evolution ${step} (${mutation})` };
    }
    current = rewritten;
    rewrites.push(current);
  }
  if (!params.store_evolutions) return { values: { evolved_response: current } };
  return { values: { evolved_responses: params.include_original_response ? [original, ...rewrites] : rewrites } };
}

export const evolQuality = defineTask({
  name: 'EvolQuality',
  description: 'Rewrite responses to be more helpful, relevant, deep, creative or detailed (Deita evol-quality).',
  categories: ['evol', 'response', 'deita'],
  deviations: [
    'The seed is applied per row (seed and the row\'s position in the run) rather than re-seeding the global generator for every batch, so results do not depend on batch boundaries (ambiguity 8).',
    'A null or empty output stops that row\'s rewriting: its outputs become null and the reason is recorded, instead of substituting "None" into the next prompt (ambiguity 16).',
    'Placeholders are filled in one pass, so a literal `<RESPONSE>` inside an instruction is not replaced by the response.',
    'A "#Rewritten Response#:" header that the model repeats at the start of its output is removed; otherwise the output is kept exactly as returned, untrimmed.',
  ],
  params: evolQualityParams,
  inputs: () => ({ instruction: col.string, response: col.string }),
  outputs: evolQualityOutputs,
  process: processEvolQuality,
});
