/**
 * InstructionBacktranslation reads the same score and reason from every form of its answer:
 * reason then score (as asked) or score then reason, the reason labelled "Reason:",
 * "Reasoning:", "Explanation:" or not at all, markdown emphasis, the score as "4", "4/5" or
 * "4 out of 5", a blank line between them or not, a preamble and a closing remark, Windows line
 * endings. The prompt offers no JSON form.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBacktranslation } from '../../../../src/core/tasks/instructionBacktranslation';
import { checkEvery, DRAWS_PER_FORMAT, drawFor, everyFormat, LINE_ENDINGS, paragraph, PREAMBLE, CLOSING_REMARK, withLineEnding, type LineEnding } from './kit';

const LABELS = ['Reason', 'Reasoning', 'Explanation', 'none'] as const;
const EMPHASIS = {
  none: (label: string, value: string) => `${label}: ${value}`,
  'bold labels': (label: string, value: string) => `**${label}:** ${value}`,
  'bold score': (label: string, value: string) => (label === 'Score' ? `${label}: **${value}**` : `${label}: ${value}`),
};
const SCORES = { bare: (n: number) => String(n), 'out of 5': (n: number) => `${n}/5`, 'in words': (n: number) => `${n} out of 5` };

interface Format {
  order: 'reason, score' | 'score, reason';
  label: (typeof LABELS)[number];
  emphasis: keyof typeof EMPHASIS;
  score: keyof typeof SCORES;
  blankLine: boolean;
  framed: boolean;
  lineEnding: LineEnding;
  reasonLines: 1 | 2;
}

function render(reason: string, score: number, format: Format): string {
  const field = EMPHASIS[format.emphasis];
  const reasonPart = format.label === 'none' ? reason : field(format.label, reason);
  const scorePart = field('Score', SCORES[format.score](score));
  const parts = format.order === 'reason, score' ? [reasonPart, scorePart] : [scorePart, reasonPart];
  let body = parts.join(format.blankLine ? '\n\n' : '\n');
  if (format.framed) {
    // A preamble needs a label to be told from the reason; a closing remark needs the score after the reason.
    if (format.label !== 'none') body = `${PREAMBLE}\n\n${body}`;
    if (format.order === 'reason, score') body = `${body}\n\n${CLOSING_REMARK}`;
  }
  return withLineEnding(body, format.lineEnding);
}

const formats = everyFormat<Format>({
  order: ['reason, score', 'score, reason'],
  label: LABELS,
  emphasis: Object.keys(EMPHASIS) as (keyof typeof EMPHASIS)[],
  score: Object.keys(SCORES) as (keyof typeof SCORES)[],
  blankLine: [false, true],
  framed: [false, true],
  lineEnding: LINE_ENDINGS,
  reasonLines: [1, 2],
});

describe('InstructionBacktranslation: the same score and reason in every answer format', () => {
  test(`${formats.length} formats × ${DRAWS_PER_FORMAT} draws`, async () => {
    const cases = formats.flatMap((format, index) =>
      Array.from({ length: DRAWS_PER_FORMAT }, (_, draw) => {
        const random = drawFor(index, draw);
        return { format, reason: paragraph(random, format.reasonLines), score: random.int(1, 5) };
      }),
    );
    await checkEvery(
      cases,
      ({ format, reason, score }) => `${JSON.stringify(format)}\n${JSON.stringify(render(reason, score, format))}`,
      ({ format, reason, score }) => assert.deepEqual(parseBacktranslation(render(reason, score, format)), { values: { score, reason } }),
    );
  });
});
