import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { complexityPrompt } from '../../../src/core/tasks/complexityScorer';
import { findTask } from '../../../src/core/tasks/registry';
import { parseScoreLines } from '../../../src/core/tasks/scoreLines';
import { scoresSchema } from '../../../src/core/tasks/scoreOutput';
import { lastUserContent } from '../../support/scriptedClient';
import { metadataOf, runOnce, userContent } from './kit';

const STEP = 'complexity_scorer_0';
const THREE = ['What is 2+2?', 'Prove that there are infinitely many primes.', 'Design a distributed database.'];

describe('ComplexityScorer column contract', () => {
  test('inputs: a list of strings; outputs: scores, a list of nullable numbers (null for a failed row)', () => {
    const configured = findTask('ComplexityScorer').configure({});
    assert.deepEqual(configured.inputs, { instructions: { kind: 'list', item: { kind: 'string', nullable: false }, nullable: false } });
    assert.deepEqual(configured.outputs, { scores: { kind: 'list', item: { kind: 'number', nullable: true }, nullable: true } });
    assert.deepEqual(configured.params, { use_default_structured_output: false, num_generations: 1, group_generations: false });
    assert.equal(configured.seed, 0);
  });
});

describe('ComplexityScorer prompt', () => {
  test('numbers every instruction "[k] text" and asks for one "[k] Score:" line each', async () => {
    const { client } = await runOnce('ComplexityScorer', {}, { instructions: THREE }, () => '[1] Score: 1\n[2] Score: 2\n[3] Score: 3');
    assert.equal(client.requests.length, 1);
    const messages = client.requests[0]?.messages ?? [];
    assert.deepEqual(messages.map((message) => message.role), ['user']);
    const content = userContent(messages);
    assert.ok(content.endsWith(`\n[1] ${THREE[0]}\n[2] ${THREE[1]}\n[3] ${THREE[2]}`), content);
    assert.ok(content.includes('\n[1] Score: <score>\n[2] Score: <score>\n[3] Score: <score>\n'));
    assert.ok(content.includes('from 1 (the simplest) to 3 (the most complex)'));
    assert.ok(content.includes('give it 4.'));
    assert.deepEqual(complexityPrompt(THREE), messages);
  });
});

describe('ComplexityScorer rows', () => {
  test('the docs example: two instructions scored [1, 5], metadata keys exact', async () => {
    const raw = '[1] Score: 1\n[2] Score: 5';
    const { result, client } = await runOnce(
      'ComplexityScorer',
      {},
      { instructions: ['plain instruction', 'highly complex instruction'] },
      () => raw,
      { model: 'test' },
    );
    assert.equal(result.status, 'ok');
    const { distilabel_metadata: metadata, ...row } = result.rows[0];
    assert.deepEqual(row, { instructions: ['plain instruction', 'highly complex instruction'], scores: [1, 5], model_name: 'test' });
    assert.deepEqual(Object.keys(metadata as object).sort(), [`raw_input_${STEP}`, `raw_output_${STEP}`, `statistics_${STEP}`]);
    assert.equal(metadataOf(result)[`raw_output_${STEP}`], raw);
    assert.deepEqual(metadataOf(result)[`raw_input_${STEP}`], client.requests[0]?.messages);
  });

  test('an empty list gives scores [] without a request', async () => {
    const { result, client } = await runOnce('ComplexityScorer', {}, { instructions: [] }, () => 'x');
    assert.equal(result.status, 'ok');
    assert.deepEqual(result.rows[0].scores, []);
    assert.equal(client.requests.length, 0);
  });

  test('a null output: one null per instruction and the reason', async () => {
    const { result } = await runOnce('ComplexityScorer', {}, { instructions: THREE }, () => null);
    assert.equal(result.status, 'parse_error');
    assert.deepEqual(result.rows[0].scores, [null, null, null]);
    assert.equal(result.error, 'the endpoint returned no content');
    assert.equal(metadataOf(result)[`error_${STEP}`], 'the endpoint returned no content');
  });

  test('an endpoint error: llm_error, scores null', async () => {
    const { result } = await runOnce('ComplexityScorer', {}, { instructions: THREE }, () => {
      throw new Error('HTTP 401: invalid API key');
    });
    assert.equal(result.status, 'llm_error');
    assert.equal(result.error, 'HTTP 401: invalid API key');
    assert.equal(result.rows[0].scores, null);
  });

  const badInputs: { value: Record<string, unknown>; error: string }[] = [
    { value: {}, error: 'column "instructions" is missing' },
    { value: { instructions: 'one instruction' }, error: 'column "instructions" should be a list of string, got a string ("one instruction")' },
    { value: { instructions: ['ok', 3] }, error: 'column "instructions"[1] should be a string, got a number (3)' },
    { value: { instructions: ['ok', null] }, error: 'column "instructions"[1] is null' },
    { value: { instructions: { a: 1 } }, error: 'column "instructions" should be a list of string, got an object' },
  ];
  for (const { value, error } of badInputs) {
    test(`bad input ${JSON.stringify(value)}: input_error naming the column, no request`, async () => {
      const { result, client } = await runOnce('ComplexityScorer', {}, value, () => '[1] Score: 1');
      assert.equal(result.status, 'input_error');
      assert.equal(result.error, `${error}. Map or fix the column, then run again.`);
      assert.equal(client.requests.length, 0);
      assert.equal(result.rows[0].scores, null);
    });
  }
});

