import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TaskParamsError } from '../../../src/core/tasks/defineTask';
import { parsePrometheus } from '../../../src/core/tasks/prometheusEval';
import { DEFAULT_PROMETHEUS_RUBRICS } from '../../../src/core/tasks/prometheusRubrics';
import { findTask } from '../../../src/core/tasks/registry';
import { metadataOf, runOnce, userContent } from './kit';

const STEP = 'prometheus_eval_0';
const STRING = { kind: 'string', nullable: false };
const ABSOLUTE_ROW = { instruction: 'What is 2+2?', generation: 'It is 4.' };
const RELATIVE_ROW = { instruction: 'What is 2+2?', generations: ['It is 4.', 'Five.'] };

function problems(params: unknown): readonly string[] {
  try {
    findTask('PrometheusEval').configure(params);
  } catch (error) {
    assert.ok(error instanceof TaskParamsError);
    return error.problems;
  }
  assert.fail('accepted');
}

describe('PrometheusEval column contract', () => {
  const cases: { params: Record<string, unknown>; inputs: Record<string, unknown>; result: unknown }[] = [
    { params: { mode: 'absolute', rubric: 'helpfulness' }, inputs: { instruction: STRING, generation: STRING }, result: { kind: 'number', nullable: true } },
    {
      params: { mode: 'absolute', rubric: 'honesty', reference: true },
      inputs: { instruction: STRING, generation: STRING, reference: STRING },
      result: { kind: 'number', nullable: true },
    },
    {
      params: { mode: 'relative', rubric: 'reasoning' },
      inputs: { instruction: STRING, generations: { kind: 'list', item: STRING, nullable: false } },
      result: { kind: 'string', nullable: true },
    },
    {
      params: { mode: 'relative', rubric: 'reasoning', reference: true },
      inputs: { instruction: STRING, generations: { kind: 'list', item: STRING, nullable: false }, reference: STRING },
      result: { kind: 'string', nullable: true },
    },
  ];
  for (const { params, inputs, result } of cases) {
    test(JSON.stringify(params), () => {
      const configured = findTask('PrometheusEval').configure(params);
      assert.deepEqual(configured.inputs, inputs);
      assert.deepEqual(configured.outputs, { feedback: { kind: 'string', nullable: true }, result });
    });
  }

  test('mode and rubric are required; an unknown rubric is refused, listing the rubrics', () => {
    assert.deepEqual(problems({}).map((problem) => problem.split(':')[0]), ['mode', 'rubric']);
    assert.deepEqual(problems({ mode: 'absolute', rubric: 'helpfullness' }), [
      'rubric: "helpfullness" is not one of the rubrics (helpfulness, harmlessness, honesty, factual-validity, reasoning)',
    ]);
    assert.deepEqual(problems({ mode: 'absolute', rubric: 'helpfulness', rubrics: { tone: 'Is it polite?' } }), [
      'rubric: "helpfulness" is not one of the rubrics (tone)',
    ]);
    assert.deepEqual(problems({ mode: 'absolute', rubric: 'x', rubrics: {} }), ['rubrics: needs at least one rubric']);
    assert.deepEqual(problems({ mode: 'pairwise', rubric: 'honesty' }).map((problem) => problem.split(':')[0]), ['mode']);
  });

  test('the example the task reference shows its columns with is valid', () => {
    const { example } = findTask('PrometheusEval');
    assert.deepEqual(example, { mode: 'absolute', rubric: 'helpfulness' });
    assert.deepEqual(Object.keys(findTask('PrometheusEval').configure(example).outputs), ['feedback', 'result']);
  });

  test('five default rubrics, each with a criterion and scores 1 to 5', () => {
    assert.deepEqual(Object.keys(DEFAULT_PROMETHEUS_RUBRICS), ['helpfulness', 'harmlessness', 'honesty', 'factual-validity', 'reasoning']);
    for (const [name, rubric] of Object.entries(DEFAULT_PROMETHEUS_RUBRICS)) {
      assert.match(rubric, /^\[.+\?\]\nScore 1: .+\nScore 2: .+\nScore 3: .+\nScore 4: .+\nScore 5: .+$/, name);
    }
  });
});

