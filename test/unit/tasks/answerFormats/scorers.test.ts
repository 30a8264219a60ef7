/**
 * ComplexityScorer and QualityScorer read the same scores from every form of their answer:
 * `[k] Score: n` lines with markdown emphasis, bullets or a reason after the score, in or out
 * of order, with blank lines or not, with a preamble and a closing remark, Windows line
 * endings, and the `{"scores": [...]}` JSON of structured-output mode. Each task runs its own
 * rows through a scripted endpoint, so its whole reading path is tested.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { RandomSource } from '../../../../src/core/tasks/random';
import { runOnce } from '../kit';
import { checkEvery, DRAWS_PER_FORMAT, drawFor, everyFormat, framed, LINE_ENDINGS, withLineEnding, type LineEnding } from './kit';

const LINES = {
  'as asked': (k: number, score: string) => `[${k}] Score: ${score}`,
  'bold label': (k: number, score: string) => `**[${k}] Score:** ${score}`,
  'bold score word': (k: number, score: string) => `[${k}] **Score:** ${score}`,
  'bulleted, lower case': (k: number, score: string) => `- [${k}] score: ${score}`,
  'a reason after': (k: number, score: string) => `[${k}] Score: ${score} - the steps it needs, compared with [${k === 1 ? 2 : 1}]`,
};

const JSON_FORMS = {
  'as asked': (scores: readonly number[]) => JSON.stringify({ scores }),
  fenced: (scores: readonly number[]) => `\`\`\`json\n${JSON.stringify({ scores }, null, 2)}\n\`\`\``,
  'preamble and closing remark': (scores: readonly number[]) => framed(JSON.stringify({ scores })),
  'scores as strings': (scores: readonly number[]) => JSON.stringify({ scores: scores.map(String) }),
};

interface LineFormat {
  line: keyof typeof LINES;
  order: 'in order' | 'reversed';
  blankLines: boolean;
  framed: boolean;
  lineEnding: LineEnding;
}

function drawScores(random: RandomSource): number[] {
  const count = random.int(1, 5);
  // N+1 is allowed (too complex / cannot be improved); now and then a half point.
  return Array.from({ length: count }, () => random.int(1, count + 1) + (random.int(0, 4) === 0 ? 0.5 : 0));
}

function renderLines(scores: readonly number[], format: LineFormat): string {
  const lines = scores.map((score, index) => LINES[format.line](index + 1, String(score)));
  if (format.order === 'reversed') lines.reverse();
  const body = lines.join(format.blankLines ? '\n\n' : '\n');
  return withLineEnding(format.framed ? framed(body) : body, format.lineEnding);
}

const SCORERS = [
  { task: 'ComplexityScorer', row: (count: number) => ({ instructions: Array.from({ length: count }, (_, i) => `Question ${i + 1}?`) }) },
  { task: 'QualityScorer', row: (count: number) => ({ instruction: 'Explain tides.', responses: Array.from({ length: count }, (_, i) => `Response ${i + 1}.`) }) },
];

const lineFormats = everyFormat<LineFormat>({
  line: Object.keys(LINES) as (keyof typeof LINES)[],
  order: ['in order', 'reversed'],
  blankLines: [false, true],
  framed: [false, true],
  lineEnding: LINE_ENDINGS,
});
const jsonFormats = everyFormat({ form: Object.keys(JSON_FORMS) as (keyof typeof JSON_FORMS)[], lineEnding: LINE_ENDINGS });

for (const { task, row } of SCORERS) {
  describe(`${task}: every item gets its own score in every answer format`, () => {
    test(`${lineFormats.length} score-line formats × ${DRAWS_PER_FORMAT} draws, asked as lines and as JSON`, async () => {
      const cases = lineFormats.flatMap((format, index) =>
        [false, true].flatMap((json) => Array.from({ length: DRAWS_PER_FORMAT }, (_, draw) => ({ format, json, scores: drawScores(drawFor(index, draw)) }))),
      );
      await checkEvery(
        cases,
        ({ format, json, scores }) => `${JSON.stringify({ ...format, json })}\n${JSON.stringify(renderLines(scores, format))}`,
        async ({ format, json, scores }) => {
          const { result } = await runOnce(task, { use_default_structured_output: json }, row(scores.length), () => renderLines(scores, format));
          assert.equal(result.status, 'ok', result.error);
          assert.deepEqual(result.rows[0]?.scores, scores);
        },
      );
    });

    test(`structured output: ${jsonFormats.length} JSON forms × ${DRAWS_PER_FORMAT} draws`, async () => {
      const cases = jsonFormats.flatMap((format, index) => Array.from({ length: DRAWS_PER_FORMAT }, (_, draw) => ({ format, scores: drawScores(drawFor(index, draw)) })));
      const answer = ({ format, scores }: (typeof cases)[number]) => withLineEnding(JSON_FORMS[format.form](scores), format.lineEnding);
      await checkEvery(
        cases,
        (item) => `${JSON.stringify(item.format)}\n${JSON.stringify(answer(item))}`,
        async (item) => {
          const { result } = await runOnce(task, { use_default_structured_output: true }, row(item.scores.length), () => answer(item));
          assert.equal(result.status, 'ok', result.error);
          assert.deepEqual(result.rows[0]?.scores, item.scores);
        },
      );
    });

    test('an item numbered twice with different scores: null with the reason, never either score', async () => {
      // "[2]" given twice and "[3]" never: one of the two "[2]" lines is probably item 3's.
      const { result } = await runOnce(task, {}, row(3), () => '[1] Score: 1\n[2] Score: 3\n[2] Score: 2');
      assert.deepEqual(result.rows[0]?.scores, [1, null, null]);
      assert.equal(result.status, 'parse_error');
      assert.equal(result.error, 'no score for item 2, 3 of 3; item 2 is scored twice (3, 2) while item 3 has no line');
    });
  });
}
