import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findTask } from '../../../src/core/tasks/registry';
import { DEFAULT_QUERY_CRITERIA, parseInstructionLines, selfInstructPrompt } from '../../../src/core/tasks/selfInstruct';
import { metadataOf, runOnce, userContent, words } from './kit';

const STEP = 'self_instruct_0';
const FIVE = 'What is a hash map?\nExplain hashing.\nList two collision strategies.\nWhy resize a table?\nCompare maps and sets.';
const FIVE_LIST = ['What is a hash map?', 'Explain hashing.', 'List two collision strategies.', 'Why resize a table?', 'Compare maps and sets.'];

describe('SelfInstruct column contract and params', () => {
  test('inputs and outputs', () => {
    const configured = findTask('SelfInstruct').configure({});
    assert.deepEqual(configured.inputs, {
      input: { kind: 'string', nullable: false },
      system_prompt: { kind: 'string', nullable: true },
    });
    assert.deepEqual(configured.outputs, { instructions: { kind: 'list', item: { kind: 'string', nullable: false }, nullable: true } });
  });

  test('defaults: 5 instructions, "AI assistant", the default criteria, no system prompt, seed 0', () => {
    const configured = findTask('SelfInstruct').configure(undefined);
    assert.deepEqual(configured.params, {
      num_generations: 1,
      group_generations: false,
      num_instructions: 5,
      criteria_for_query_generation: DEFAULT_QUERY_CRITERIA,
      application_description: 'AI assistant',
    });
    assert.equal(configured.seed, 0);
  });
});

describe('SelfInstruct prompt', () => {
  const params = {
    num_instructions: 3,
    application_description: 'a cooking helper',
    criteria_for_query_generation: 'CRITERIA-LINE-1\nCRITERIA-LINE-2',
  };

  test('the user message carries the input, the count, the application and the criteria', async () => {
    const { client } = await runOnce('SelfInstruct', params, { input: 'Recipes with leftover rice.' }, () => 'a\nb\nc');
    assert.equal(client.requests.length, 1);
    const messages = client.requests[0]?.messages ?? [];
    assert.deepEqual(messages.map((message) => message.role), ['user']);
    const content = userContent(messages);
    assert.ok(content.includes('a cooking helper'), 'application_description');
    assert.ok(content.includes('exactly 3 user queries'), 'num_instructions');
    assert.ok(content.includes('\nCRITERIA-LINE-1\nCRITERIA-LINE-2\n'), 'criteria');
    assert.ok(content.endsWith('\nRecipes with leftover rice.'), 'input last');
  });

  test('the default criteria and application description are used when not given', () => {
    const configured = findTask('SelfInstruct').configure({});
    const content = userContent(selfInstructPrompt({ input: 'X' }, configured.params as never));
    assert.ok(content.includes(DEFAULT_QUERY_CRITERIA));
    assert.ok(content.includes('described as: AI assistant.'));
    assert.ok(content.includes('exactly 5 user queries'));
  });

  const systemCases: { param?: string; column?: unknown; system: string | null }[] = [
    { system: null },
    { param: 'PARAM SYSTEM', system: 'PARAM SYSTEM' },
    { column: 'ROW SYSTEM', system: 'ROW SYSTEM' },
    { param: 'PARAM SYSTEM', column: 'ROW SYSTEM', system: 'ROW SYSTEM' },
    { param: 'PARAM SYSTEM', column: '', system: 'PARAM SYSTEM' },
    { param: 'PARAM SYSTEM', column: '   ', system: 'PARAM SYSTEM' },
    { param: 'PARAM SYSTEM', column: null, system: 'PARAM SYSTEM' },
    { column: '', system: null },
  ];
  for (const { param, column, system } of systemCases) {
    test(`system message: param ${JSON.stringify(param)}, column ${JSON.stringify(column)} -> ${JSON.stringify(system)}`, async () => {
      const row: Record<string, unknown> = { input: 'X' };
      if (column !== undefined) row.system_prompt = column;
      const { client, result } = await runOnce('SelfInstruct', param === undefined ? {} : { system_prompt: param }, row, () => FIVE);
      const messages = client.requests[0]?.messages ?? [];
      if (system === null) assert.deepEqual(messages.map((message) => message.role), ['user']);
      else {
        assert.deepEqual(messages.map((message) => message.role), ['system', 'user']);
        assert.deepEqual(messages[0], { role: 'system', content: system });
      }
      assert.equal(result.status, 'ok');
      // The row's own system_prompt column is kept as it was.
      assert.equal(result.rows[0].system_prompt, column);
    });
  }
});

