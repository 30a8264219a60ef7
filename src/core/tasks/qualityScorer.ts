import * as z from 'zod';
import type { ChatMessage } from '../llm/types';
import type { JsonObject } from '../jsonl/types';
import { col } from './columns';
import { defineTask, type TaskContext, type TaskOutcome } from './defineTask';
import { parseScores, scoresSchema } from './scoreOutput';

const qualityScorerParams = z.strictObject({
  use_default_structured_output: z
    .boolean()
    .default(false)
    .describe('Ask for JSON `{"scores": [...]}` (sent as a JSON schema); score lines are still read if the endpoint answers in text.'),
});

type QualityScorerParams = z.output<typeof qualityScorerParams>;

/**
 * The response-quality prompt of Deita (arXiv 2312.15685), written for this project: every
 * response to one instruction scored in one prompt, 1..N, with N+1 for one that cannot be improved.
 */
export function qualityPrompt(instruction: string, responses: readonly string[], json: boolean): ChatMessage[] {
  const count = responses.length;
  const format = json
    ? ['Answer with a JSON object and nothing else, one score per response in their order:', `{"scores": [${responses.map((_, i) => `<score of response ${i + 1}>`).join(', ')}]}`]
    : ['Answer with one line per response and nothing else, in exactly this form:', ...responses.map((_, i) => `[${i + 1}] Score: <score>`)];
  const content = [
    `Judge the quality of each of the ${count} responses below as an answer to the instruction. Weigh how`,
    'helpful, relevant, accurate, deep, creative and detailed each response is.',
    `Give each response a score from 1 (the weakest) to ${count} (the strongest). A response so good that`,
    `it cannot be improved gets ${count + 1}.`,
    ...format,
    '',
    '# Instruction',
    instruction,
    '',
    '# Responses',
    ...responses.map((response, i) => `[${i + 1}] ${response}`),
  ].join('\n');
  return [{ role: 'user', content }];
}

async function processQualityScorer(row: JsonObject, params: QualityScorerParams, context: TaskContext): Promise<TaskOutcome> {
  const instruction = row.instruction as string;
  const responses = row.responses as string[];
  // Nothing to score: asking the model would only invite made-up lines.
  if (responses.length === 0) return { values: { scores: [] } };
  const json = params.use_default_structured_output;
  const raw = await context.generate(qualityPrompt(instruction, responses, json), 'scores', json ? { responseFormat: scoresSchema('quality_scores', responses.length) } : {});
  if (raw === null) return { values: { scores: responses.map(() => null) }, parseError: 'the endpoint returned no content' };
  const parsed = parseScores(raw, responses.length, json);
  return parsed.problem ? { values: { scores: parsed.scores }, parseError: parsed.problem } : { values: { scores: parsed.scores } };
}

export const qualityScorer = defineTask({
  name: 'QualityScorer',
  description: 'Score the quality of several responses to one instruction in one prompt (Deita), one score per response.',
  categories: ['scorer', 'quality', 'response'],
  deviations: [
    'Scores are read by their `[k]` index anywhere in a line (markdown emphasis allowed), so a preamble or a missing line never shifts later scores; distilabel 1.5.3 requires each line to start with the score and assigns line i to response i.',
    'An index given twice with different scores keeps the first when every response has a line; when some response has none, one of the two lines was probably meant for it, so that index gets null with the reason.',
    '`scores` always has one entry per response, null where the output has none; the reason is recorded in the metadata. Scores are not range-checked (N+1 is allowed).',
    'With `use_default_structured_output`, the prompt asks for `{"scores": [...]}` and the schema is sent as `response_format`; an answer in score lines is still read.',
    'An empty `responses` list gives `scores: []` without calling the endpoint.',
  ],
  params: qualityScorerParams,
  inputs: () => ({ instruction: col.string, responses: col.list(col.string) }),
  outputs: () => ({ scores: col.nullable(col.list(col.nullable(col.number))) }),
  process: processQualityScorer,
});
