import * as z from 'zod';
import type { JsonObject } from '../jsonl/types';
import { col, type ColumnSpec } from './columns';
import { defineTask, type TaskContext, type TaskDefinition, type TaskOutcome } from './defineTask';
import { ENGLISH_NOUNS } from './englishNouns';
import type { EvolInstructVariant } from './evolInstruct';
import { EVOL_INSTRUCT_GENERATION_TEMPLATES } from './evolInstructGeneratorTemplates';
import { mutationTemplatesSchema } from './mutationTemplates';
import type { RandomSource } from './random';
import { fillPlaceholders, textAfterPromptMarker } from './text';

/** The template that starts a slot from random nouns; every generation template set needs it. */
export const FRESH_START = 'FRESH_START';

function generatorParams(defaultTemplates: Readonly<Record<string, string>>) {
  return z
    .strictObject({
      num_instructions: z
        .int()
        .min(1)
        .describe('How many instructions to generate; each is one output row (the CLI\'s --rows sets it).'),
      generate_answers: z.boolean().default(false).describe('Also answer each accepted instruction, in `answer`.'),
      mutation_templates: mutationTemplatesSchema(['<PROMPT>'])
        .refine((templates) => FRESH_START in templates, {
          message:
            'needs a FRESH_START template: the request that starts each instruction, whose <PROMPT> is replaced by random nouns',
        })
        .default(defaultTemplates)
        .describe(
          'Mutation name to prompt template. FRESH_START starts an instruction from random nouns (`<PROMPT>` = the nouns); the others rewrite the text being evolved (`<PROMPT>` = that text).',
        ),
      min_length: z
        .int()
        .min(1)
        .default(512)
        .describe('Shortest accepted instruction, in characters (Unicode code points), inclusive (runtime parameter).'),
      max_length: z
        .int()
        .min(1)
        .default(1024)
        .describe('Longest accepted instruction, in characters (Unicode code points), inclusive (runtime parameter).'),
      max_attempts: z
        .int()
        .min(1)
        .default(20)
        .describe(
          'Requests one instruction may take (its fresh start and every re-mutation) before giving up with `instruction` null. distilabel has no limit.',
        ),
      seed: z.int().default(42).describe('Seed for the nouns and the mutations of each instruction (runtime parameter).'),
    })
    .refine((params) => params.min_length <= params.max_length, {
      path: ['max_length'],
      message: 'must be at least min_length, or no instruction can ever be accepted',
    });
}

type GeneratorParams = z.output<ReturnType<typeof generatorParams>>;

function generatorOutputs(params: GeneratorParams): ColumnSpec {
  return params.generate_answers
    ? { instruction: col.nullable(col.string), answer: col.nullable(col.string) }
    : { instruction: col.nullable(col.string) };
}

/** Length as a person counts characters: code points, so an emoji counts once, not twice. */
export function codePointLength(text: string): number {
  return [...text].length;
}

/** A fresh-start request: one to four nouns, drawn with replacement, put into FRESH_START. */
export function seedText(freshStartTemplate: string, random: RandomSource): string {
  const count = random.int(1, 4);
  const nouns = Array.from({ length: count }, () => random.pick(ENGLISH_NOUNS));
  return fillPlaceholders(freshStartTemplate, { '<PROMPT>': nouns.join(', ') });
}

/**
 * Where a slot stands: about to send a fresh-start request, or holding a text that did not fit
 * the window and gets mutated again.
 */
type Slot = { state: 'fresh'; seedText: string } | { state: 'evolving'; text: string };

/** What one attempt's output was, for the message when the window is never reached. */
function describeOutcome(raw: string | null, text: string): string {
  if (raw === null) return 'the last output had no content';
  if (text === '') return 'the last output was empty';
  return `the last one was ${codePointLength(text)} characters`;
}

/**
 * Fills one slot: a fresh-start request from random nouns, then, while the text is shorter
 * than min_length or longer than max_length, a random mutation of that text (a FRESH_START
 * pick starts over from new nouns), until it fits or max_attempts requests have been made.
 */
