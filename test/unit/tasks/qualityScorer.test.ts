import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { qualityPrompt } from '../../../src/core/tasks/qualityScorer';
import { parseScores, scoresSchema } from '../../../src/core/tasks/scoreOutput';
import { findTask } from '../../../src/core/tasks/registry';
import { metadataOf, runOnce, userContent } from './kit';

const STEP = 'quality_scorer_0';
const INSTRUCTION = 'Explain recursion.';
const THREE = ['A function calling itself.', 'Recursion is when a function calls itself\nuntil a base case stops it.', 'No idea.'];

describe('QualityScorer column contract', () => {
  test('inputs instruction and responses; output scores (list of nullable numbers)', () => {
    const configured = findTask('QualityScorer').configure({});
    assert.deepEqual(configured.inputs, {
      instruction: { kind: 'string', nullable: false },
      responses: { kind: 'list', item: { kind: 'string', nullable: false }, nullable: false },
    });
    assert.deepEqual(configured.outputs, { scores: { kind: 'list', item: { kind: 'number', nullable: true }, nullable: true } });
    assert.deepEqual(configured.params, { use_default_structured_output: false, num_generations: 1, group_generations: false });
  });

  test('group_generations wraps scores in a list per generation', () => {
    const configured = findTask('QualityScorer').configure({ group_generations: true });
    assert.deepEqual(configured.outputs, {
      scores: { kind: 'list', item: { kind: 'list', item: { kind: 'number', nullable: true }, nullable: true }, nullable: true },
    });
  });
});

describe('QualityScorer prompt', () => {
  test('carries the instruction and numbered responses and asks for "[k] Score:" lines, 1..N, N+1', async () => {
    const { client } = await runOnce('QualityScorer', {}, { instruction: INSTRUCTION, responses: THREE }, () => '');
    const messages = client.requests[0]?.messages ?? [];
    assert.deepEqual(messages.map((message) => message.role), ['user']);
    const content = userContent(messages);
    assert.ok(content.includes('\n[1] Score: <score>\n[2] Score: <score>\n[3] Score: <score>\n'), content);
    assert.ok(content.includes('from 1 (the weakest) to 3 (the strongest)'));
    assert.ok(content.includes('it cannot be improved gets 4.'));
    assert.ok(content.includes(`\n# Instruction\n${INSTRUCTION}\n`));
    assert.ok(content.endsWith(`\n# Responses\n[1] ${THREE[0]}\n[2] ${THREE[1]}\n[3] ${THREE[2]}`));
    assert.equal(client.requests[0]?.responseFormat, undefined);
    assert.deepEqual(qualityPrompt(INSTRUCTION, THREE, false), messages);
  });

  test('structured output: asks for {"scores": [...]} and sends the schema', async () => {
    const { client } = await runOnce('QualityScorer', { use_default_structured_output: true }, { instruction: INSTRUCTION, responses: THREE }, () => '{"scores": [1, 2, 3]}');
    const content = userContent(client.requests[0]?.messages ?? []);
    assert.ok(content.includes('{"scores": [<score of response 1>, <score of response 2>, <score of response 3>]}'), content);
    assert.ok(!content.includes('[1] Score:'));
    assert.deepEqual(client.requests[0]?.responseFormat, scoresSchema('quality_scores', 3));
    assert.deepEqual(scoresSchema('quality_scores', 3).schema, {
      type: 'object',
      properties: { scores: { type: 'array', items: { type: 'number' }, minItems: 3, maxItems: 3 } },
      required: ['scores'],
      additionalProperties: false,
    });
  });
});

