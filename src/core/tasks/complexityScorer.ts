import * as z from 'zod';
import type { ChatMessage } from '../llm/types';
import type { JsonObject } from '../jsonl/types';
import { col } from './columns';
import { defineTask, type TaskContext, type TaskOutcome } from './defineTask';
import { parseScores, scoresSchema } from './scoreOutput';

/**
 * The complexity-scoring prompt of Deita (arXiv 2312.15685), written for this project: all
 * instructions in one prompt, each scored 1..N, with N+1 reserved for one too complex to answer.
 */
export function complexityPrompt(instructions: readonly string[], json = false): ChatMessage[] {
  const count = instructions.length;
  const format = json
    ? ['Answer with a JSON object and nothing else, one score per question in their order:', `{"scores": [${instructions.map((_, i) => `<score of question ${i + 1}>`).join(', ')}]}`]
    : ['Answer with one line per question and nothing else, in exactly this form:', ...instructions.map((_, index) => `[${index + 1}] Score: <score>`)];
  const numbered = instructions.map((instruction, index) => `[${index + 1}] ${instruction}`);
  const content = [
    `Rank the following ${count} questions by how difficult and complex they are. Give each one a`,
    `score from 1 (the simplest) to ${count} (the most complex). If a question is too complex to`,
    `answer at all, give it ${count + 1}.`,
    ...format,
    '',
    'The questions:',
    ...numbered,
  ].join('\n');
  return [{ role: 'user', content }];
}

const complexityScorerParams = z.strictObject({
  use_default_structured_output: z
    .boolean()
    .default(false)
    .describe('Ask for JSON `{"scores": [...]}` (sent as a JSON schema); score lines are still read if the endpoint answers in text.'),
});

async function processComplexityScorer(
  row: JsonObject,
  params: z.output<typeof complexityScorerParams>,
  context: TaskContext,
): Promise<TaskOutcome> {
  const instructions = row.instructions as string[];
  // Nothing to score: asking the model would only invite made-up lines.
  if (instructions.length === 0) return { values: { scores: [] } };
  const json = params.use_default_structured_output;
  const format = json ? { responseFormat: scoresSchema('complexity_scores', instructions.length) } : {};
  const raw = await context.generate(complexityPrompt(instructions, json), 'scores', format);
  if (raw === null) {
    return { values: { scores: instructions.map(() => null) }, parseError: 'the endpoint returned no content' };
  }
  const parsed = parseScores(raw, instructions.length, json);
  return parsed.problem ? { values: { scores: parsed.scores }, parseError: parsed.problem } : { values: { scores: parsed.scores } };
}

export const complexityScorer = defineTask({
  name: 'ComplexityScorer',
  description: 'Score a list of instructions by complexity in one prompt (Deita), one score per instruction.',
  categories: ['scorer', 'complexity', 'instruction'],
  deviations: [
    'Scores are read by their `[k]` index, anywhere in a line (markdown emphasis allowed), so a preamble or a missing line never shifts later scores; the seeds assign line i to instruction i (ambiguity 18).',
    'An index given twice with different scores keeps the first when every instruction has a line; when some instruction has none, one of the two lines was probably meant for it, so that index gets null with the reason.',
    '`scores` always has one entry per instruction, null where the output has none; the reason is recorded in the metadata.',
    'Decimal scores keep their fraction (`4.5` is 4.5; the upstream pattern reads 4).',
    'An empty `instructions` list gives `scores: []` without calling the endpoint.',
    'With `use_default_structured_output`, the prompt asks for `{"scores": [...]}` and the schema is sent as `response_format`; an answer in score lines is still read.',
  ],
  params: complexityScorerParams,
  inputs: () => ({ instructions: col.list(col.string) }),
  // Nullable as a whole: a row that fails (bad input, endpoint error) gets `scores: null`.
  outputs: () => ({ scores: col.nullable(col.list(col.nullable(col.number))) }),
  process: processComplexityScorer,
});
