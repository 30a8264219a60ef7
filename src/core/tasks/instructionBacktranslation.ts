import * as z from 'zod';
import type { ChatMessage } from '../llm/types';
import type { JsonObject } from '../jsonl/types';
import { col } from './columns';
import { defineTask, type TaskOutcome } from './defineTask';

/**
 * The self-curation prompt of instruction backtranslation ("Humpback", arXiv 2308.06259),
 * written for this project: how well an answer serves as an AI assistant's reply, 1 to 5.
 */
export function backtranslationPrompt(instruction: string, generation: string): ChatMessage[] {
  const content = [
    'Below are an instruction from a user and a candidate answer. Rate how good the answer is as the reply',
    'of an AI assistant to that instruction, on this scale:',
    '1: Incomplete, vague, off topic or not what an assistant would write (for example it reads like a forum',
    '   post, an advert or a blog entry), or it misses part of the request.',
    '2: Covers most of the request but does not answer it directly; for example it gives general steps',
    '   where an exact solution was asked for.',
    '3: Helpful and complete, but not written as an assistant: it reads like a personal web page, with',
    '   first-person experiences or opinions.',
    '4: Written as an assistant, answering the instruction clearly and completely; it could still be',
    '   tighter, more focused or better organised.',
    '5: An ideal assistant answer: focused on the instruction, complete, expert, well written and with',
    '   nothing irrelevant.',
    '',
    'Explain your judgement briefly first, then give the score. Answer in exactly this form:',
    'Reason: <your reasoning>',
    'Score: <a whole number from 1 to 5>',
    '',
    '# Instruction',
    instruction,
    '',
    '# Answer',
    generation,
  ].join('\n');
  return [{ role: 'user', content }];
}

// "Score: 4", "**Score:** 4", "score = 4/5"; the value is read separately.
const SCORE = /\bscore\b[\s*_]*[:=][\s*_]*([^\s*_]*)/gi;
const REASON_LABEL = /^[\s>#*_-]*(?:reason|reasoning|explanation|rationale|justification)\b[\s*_]*:[\s*_]*/i;
// A line that only states a score: "Score: 4", "**Final score:** 4/5", "Score: 4 out of 5".
const SCORE_ONLY_LINE = /^[\s>#*_-]*(?:final\s+)?score\b[\s*_]*[:=][\s*_]*\S*(?:\s+out\s+of\s+\d+)?[\s*_.]*$/i;
// A score stated on the same line as the reasoning, before or after it.
const INLINE_SCORE_AT_END = /[\s*_(]*\bscore\b[\s*_]*[:=][\s*_]*[^\s*_]*[\s*_.)]*$/i;
const INLINE_SCORE_AT_START = /^[\s>#*_-]*score\b[\s*_]*[:=][\s*_]*[^\s*_]*[\s*_.,;:-]*/i;
const NUMBER_FIRST = /^[[(]?(\d+(?:\.\d+)?)(?:$|[^\w.]|\.(?!\w))/;

/**
 * `score` and `reason` from the output. The last "Score: n" counts (a model that reconsiders
 * ends with its final score); the reason is the text from the "Reason:" label (or "Reasoning:",
 * ...), or from the start when there is none, up to the score line after it, so a closing
 * remark after the score is not part of it; score lines before it are left out.
 */
export function parseBacktranslation(raw: string | null): TaskOutcome {
  if (raw === null) return { values: { score: null, reason: null }, parseError: 'the endpoint returned no content' };
  const problems: string[] = [];
  const matches = [...raw.matchAll(SCORE)];
  // The last numeric score: "the score: it depends" in the reasoning does not hide a real one.
  const last = matches.filter((match) => NUMBER_FIRST.test(match[1] as string)).at(-1) ?? matches.at(-1);
  let score: number | null = null;
  if (!last) problems.push('no "Score: n" in the output');
  else {
    const token = last[1] as string;
    const number = NUMBER_FIRST.exec(token);
    if (!number) problems.push(`the score "${token.slice(0, 40)}" is not a number`);
    else if (Number(number[1]) < 1 || Number(number[1]) > 5) problems.push(`the score ${number[1]} is outside 1-5`);
    else score = Number(number[1]);
  }
  const lines = raw.split(/\r?\n/);
  const start = Math.max(0, lines.findIndex((line) => REASON_LABEL.test(line)));
  const stated = (line: string) => line.trim() !== '' && !SCORE_ONLY_LINE.test(line);
  // The reason ends at the first score line after some of it.
  const end = lines.findIndex((line, index) => index > start && SCORE_ONLY_LINE.test(line) && lines.slice(start, index).some(stated));
  const reasonLines = lines.slice(start, end === -1 ? undefined : end);
  const reasonText = reasonLines
    .filter((line) => !SCORE_ONLY_LINE.test(line))
    .join('\n')
    .replace(REASON_LABEL, '')
    .replace(INLINE_SCORE_AT_END, '')
    .replace(INLINE_SCORE_AT_START, '')
    .replace(/^[\s*_]+|[\s*_]+$/g, '');
  const reason = reasonText === '' ? null : reasonText;
  if (reason === null) problems.push('the output gives no reasoning');
  return problems.length > 0 ? { values: { score, reason }, parseError: problems.join('; ') } : { values: { score, reason } };
}

export const instructionBacktranslation = defineTask({
  name: 'InstructionBacktranslation',
  description: 'Rate 1-5 how well a generation answers its instruction as an AI assistant would (instruction backtranslation), with the reason.',
  categories: ['scorer', 'text-generation'],
  deviations: [
    'The last numeric "Score: n" in the output counts, anywhere in a line and with markdown emphasis; a score that is not a number from 1 to 5 gives `score: null` with the reason.',
    'The reason is the text labelled "Reason:" (or "Reasoning:", "Explanation:", "Rationale:") when present, otherwise the whole output less its score lines, so reason and score may come in either order; it ends at a score line that follows it, so a closing remark after the score is not part of it.',
    'A missing score or reasoning is recorded in the metadata; the other value is still kept.',
  ],
  params: z.strictObject({}),
  inputs: () => ({ instruction: col.string, generation: col.string }),
  outputs: () => ({ score: col.nullable(col.number), reason: col.nullable(col.string) }),
  prompt: (row: JsonObject) => backtranslationPrompt(row.instruction as string, row.generation as string),
  parse: (raw) => parseBacktranslation(raw),
});