describe('score line parsing', () => {
  const ok = (scores: (number | null)[]) => ({ scores });
  const cases: { name: string; raw: string; count?: number; expected: { scores: (number | null)[]; problem?: string } }[] = [
    { name: 'well-formed', raw: '[1] Score: 1\n[2] Score: 2\n[3] Score: 3', expected: ok([1, 2, 3]) },
    { name: 'empty string', raw: '', expected: { scores: [null, null, null], problem: 'no score for item 1, 2, 3 of 3' } },
    {
      name: 'preamble line',
      raw: 'Sure! Here are the scores:\n[1] Score: 2\n[2] Score: 3\n[3] Score: 1',
      expected: ok([2, 3, 1]),
    },
    {
      name: 'preamble and closing remarks with blank lines',
      raw: 'Sure! Here are the scores:\n\n[1] Score: 2\n[2] Score: 3\n[3] Score: 1\n\nLet me know if you need more.',
      expected: ok([2, 3, 1]),
    },
    { name: 'a missing line', raw: '[1] Score: 2\n[3] Score: 1', expected: { scores: [2, null, 1], problem: 'no score for item 2 of 3' } },
    { name: 'fewer lines than items', raw: '[1] Score: 2', expected: { scores: [2, null, null], problem: 'no score for item 2, 3 of 3' } },
    { name: 'more lines than items', raw: '[1] Score: 1\n[2] Score: 2\n[3] Score: 3\n[4] Score: 4\n[5] Score: 5', expected: ok([1, 2, 3]) },
    { name: 'out of order', raw: '[2] Score: 3\n[1] Score: 1\n[3] Score: 2', expected: ok([1, 3, 2]) },
    { name: 'duplicated index: first wins', raw: '[1] Score: 2\n[2] Score: 3\n[1] Score: 5\n[3] Score: 1', expected: ok([2, 3, 1]) },
    {
      name: 'index out of range and index 0 ignored',
      raw: '[0] Score: 9\n[1] Score: 1\n[7] Score: 9\n[2] Score: 2\n[3] Score: 3',
      expected: ok([1, 2, 3]),
    },
    {
      name: 'non-numeric scores',
      raw: '[1] Score: N/A\n[2] Score: four\n[3] Score: 4th',
      expected: { scores: [null, null, null], problem: 'no score for item 1, 2, 3 of 3; not a number: [1] "N/A", [2] "four", [3] "4th"' },
    },
    { name: 'decimals keep their fraction', raw: '[1] Score: 4.5\n[2] Score: 1.25\n[3] Score: 3', expected: ok([4.5, 1.25, 3]) },
    { name: 'markdown emphasis', raw: '**[1] Score: 4**\n[2] **Score:** 3\n- [3] *Score*: 1', expected: ok([4, 3, 1]) },
    { name: 'CRLF line endings', raw: '[1] Score: 1\r\n[2] Score: 2\r\n[3] Score: 3\r\n', expected: ok([1, 2, 3]) },
    { name: 'case and spacing', raw: '[1] score: 1\n[2]SCORE:2\n[3]  Score :  3', expected: ok([1, 2, 3]) },
    { name: 'text before the [k] on the line', raw: 'Question [1] Score: 2\nQ2: [2] Score: 1\n>> [3] Score: 3', expected: ok([2, 1, 3]) },
    {
      name: 'punctuation or a reason after the score',
      raw: '[1] Score: 2, because it is simple\n[2] Score: 3.\n[3] Score: 4 (hard)',
      expected: ok([2, 3, 4]),
    },
    { name: 'lines without a score are skipped, not shifted', raw: '[1] What is 2+2?\n[1] Score: 1\n[2] Score: 2\n[3] Score: 3', expected: ok([1, 2, 3]) },
    { name: 'a single item', raw: '[1] Score: 1', count: 1, expected: ok([1]) },
  ];

  for (const { name, raw, count, expected } of cases) {
    test(`${name}: ${JSON.stringify(raw)}`, async () => {
      const itemCount = count ?? 3;
      assert.deepEqual(parseScoreLines(raw, itemCount), expected);

      const instructions = THREE.slice(0, itemCount);
      const { result } = await runOnce('ComplexityScorer', {}, { instructions }, () => raw);
      assert.deepEqual(result.rows[0].scores, expected.scores);
      assert.equal(result.status, expected.problem ? 'parse_error' : 'ok');
      assert.equal(result.error, expected.problem);
      assert.equal(metadataOf(result)[`error_${STEP}`], expected.problem);
    });
  }
});

describe('ComplexityScorer structured output', () => {
  test('asks for {"scores": [...]} with a schema of exactly one number per instruction, and reads it', async () => {
    const { result, client } = await runOnce(
      'ComplexityScorer',
      { use_default_structured_output: true },
      { instructions: ['a', 'b', 'c'] },
      () => '```json\n{"scores": [1, 3, "2"]}\n```',
    );
    assert.deepEqual(client.requests[0]?.responseFormat, scoresSchema('complexity_scores', 3));
    assert.match(lastUserContent(client.requests[0]), /\{"scores": \[<score of question 1>, <score of question 2>, <score of question 3>\]\}/);
    assert.deepEqual(result.rows[0].scores, [1, 3, 2]);
    assert.equal(result.status, 'ok');
  });

  test('an answer in score lines is still read when JSON was asked for', async () => {
    const { result } = await runOnce('ComplexityScorer', { use_default_structured_output: true }, { instructions: ['a', 'b'] }, () => '[2] Score: 1\n[1] Score: 2');
    assert.deepEqual(result.rows[0].scores, [2, 1]);
  });
});
