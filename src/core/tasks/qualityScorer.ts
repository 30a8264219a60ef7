import { z } from 'zod';
import type { ChatMessage, StructuredOutputFormat } from '../llm/types';
import type { JsonObject } from '../jsonl/types';
import { col } from './columns';
import { defineTask, type TaskContext, type TaskOutcome } from './defineTask';
import { parseJsonOutput } from './jsonOutput';
import { parseScoreLines } from './scoreLines';

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

/** The JSON schema asked for in structured-output mode: exactly one number per response. */
export function qualityScoresSchema(count: number): StructuredOutputFormat {
  return {
    name: 'quality_scores',
    schema: {
      type: 'object',
      properties: { scores: { type: 'array', items: { type: 'number' }, minItems: count, maxItems: count } },
      required: ['scores'],
      additionalProperties: false,
    },
  };
}

/** A score from JSON: a number or a numeric string; null otherwise. */
function jsonScore(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\s*\d+(?:\.\d+)?\s*$/.test(value)) return Number(value);
  return null;
}

/**
 * A `{"scores": [...]}` object read as one score per item; undefined when the output holds no
 * such object, so the caller can read score lines instead. A bare list is not accepted: in
 * score lines such as `[1] Score: 4`, "[1]" is itself valid JSON.
 */
export function parseJsonScores(raw: string, itemCount: number, key = 'scores'): { scores: (number | null)[]; problem?: string } | undefined {
  const parsed = parseJsonOutput(raw);
  if (!parsed.ok) return undefined;
  const { value } = parsed;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const list = (value as Record<string, unknown>)[key];
  if (!Array.isArray(list)) return undefined;
  const scores = Array.from({ length: itemCount }, (_, index) => jsonScore(list[index]));
  const problems: string[] = [];
  if (list.length !== itemCount) problems.push(`expected ${itemCount} scores in the JSON, got ${list.length}`);
  const unreadable = list.slice(0, itemCount).flatMap((item, index) => (item !== undefined && jsonScore(item) === null ? [`[${index + 1}] ${JSON.stringify(item)}`] : []));
  if (unreadable.length > 0) problems.push(`not a number: ${unreadable.join(', ')}`);
  return problems.length > 0 ? { scores, problem: problems.join('; ') } : { scores };
}

/** Scores from the output: JSON first when it was asked for, score lines otherwise or as the fallback. */
export function parseQualityScores(raw: string, itemCount: number, json: boolean): { scores: (number | null)[]; problem?: string } {
  if (json) {
    const fromJson = parseJsonScores(raw, itemCount);
    if (fromJson) return fromJson;
  }
  const fromLines = parseScoreLines(raw, itemCount);
  if (!json || !fromLines.problem) return fromLines;
  const jsonProblem = parseJsonOutput(raw);
  const why = jsonProblem.ok ? 'it has no "scores" list' : jsonProblem.reason;
  return { scores: fromLines.scores, problem: `${fromLines.problem}; the output is not the requested JSON either (${why})` };
}

async function processQualityScorer(row: JsonObject, params: QualityScorerParams, context: TaskContext): Promise<TaskOutcome> {
  const instruction = row.instruction as string;
  const responses = row.responses as string[];
  // Nothing to score: asking the model would only invite made-up lines.
  if (responses.length === 0) return { values: { scores: [] } };
  const json = params.use_default_structured_output;
  const raw = await context.generate(qualityPrompt(instruction, responses, json), 'scores', json ? { responseFormat: qualityScoresSchema(responses.length) } : {});
  if (raw === null) return { values: { scores: responses.map(() => null) }, parseError: 'the endpoint returned no content' };
  const parsed = parseQualityScores(raw, responses.length, json);
  return parsed.problem ? { values: { scores: parsed.scores }, parseError: parsed.problem } : { values: { scores: parsed.scores } };
}

export const qualityScorer = defineTask({
  name: 'QualityScorer',
  description: 'Score the quality of several responses to one instruction in one prompt (Deita), one score per response.',
  categories: ['scorer', 'quality', 'response'],
  deviations: [
    'Scores are read by their `[k]` index anywhere in a line (markdown emphasis allowed), so a preamble or a missing line never shifts later scores; distilabel 1.5.3 requires each line to start with the score and assigns line i to response i.',
    '`scores` always has one entry per response, null where the output has none; the reason is recorded in the metadata. Scores are not range-checked (N+1 is allowed).',
    'With `use_default_structured_output`, the prompt asks for `{"scores": [...]}` and the schema is sent as `response_format`; an answer in score lines is still read.',
    'An empty `responses` list gives `scores: []` without calling the endpoint.',
  ],
  params: qualityScorerParams,
  inputs: () => ({ instruction: col.string, responses: col.list(col.string) }),
  outputs: () => ({ scores: col.nullable(col.list(col.nullable(col.number))) }),
  process: processQualityScorer,
});