describe('SelfInstruct rows', () => {
  test('exact row, metadata keys and statistics for one call', async () => {
    const { result, client } = await runOnce('SelfInstruct', {}, { input: 'hash maps', id: 'a1' }, () => FIVE);
    assert.equal(result.status, 'ok');
    const { distilabel_metadata: _metadata, ...row } = result.rows[0];
    assert.deepEqual(row, { input: 'hash maps', id: 'a1', instructions: FIVE_LIST, model_name: 'scripted-model' });
    const metadata = metadataOf(result);
    assert.deepEqual(Object.keys(metadata).sort(), [`raw_input_${STEP}`, `raw_output_${STEP}`, `statistics_${STEP}`]);
    assert.deepEqual(metadata[`raw_input_${STEP}`], client.requests[0]?.messages);
    assert.equal(metadata[`raw_output_${STEP}`], FIVE);
    assert.deepEqual(metadata[`statistics_${STEP}`], {
      input_tokens: words(userContent(client.requests[0]?.messages ?? [])),
      output_tokens: words(FIVE),
      requests: 1,
      latency_ms: 1,
    });
  });

  test('the docs example: num_instructions 5, input "instruction"', async () => {
    const raw = 'instruction 1\ninstruction 2\ninstruction 3\ninstruction 4\ninstruction 5';
    const { result } = await runOnce('SelfInstruct', { num_instructions: 5 }, { input: 'instruction' }, () => raw, { model: 'mistralai/Mistral-7B-Instruct-v0.2' });
    const { distilabel_metadata: _metadata, ...row } = result.rows[0];
    assert.deepEqual(row, {
      input: 'instruction',
      instructions: ['instruction 1', 'instruction 2', 'instruction 3', 'instruction 4', 'instruction 5'],
      model_name: 'mistralai/Mistral-7B-Instruct-v0.2',
    });
  });

  const badInputs: { value: Record<string, unknown>; error: string }[] = [
    { value: {}, error: 'column "input" is missing' },
    { value: { input: 12 }, error: 'column "input" should be a string, got a number (12)' },
    { value: { input: 'x', system_prompt: 5 }, error: 'column "system_prompt" should be a string, got a number (5)' },
    { value: { input: ['x'] }, error: 'column "input" should be a string, got a list' },
  ];
  for (const { value, error } of badInputs) {
    test(`bad input ${JSON.stringify(value)}: input_error, no request`, async () => {
      const { result, client } = await runOnce('SelfInstruct', {}, value, () => FIVE);
      assert.equal(result.status, 'input_error');
      assert.equal(result.error, `${error}. Map or fix the column, then run again.`);
      assert.equal(client.requests.length, 0);
      assert.equal(result.rows[0].instructions, null);
    });
  }
});

describe('SelfInstruct parsing', () => {
  const cases: { name: string; raw: string | null; count?: number; instructions: string[] | null; error?: string }[] = [
    { name: 'plain lines', raw: FIVE, instructions: FIVE_LIST },
    {
      name: 'numbering and bullets stripped',
      raw: '1. What is X?\n2) How does Y work?\n- Explain Z.\n* List W.\n• Name V.',
      instructions: ['What is X?', 'How does Y work?', 'Explain Z.', 'List W.', 'Name V.'],
    },
    {
      name: 'blank and whitespace-only lines dropped, lines trimmed',
      raw: '\n  A?  \n\n   \nB.\n\t\nC!\nD\n  E  \n\n',
      instructions: ['A?', 'B.', 'C!', 'D', 'E'],
    },
    { name: 'CRLF line endings', raw: 'A\r\nB\r\nC\r\nD\r\nE\r\n', instructions: ['A', 'B', 'C', 'D', 'E'] },
    {
      name: 'numbers that are not list markers are kept',
      raw: '3.5 cm is how many inches?\n2024 was a leap year; why?\n10 ways to cook rice\n-5 degrees in Fahrenheit?\n#1 tip for sleep?',
      instructions: ['3.5 cm is how many inches?', '2024 was a leap year; why?', '10 ways to cook rice', '-5 degrees in Fahrenheit?', '#1 tip for sleep?'],
    },
    {
      name: 'fewer than asked: kept, mismatch noted',
      raw: 'A\nB\nC',
      instructions: ['A', 'B', 'C'],
      error: 'expected 5 instructions, got 3 (kept as returned)',
    },
    {
      name: 'more than asked: kept, mismatch noted',
      raw: '1. A\n2. B\n3. C',
      count: 2,
      instructions: ['A', 'B', 'C'],
      error: 'expected 2 instructions, got 3 (kept as returned)',
    },
    { name: 'null output', raw: null, instructions: null, error: 'the endpoint returned no content' },
    { name: 'empty output', raw: '', instructions: null, error: 'the output holds no instruction lines' },
    { name: 'blank output', raw: '\n  \n\r\n', instructions: null, error: 'the output holds no instruction lines' },
    { name: 'only list markers', raw: '1. \n- \n', instructions: null, error: 'the output holds no instruction lines' },
  ];

  for (const { name, raw, count, instructions, error } of cases) {
    test(`${name}`, async () => {
      const params = { num_instructions: count ?? 5 };
      const configured = findTask('SelfInstruct').configure(params);
      const parsed = parseInstructionLines(raw, configured.params as never);
      assert.deepEqual(parsed, error ? { values: { instructions }, parseError: error } : { values: { instructions } });

      const { result } = await runOnce('SelfInstruct', params, { input: 'x' }, () => raw);
      assert.deepEqual(result.rows[0].instructions, instructions);
      assert.equal(result.status, error ? 'parse_error' : 'ok');
      assert.equal(result.error, error);
      assert.equal(metadataOf(result)[`error_${STEP}`], error);
      assert.equal(metadataOf(result)[`raw_output_${STEP}`], raw);
    });
  }
});
