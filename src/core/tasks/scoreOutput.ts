import type { StructuredOutputFormat } from '../llm/types';
import { parseJsonOutput } from './jsonOutput';
import { parseScoreLines } from './scoreLines';

/**
 * The scorers' two answer formats: `{"scores": [...]}` in structured-output mode, `[k] Score: n`
 * lines otherwise. Either is read whatever was asked for, since endpoints may ignore the schema.
 */

/** The JSON schema asked for in structured-output mode: exactly one number per item. */
export function scoresSchema(name: string, count: number): StructuredOutputFormat {
  return {
    name,
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
export function parseScores(raw: string, itemCount: number, json: boolean): { scores: (number | null)[]; problem?: string } {
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