async function fillSlot(params: GeneratorParams, context: TaskContext): Promise<{ instruction: string } | { failure: string }> {
  const templates = params.mutation_templates;
  const mutationNames = Object.keys(templates);
  const freshStartTemplate = templates[FRESH_START] as string;
  let slot: Slot = { state: 'fresh', seedText: seedText(freshStartTemplate, context.random) };
  let lastOutcome = '';

  for (let attempt = 1; attempt <= params.max_attempts; attempt++) {
    let mutation = FRESH_START;
    if (slot.state === 'evolving') {
      mutation = context.random.pick(mutationNames);
      if (mutation === FRESH_START) slot = { state: 'fresh', seedText: seedText(freshStartTemplate, context.random) };
    }
    const content =
      slot.state === 'fresh' ? slot.seedText : fillPlaceholders(templates[mutation] as string, { '<PROMPT>': slot.text });
    const raw = await context.generate([{ role: 'user', content }], `attempt ${attempt} (${mutation})`);
    const text = raw === null ? '' : textAfterPromptMarker(raw);
    const length = codePointLength(text);
    if (length >= params.min_length && length <= params.max_length) return { instruction: text };
    // No usable text leaves the slot as it was: the same request, or a new mutation of the same text.
    if (text !== '') slot = { state: 'evolving', text };
    lastOutcome = describeOutcome(raw, text);
  }
  return {
    failure: `no instruction of ${params.min_length} to ${params.max_length} characters after ${params.max_attempts} attempts (${lastOutcome}); raise max_attempts or widen min_length/max_length`,
  };
}

async function processSlot(_row: JsonObject, params: GeneratorParams, context: TaskContext): Promise<TaskOutcome> {
  const filled = await fillSlot(params, context);
  const answerless = params.generate_answers ? { answer: null } : {};
  if ('failure' in filled) return { values: { instruction: null, ...answerless }, parseError: filled.failure };
  if (!params.generate_answers) return { values: { instruction: filled.instruction } };

  const answer = await context.generate([{ role: 'user', content: filled.instruction }], 'answer');
  return answer === null
    ? { values: { instruction: filled.instruction, answer: null }, parseError: 'the endpoint returned no content for the answer' }
    : { values: { instruction: filled.instruction, answer } };
}

export const evolInstructGeneratorDeviations: readonly string[] = [
  'Each output row is one slot that evolves on its own: a fresh-start request from random nouns, then re-mutations of that text until its length fits the window. distilabel moves all `num_instructions` slots in lock-step rounds and yields batches; here a slot that fits early does not wait for the others, and the engine runs the slots concurrently.',
  'At most `max_attempts` requests per instruction (default 20); after that the row is written with `instruction` null and the reason, instead of looping forever as distilabel does.',
  'The seed is applied when the run starts: each slot draws its nouns and mutations from a generator seeded from `seed` and the slot\'s position, so the `seed` runtime parameter takes effect and the same seed gives the same nouns and mutations (distilabel seeds at construction, before runtime parameters apply; ambiguity 9). Seed texts are drawn when a slot needs one instead of from a pool of `num_instructions` x 10 built up front.',
  'Lengths are counted in Unicode code points, both bounds inclusive; the distilabel docs say "bytes" but its code counts characters (ambiguity 10). ASCII text counts the same either way.',
  'A FRESH_START pick sends a new seed text as it is, as the first request does, instead of wrapping it in the FRESH_START template a second time (ambiguity 14).',
  'Whether a slot is at a fresh start is tracked, not detected by searching the prompt for the phrase "Write one question or request containing", so FRESH_START can be worded freely; templates without FRESH_START are refused when the task is configured (ambiguity 15).',
  'A null or empty output counts as a failed attempt: the slot keeps its request or text and tries again, instead of crashing (ambiguity 16).',
  'Answers are to the whole accepted instruction; distilabel sends only its last character (ambiguity 12).',
  'Each accepted instruction is written exactly once, as its slot finishes; distilabel\'s batch bookkeeping can yield some instructions twice (ambiguity 13).',
  'As in distilabel, there is no deduplication or similarity filter: two slots can produce the same instruction (ambiguity 30).',
  'Random choices come from one seeded generator per slot, deterministic within this port, not the numpy sequence distilabel would draw (ambiguity 32).',
  'Placeholders are filled in one pass, so `$` or `<PROMPT>` inside a text being evolved is never substituted again.',
];

/** A generator that grows instructions from random nouns exactly as EvolInstructGenerator does. */
export function defineEvolGeneratorTask(variant: EvolInstructVariant): TaskDefinition {
  return defineTask({
    name: variant.name,
    description: variant.description,
    categories: variant.categories,
    kind: 'generator',
    rowCountParam: 'num_instructions',
    deviations: variant.deviations,
    params: generatorParams(variant.defaultTemplates),
    inputs: () => ({}),
    outputs: generatorOutputs,
    process: processSlot,
  });
}

export const evolInstructGenerator = defineEvolGeneratorTask({
  name: 'EvolInstructGenerator',
  description: 'Generate instructions from scratch: random nouns become a first request, evolved with WizardLM mutations until its length fits a window.',
  categories: ['evol', 'instruction', 'generation'],
  defaultTemplates: EVOL_INSTRUCT_GENERATION_TEMPLATES,
  deviations: evolInstructGeneratorDeviations,
});