describe('PrometheusEval prompt', () => {
  test('absolute: system message, instruction, response, chosen rubric, format with a score', async () => {
    const { client } = await runOnce('PrometheusEval', { mode: 'absolute', rubric: 'factual-validity' }, ABSOLUTE_ROW, () => 'Feedback: ok [RESULT] 5');
    const messages = client.requests[0]?.messages ?? [];
    assert.deepEqual(messages.map((message) => message.role), ['system', 'user']);
    const content = userContent(messages);
    assert.ok(content.includes('"Feedback: <your feedback> [RESULT] <a whole number from 1 to 5>"'));
    assert.ok(content.includes(`\n### Instruction\nWhat is 2+2?\n\n### Response\nIt is 4.\n\n### Score rubric\n${DEFAULT_PROMETHEUS_RUBRICS['factual-validity']}\n\n### Feedback:`));
    assert.ok(!content.includes('### Reference answer'));
    assert.ok(!content.includes(DEFAULT_PROMETHEUS_RUBRICS.helpfulness as string));
  });

  test('relative with reference and a custom rubric: both responses, the reference, A or B', async () => {
    const params = { mode: 'relative', rubric: 'tone', rubrics: { tone: '[Is it polite?]' }, reference: true };
    const { client } = await runOnce('PrometheusEval', params, { ...RELATIVE_ROW, reference: 'Four.' }, () => 'Feedback: x [RESULT] A');
    const content = userContent(client.requests[0]?.messages ?? []);
    assert.ok(content.includes('"Feedback: <your feedback> [RESULT] <A or B>"'));
    assert.ok(
      content.endsWith(
        '\n### Instruction\nWhat is 2+2?\n\n### Response A\nIt is 4.\n\n### Response B\nFive.\n\n### Reference answer (it would get the top score)\nFour.\n\n### Score rubric\n[Is it polite?]\n\n### Feedback:',
      ),
      content,
    );
  });
});