describe('QualityScorer parsing', () => {
  const cases: { name: string; raw: string; json?: boolean; scores: (number | null)[]; problem?: string }[] = [
    { name: 'score lines', raw: '[1] Score: 2\n[2] Score: 4\n[3] Score: 1', scores: [2, 4, 1] },
    { name: 'N+1 kept', raw: '[1] Score: 4\n[2] Score: 3\n[3] Score: 1', scores: [4, 3, 1] },
    { name: 'preamble and markdown', raw: 'Here you go:\n**[1] Score: 2**\n[2] **Score:** 3\n[3] Score: 1', scores: [2, 3, 1] },
    { name: 'missing line', raw: '[1] Score: 2\n[3] Score: 1', scores: [2, null, 1], problem: 'no score for item 2 of 3' },
    { name: 'N/A', raw: '[1] Score: N/A\n[2] Score: 3\n[3] Score: 1', scores: [null, 3, 1], problem: 'no score for item 1 of 3; not a number: [1] "N/A"' },
    { name: 'empty', raw: '', scores: [null, null, null], problem: 'no score for item 1, 2, 3 of 3' },
    { name: 'JSON answer in text mode is not read', raw: '{"scores": [1, 2, 3]}', scores: [null, null, null], problem: 'no score for item 1, 2, 3 of 3' },
    { name: 'JSON mode: object', json: true, raw: '{"scores": [1, 2.5, 3]}', scores: [1, 2.5, 3] },
    { name: 'JSON mode: fenced with prose', json: true, raw: 'Sure:\n```json\n{"scores": [3, "2", 1]}\n```', scores: [3, 2, 1] },
    {
      name: 'JSON mode: too few',
      json: true,
      raw: '{"scores": [3, 2]}',
      scores: [3, 2, null],
      problem: 'expected 3 scores in the JSON, got 2',
    },
    {
      name: 'JSON mode: too many and a non-number',
      json: true,
      raw: '{"scores": [3, "N/A", null, 5]}',
      scores: [3, null, null],
      problem: 'expected 3 scores in the JSON, got 4; not a number: [2] "N/A", [3] null',
    },
    { name: 'JSON mode: falls back to score lines', json: true, raw: '[1] Score: 1\n[2] Score: 2\n[3] Score: 3', scores: [1, 2, 3] },
    {
      name: 'JSON mode: truncated JSON and no lines',
      json: true,
      raw: '{"scores": [1, 2',
      scores: [null, null, null],
      problem: 'no score for item 1, 2, 3 of 3; the output is not the requested JSON either (the JSON is cut off before its end)',
    },
    {
      name: 'JSON mode: JSON without scores',
      json: true,
      raw: '{"ratings": [1, 2, 3]}',
      scores: [null, null, null],
      problem: 'no score for item 1, 2, 3 of 3; the output is not the requested JSON either (it has no "scores" list)',
    },
  ];
  for (const { name, raw, json, scores, problem } of cases) {
    test(`${name}: ${JSON.stringify(raw)}`, async () => {
      assert.deepEqual(parseScores(raw, 3, json ?? false), problem ? { scores, problem } : { scores });
      const params = { use_default_structured_output: json ?? false };
      const { result } = await runOnce('QualityScorer', params, { instruction: INSTRUCTION, responses: THREE }, () => raw);
      assert.deepEqual(result.rows[0].scores, scores);
      assert.equal(result.status, problem ? 'parse_error' : 'ok');
      assert.equal(metadataOf(result)[`error_${STEP}`], problem);
    });
  }

  test('null output: one null per response', async () => {
    const { result } = await runOnce('QualityScorer', {}, { instruction: INSTRUCTION, responses: THREE }, () => null);
    assert.deepEqual(result.rows[0].scores, [null, null, null]);
    assert.equal(result.error, 'the endpoint returned no content');
  });

  test('no responses: scores [] and no request', async () => {
    const { result, client } = await runOnce('QualityScorer', {}, { instruction: INSTRUCTION, responses: [] }, () => 'x');
    assert.deepEqual(result.rows[0].scores, []);
    assert.equal(result.status, 'ok');
    assert.equal(client.requests.length, 0);
  });

  test('responses not a list: input_error', async () => {
    const { result } = await runOnce('QualityScorer', {}, { instruction: INSTRUCTION, responses: 'one' }, () => 'x');
    assert.equal(result.status, 'input_error');
    assert.equal(result.rows[0].scores, null);
  });
});