describe('PrometheusEval parsing', () => {
  const cases: { name: string; raw: string | null; mode: 'absolute' | 'relative'; feedback: string | null; result: number | string | null; problem?: string }[] = [
    { name: 'absolute', mode: 'absolute', raw: 'Feedback: Correct and concise. [RESULT] 5', feedback: 'Correct and concise.', result: 5 },
    { name: 'no Feedback label, newline before marker', mode: 'absolute', raw: 'Correct.\n[RESULT] 4', feedback: 'Correct.', result: 4 },
    { name: 'markdown around the label and marker', mode: 'absolute', raw: '**Feedback:** Good.\n\n**[RESULT]** 3', feedback: 'Good.', result: 3 },
    { name: 'marker spelling', mode: 'absolute', raw: 'Feedback: ok [ Result ]: 2', feedback: 'ok', result: 2 },
    { name: '"4/5" and trailing text', mode: 'absolute', raw: 'Feedback: ok [RESULT] 4/5 overall', feedback: 'ok', result: 4 },
    { name: '"(4)"', mode: 'absolute', raw: 'Feedback: ok [RESULT] (4)', feedback: 'ok', result: 4 },
    {
      name: 'the last marker counts',
      mode: 'absolute',
      raw: 'Feedback: I must end with [RESULT] and a score. [RESULT] 2',
      feedback: 'I must end with [RESULT] and a score.',
      result: 2,
    },
    { name: 'out of range keeps the feedback', mode: 'absolute', raw: 'Feedback: ok [RESULT] 7', feedback: 'ok', result: null, problem: 'the result 7 is not a whole number from 1 to 5' },
    { name: 'decimal', mode: 'absolute', raw: 'Feedback: ok [RESULT] 4.5', feedback: 'ok', result: null, problem: 'the result 4.5 is not a whole number from 1 to 5' },
    { name: 'not a number', mode: 'absolute', raw: 'Feedback: ok [RESULT] good', feedback: 'ok', result: null, problem: 'the result "good" is not a score from 1 to 5' },
    { name: 'nothing after the marker', mode: 'absolute', raw: 'Feedback: ok [RESULT]', feedback: 'ok', result: null, problem: 'the result "" is not a score from 1 to 5' },
    { name: 'no marker', mode: 'absolute', raw: 'Feedback: ok. Score: 4', feedback: null, result: null, problem: 'no [RESULT] marker in the output' },
    { name: 'no feedback', mode: 'absolute', raw: '[RESULT] 4', feedback: null, result: 4, problem: 'no feedback before [RESULT]' },
    { name: 'empty', mode: 'absolute', raw: '', feedback: null, result: null, problem: 'no [RESULT] marker in the output' },
    { name: 'null', mode: 'absolute', raw: null, feedback: null, result: null, problem: 'the endpoint returned no content' },
    { name: 'relative A', mode: 'relative', raw: 'Feedback: A is right. [RESULT] A', feedback: 'A is right.', result: 'A' },
    { name: 'relative "Response B"', mode: 'relative', raw: 'Feedback: B wins. [RESULT] Response B', feedback: 'B wins.', result: 'B' },
    { name: 'relative "(B)."', mode: 'relative', raw: 'Feedback: x [RESULT] (B).', feedback: 'x', result: 'B' },
    { name: 'relative number', mode: 'relative', raw: 'Feedback: x [RESULT] 1', feedback: 'x', result: null, problem: 'the result "1" is not A or B' },
    { name: 'relative tie', mode: 'relative', raw: 'Feedback: x [RESULT] Tie', feedback: 'x', result: null, problem: 'the result "Tie" is not A or B' },
    { name: 'relative both', mode: 'relative', raw: 'Feedback: x [RESULT] A or B', feedback: 'x', result: null, problem: 'the result names both A and B' },
    { name: 'relative lowercase article', mode: 'relative', raw: 'Feedback: x [RESULT] a draw', feedback: 'x', result: null, problem: 'the result "a draw" is not A or B' },
  ];
  for (const { name, raw, mode, feedback, result, problem } of cases) {
    test(`${name}: ${JSON.stringify(raw)}`, async () => {
      const values = { feedback, result };
      assert.deepEqual(parsePrometheus(raw, mode), problem ? { values, parseError: problem } : { values });
      const row = mode === 'absolute' ? ABSOLUTE_ROW : RELATIVE_ROW;
      const run = await runOnce('PrometheusEval', { mode, rubric: 'helpfulness' }, row, () => raw);
      assert.equal(run.result.rows[0].feedback, feedback);
      assert.equal(run.result.rows[0].result, result);
      assert.equal(run.result.status, problem ? 'parse_error' : 'ok');
      assert.equal(metadataOf(run.result)[`error_${STEP}`], problem);
    });
  }

  for (const generations of [['only one'], ['a', 'b', 'c'], []]) {
    test(`relative with ${generations.length} generations: nulls and the reason, no request`, async () => {
      const { result, client } = await runOnce('PrometheusEval', { mode: 'relative', rubric: 'honesty' }, { instruction: 'x', generations }, () => 'x');
      assert.equal(client.requests.length, 0);
      assert.equal(result.status, 'parse_error');
      const count = generations.length;
      assert.equal(result.error, `column "generations" has ${count} item${count === 1 ? '' : 's'}; relative mode compares exactly 2. Map or fix the column, then run again.`);
      assert.deepEqual([result.rows[0].feedback, result.rows[0].result], [null, null]);
    });
  }

  test('reference: true without a reference column is an input error', async () => {
    const { result } = await runOnce('PrometheusEval', { mode: 'absolute', rubric: 'honesty', reference: true }, ABSOLUTE_ROW, () => 'x');
    assert.equal(result.status, 'input_error');
    assert.equal(result.error, 'column "reference" is missing. Map or fix the column, then run again.');
  });
});
