import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonObject } from '../../../src/core/jsonl/types';
import { TaskParamsError } from '../../../src/core/tasks/defineTask';
import { parseJsonStrings } from '../../../src/core/tasks/embeddingData';
import { findTask } from '../../../src/core/tasks/registry';
import { runOnce, userContent } from './kit';

const TASK = 'Given a product title, find its category.';
const nullableString = { kind: 'string', nullable: true };
const stringInput = { task: { kind: 'string', nullable: false } };

/** The user prompt the task sends for `row` as row `index`. */
async function promptOf(taskName: string, params: object, row: JsonObject = { task: TASK }, index = 0): Promise<string> {
  const { client } = await runOnce(taskName, params, row, () => '{}', { index });
  return userContent(client.requests[0]?.messages ?? []);
}

/** The value captured by `pattern` in the prompt (the attribute it shows). */
function shown(prompt: string, pattern: RegExp): string {
  const match = pattern.exec(prompt);
  if (!match) throw new Error(`${pattern} not in prompt: ${prompt}`);
  return match[1] as string;
}

const REPLY = (keys: string) => `Reply with only a JSON object with the keys ${keys}: no explanation, no text before or after it.`;

describe('embedding-data column contracts', () => {
  const contracts: { name: string; params: object; kind: string; inputs: object; outputs: string[]; defaults: object }[] = [
    {
      name: 'GenerateShortTextMatchingData',
      params: {},
      kind: 'task',
      inputs: stringInput,
      outputs: ['input', 'positive_document'],
      defaults: { language: 'English', seed: 42 },
    },
    {
      name: 'GenerateLongTextMatchingData',
      params: {},
      kind: 'task',
      inputs: stringInput,
      outputs: ['input', 'positive_document'],
      defaults: { language: 'English', seed: 42 },
    },
    {
      name: 'GenerateTextClassificationData',
      params: {},
      kind: 'task',
      inputs: stringInput,
      outputs: ['input_text', 'label', 'misleading_label'],
      defaults: { language: 'English', difficulty: null, clarity: null, seed: 42 },
    },
    {
      name: 'GenerateTextRetrievalData',
      params: {},
      kind: 'task',
      inputs: stringInput,
      outputs: ['user_query', 'positive_document', 'hard_negative_document'],
      defaults: { language: 'English', query_type: null, query_length: null, difficulty: null, clarity: null, num_words: null, seed: 42 },
    },
    {
      name: 'BitextRetrievalGenerator',
      params: { target_language: 'Spanish' },
      kind: 'generator',
      inputs: {},
      outputs: ['S1', 'S2', 'S3'],
      defaults: { source_language: 'English', target_language: 'Spanish', unit: null, difficulty: null, high_score: null, low_score: null, seed: 42 },
    },
    {
      name: 'MonolingualTripletGenerator',
      params: {},
      kind: 'generator',
      inputs: {},
      outputs: ['S1', 'S2', 'S3'],
      defaults: { language: 'English', unit: null, difficulty: null, high_score: null, low_score: null, seed: 42 },
    },
  ];
  for (const { name, params, kind, inputs, outputs, defaults } of contracts) {
    test(`${name}: ${kind}, inputs ${JSON.stringify(Object.keys(inputs))}, outputs ${outputs.join(', ')}`, () => {
      const definition = findTask(name);
      assert.equal(definition.kind, kind);
      const configured = definition.configure(params);
      assert.deepEqual(configured.inputs, inputs);
      assert.deepEqual(configured.outputs, Object.fromEntries(outputs.map((key) => [key, nullableString])));
      assert.deepEqual(configured.params, { ...defaults, use_default_structured_output: false, num_generations: 1, group_generations: false });
      assert.equal(configured.seed, 42);
      const grouped = definition.configure({ ...params, group_generations: true }).outputs;
      assert.deepEqual(grouped, Object.fromEntries(outputs.map((key) => [key, { kind: 'list', item: nullableString, nullable: true }])));
    });
  }

  const refused: [string, object, RegExp][] = [
    ['BitextRetrievalGenerator', {}, /^target_language: /],
    ['BitextRetrievalGenerator', { target_language: '' }, /^target_language: must not be empty/],
    ['BitextRetrievalGenerator', { target_language: 'French', unit: 'word' }, /^unit: /],
    ['BitextRetrievalGenerator', { target_language: 'French', high_score: 3 }, /^high_score: /],
    ['MonolingualTripletGenerator', { low_score: '4' }, /^low_score: /],
    ['GenerateTextClassificationData', { difficulty: 'elementary school' }, /^difficulty: /],
    ['GenerateTextRetrievalData', { num_words: 75 }, /^num_words: /],
    ['GenerateTextRetrievalData', { num_words: '100' }, /^num_words: /],
    ['GenerateShortTextMatchingData', { seed: 1.5 }, /^seed: /],
    ['GenerateLongTextMatchingData', { langauge: 'French' }, /langauge/],
  ];
  for (const [name, params, problem] of refused) {
    test(`${name} refuses ${JSON.stringify(params)}`, () => {
      assert.throws(
        () => findTask(name).configure(params),
        (error: unknown) => error instanceof TaskParamsError && error.problems.length === 1 && problem.test(error.problems[0] as string),
      );
    });
  }

  test('a number for a score means the score string (YAML and --param give numbers)', () => {
    const params = findTask('BitextRetrievalGenerator').configure({ target_language: 'French', high_score: 4.5, low_score: 3 }).params;
    assert.equal(params.high_score, '4.5');
    assert.equal(params.low_score, '3');
  });
});

describe('embedding-data prompts', () => {
  test('GenerateShortTextMatchingData: the whole prompt', async () => {
    assert.equal(
      await promptOf('GenerateShortTextMatchingData', { language: 'German' }),
      [
        'You write training data for a text-embedding model. Below is a text-matching task, where two short texts belong together.',
        'The task:',
        '<task>',
        TASK,
        '</task>',
        '',
        'Write one example for this task: an "input" text and a "positive_document" that matches it.',
        '- Keep both texts short: one sentence or a phrase.',
        '- Let them share as few words as possible, so that only their meaning ties them together.',
        '- Each text must make sense on its own, without referring to the other.',
        '- Write both in German.',
        '',
        REPLY('"input" and "positive_document"'),
      ].join('\n'),
    );
  });

  test('GenerateLongTextMatchingData asks for long texts in the language', async () => {
    const prompt = await promptOf('GenerateLongTextMatchingData', {});
    assert.ok(prompt.includes(`<task>\n${TASK}\n</task>`));
    assert.ok(prompt.includes('\n- Make both texts long: at least 300 words each.\n'));
    assert.ok(prompt.includes('\n- Write both in English.\n'));
    assert.ok(prompt.endsWith(REPLY('"input" and "positive_document"')));
  });

  test('GenerateTextClassificationData shows the explicit attributes verbatim', async () => {
    const prompt = await promptOf('GenerateTextClassificationData', { language: 'French', difficulty: 'PhD', clarity: 'understandable with some effort' });
    assert.ok(prompt.includes(`<task>\n${TASK}\n</task>`));
    assert.ok(prompt.includes('\n- Clarity of the input text: understandable with some effort.\n'));
    assert.ok(prompt.includes('\n- Understanding the input text should take PhD level education.\n'));
    assert.ok(prompt.includes('\n- Write in French.\n'));
    assert.ok(prompt.endsWith(REPLY('"input_text", "label" and "misleading_label"')));
  });

  test('GenerateTextRetrievalData shows every attribute', async () => {
    const prompt = await promptOf('GenerateTextRetrievalData', {
      language: 'Italian',
      query_type: 'common',
      query_length: '5 to 15 words',
      difficulty: 'college',
      clarity: 'ambiguous',
      num_words: 300,
    });
    assert.ok(prompt.includes('\n- "user_query": a query of 5 to 15 words. How common such a query is: common. How clear it is: ambiguous.\n'), prompt);
    assert.ok(prompt.includes('\n- "positive_document": a document that serves the query well, at least 300 words long.\n'));
    assert.ok(prompt.includes('\n- "hard_negative_document": a document on a nearby subject, at least 300 words long,'));
    assert.ok(prompt.includes('\n- Understanding the query and the documents should take college level education.\n'));
    assert.ok(prompt.includes('\n- Write everything in Italian.\n'));
    assert.ok(prompt.endsWith(REPLY('"user_query", "positive_document" and "hard_negative_document"')));
  });

  test('BitextRetrievalGenerator: the whole prompt with the docs example attributes', async () => {
    const prompt = await promptOf(
      'BitextRetrievalGenerator',
      { target_language: 'Spanish', unit: 'sentence', difficulty: 'elementary school', high_score: '4', low_score: '2.5' },
      {},
    );
    assert.equal(
      prompt,
      [
        'Write a triple of sentences for training a bitext-retrieval model.',
        '- "S1" is written in English; "S2" and "S3" are translations of it into Spanish.',
        '- Translation quality is rated from 1 (useless) to 5 (perfect). "S2" deserves 4; "S3" deserves 2.5.',
        '- "S3" reads fluently but is flawed: a wrong keyword or number, something left out or something added. It shares some words with "S2".',
        '- Understanding "S1" should take elementary school level education. Choose any topic, and vary the length.',
        '',
        REPLY('"S1", "S2" and "S3"'),
      ].join('\n'),
    );
  });

  test('MonolingualTripletGenerator: one language, similarity scores', async () => {
    const prompt = await promptOf('MonolingualTripletGenerator', { language: 'Dutch', unit: 'passage', difficulty: 'college', high_score: 5, low_score: 3.5 }, {});
    assert.ok(prompt.startsWith('Write a triple of passages in Dutch whose meanings are similar to different degrees.\n'), prompt);
    assert.ok(prompt.includes('"S1" and "S2" rate 5; "S1" and "S3" rate 3.5.'));
    assert.ok(prompt.includes('Understanding them should take college level education.'));
    assert.ok(prompt.endsWith(REPLY('"S1", "S2" and "S3"')));
  });

  test('a task text with quotes, braces and newlines is passed verbatim inside the task block', async () => {
    const task = 'Match "quoted" {braces} and $1\nacross lines';
    const prompt = await promptOf('GenerateShortTextMatchingData', {}, { task });
    assert.ok(prompt.includes(`<task>\n${task}\n</task>`));
  });

  test('a row without a task is refused before any request', async () => {
    const { result, client } = await runOnce('GenerateTextClassificationData', {}, { instruction: 'x' }, () => '{}');
    assert.equal(result.status, 'input_error');
    assert.equal(result.error, 'column "task" is missing. Map or fix the column, then run again.');
    assert.equal(client.requests.length, 0);
  });

  test('an input mapping reads the task from another column', async () => {
    const task = findTask('GenerateShortTextMatchingData').configure({}, { input: { task: 'description' } });
    assert.deepEqual(task.inputs, { description: { kind: 'string', nullable: false } });
  });
});

describe('embedding-data sampling', () => {
  const BITEXT = {
    unit: /^Write a triple of (\w+)s for/,
    difficulty: /should take (.+?) level education/,
    high: /"S2" deserves (\S+);/,
    low: /"S3" deserves (\S+)\./,
  };
  const picks = (prompt: string) => Object.values(BITEXT).map((pattern) => shown(prompt, pattern));

  test('the same seed and row give the same picks; another row or seed gives others', async () => {
    const params = { target_language: 'French' };
    const rows = await Promise.all(Array.from({ length: 12 }, (_, index) => promptOf('BitextRetrievalGenerator', params, {}, index)));
    const again = await Promise.all(Array.from({ length: 12 }, (_, index) => promptOf('BitextRetrievalGenerator', params, {}, index)));
    assert.deepEqual(again, rows);
    assert.ok(new Set(rows.map((prompt) => picks(prompt).join('|'))).size > 6, 'rows differ');
    const otherSeed = await Promise.all(Array.from({ length: 12 }, (_, index) => promptOf('BitextRetrievalGenerator', { ...params, seed: 7 }, {}, index)));
    assert.notDeepEqual(otherSeed, rows);
  });

  test('every option of every attribute is drawn over 60 rows, and only those options', async () => {
    const prompts = await Promise.all(Array.from({ length: 60 }, (_, index) => promptOf('BitextRetrievalGenerator', { target_language: 'French' }, {}, index)));
    const seen = (pattern: RegExp) => [...new Set(prompts.map((prompt) => shown(prompt, pattern)))].sort();
    assert.deepEqual(seen(BITEXT.unit), ['passage', 'phrase', 'sentence']);
    assert.deepEqual(seen(BITEXT.difficulty), ['college', 'elementary school', 'high school']);
    assert.deepEqual(seen(BITEXT.high), ['4', '4.5', '5']);
    assert.deepEqual(seen(BITEXT.low), ['2.5', '3', '3.5']);
  });

  test('fixing one attribute keeps the picks of the others', async () => {
    for (let index = 0; index < 8; index++) {
      const free = picks(await promptOf('BitextRetrievalGenerator', { target_language: 'French' }, {}, index));
      const fixed = picks(await promptOf('BitextRetrievalGenerator', { target_language: 'French', unit: 'phrase' }, {}, index));
      assert.deepEqual(fixed, ['phrase', ...free.slice(1)]);
    }
  });

  test('explicit values are used on every row', async () => {
    const params = { target_language: 'French', unit: 'passage', difficulty: 'college', high_score: '4.5', low_score: '3' };
    for (let index = 0; index < 5; index++) {
      assert.deepEqual(picks(await promptOf('BitextRetrievalGenerator', params, {}, index)), ['passage', 'college', '4.5', '3']);
    }
  });

  test('each generation of a row samples anew', async () => {
    const { client } = await runOnce('MonolingualTripletGenerator', { num_generations: 6 }, {}, () => '{}');
    const prompts = client.requests.map((request) => userContent(request.messages));
    assert.equal(prompts.length, 6);
    assert.ok(new Set(prompts).size > 1);
  });

  test('GenerateTextRetrievalData samples its five attributes from their lists', async () => {
    const prompts = await Promise.all(Array.from({ length: 40 }, (_, index) => promptOf('GenerateTextRetrievalData', {}, { task: `${TASK} (${index})` }, index)));
    const seen = (pattern: RegExp) => [...new Set(prompts.map((prompt) => shown(prompt, pattern)))].sort();
    assert.deepEqual(seen(/a query of (.+?)\. How common/), ['5 to 15 words', 'at least 10 words', 'less than 5 words']);
    assert.deepEqual(seen(/How common such a query is: (.+?)\./), ['common', 'extremely long-tail', 'long-tail']);
    assert.deepEqual(seen(/How clear it is: (.+?)\.\n/), ['ambiguous', 'clear', 'understandable with some effort']);
    assert.deepEqual(seen(/should take (.+?) level education/), ['PhD', 'college', 'high school']);
    assert.deepEqual(seen(/well, at least (\d+) words long/), ['100', '200', '300', '400', '50', '500']);
  });

  test('GenerateTextClassificationData samples difficulty and clarity; the text-matching tasks sample nothing', async () => {
    const prompts = await Promise.all(Array.from({ length: 30 }, (_, index) => promptOf('GenerateTextClassificationData', {}, { task: `${TASK} (${index})` }, index)));
    const seen = (pattern: RegExp) => [...new Set(prompts.map((prompt) => shown(prompt, pattern)))].sort();
    assert.deepEqual(seen(/Clarity of the input text: (.+?)\.\n/), ['ambiguous', 'clear', 'understandable with some effort']);
    assert.deepEqual(seen(/should take (.+?) level education/), ['PhD', 'college', 'high school']);
    const matching = await Promise.all([0, 1, 2].map((index) => promptOf('GenerateShortTextMatchingData', { seed: index }, { task: TASK }, index)));
    assert.equal(new Set(matching).size, 1);
  });
});

describe('embedding-data structured output', () => {
  test('off by default: no response format', async () => {
    const { client } = await runOnce('GenerateTextRetrievalData', {}, { task: TASK }, () => '{}');
    assert.equal(client.requests[0]?.responseFormat, undefined);
  });

  test('on: a schema of the output keys, all required strings; the answer parsed', async () => {
    const answer = { S1: 'Hello', S2: 'Hola', S3: 'Hola amigos' };
    const { client, result } = await runOnce(
      'BitextRetrievalGenerator',
      { target_language: 'Spanish', use_default_structured_output: true },
      {},
      () => JSON.stringify(answer),
    );
    assert.deepEqual(client.requests[0]?.responseFormat, {
      name: 'bitext_retrieval',
      schema: {
        type: 'object',
        properties: { S1: { type: 'string' }, S2: { type: 'string' }, S3: { type: 'string' } },
        required: ['S1', 'S2', 'S3'],
        additionalProperties: false,
      },
    });
    const { distilabel_metadata: _metadata, ...row } = result.rows[0];
    assert.deepEqual(row, { ...answer, model_name: 'scripted-model' });
  });

  test('on, but the endpoint answers prose with a fenced block: still parsed', async () => {
    const { result } = await runOnce(
      'GenerateShortTextMatchingData',
      { use_default_structured_output: true },
      { task: TASK },
      () => 'Sure:\n```json\n{"input": "laptop sleeve", "positive_document": "Computer accessories"}\n```',
    );
    assert.equal(result.status, 'ok');
    assert.equal(result.rows[0].positive_document, 'Computer accessories');
  });
});

describe('embedding-data JSON parsing', () => {
  const KEYS = ['input_text', 'label', 'misleading_label'];
  const all = (input_text: string | null, label: string | null, misleading_label: string | null) => ({ input_text, label, misleading_label });
  const cases: { name: string; raw: string | null; values: Record<string, string | null>; error?: string }[] = [
    { name: 'plain JSON', raw: '{"input_text": "t", "label": "a", "misleading_label": "b"}', values: all('t', 'a', 'b') },
    { name: 'null', raw: null, values: all(null, null, null), error: 'the endpoint returned no content' },
    { name: 'empty', raw: '', values: all(null, null, null), error: 'the output is empty' },
    { name: 'prose only', raw: 'I cannot do that.', values: all(null, null, null), error: 'the output holds no JSON' },
    {
      name: 'fenced with a preamble and an afterword',
      raw: 'Here you go:\n```json\n{"input_text": "t", "label": "a", "misleading_label": "b"}\n```\nHope it helps!',
      values: all('t', 'a', 'b'),
    },
    { name: 'prose around bare JSON', raw: 'Example: {"input_text": "t", "label": "a", "misleading_label": "b"} done', values: all('t', 'a', 'b') },
    { name: 'Python literal', raw: "{'input_text': 'it\\'s', 'label': 'a', 'misleading_label': 'b'}", values: all("it's", 'a', 'b') },
    { name: 'raw newline inside a string', raw: '{"input_text": "line 1\nline 2", "label": "a", "misleading_label": "b"}', values: all('line 1\nline 2', 'a', 'b') },
    { name: 'truncated', raw: '{"input_text": "t", "label": "a", "misleading_la', values: all(null, null, null), error: 'the JSON is cut off before its end' },
    { name: 'missing key', raw: '{"input_text": "t", "label": "a"}', values: all('t', 'a', null), error: 'the JSON has no misleading_label' },
    { name: 'a list instead of an object', raw: '["t", "a", "b"]', values: all(null, null, null), error: 'expected a JSON object with input_text, label, misleading_label, got a list' },
    { name: 'a string', raw: '"just text"', values: all(null, null, null), error: 'expected a JSON object with input_text, label, misleading_label, got a string ("just text")' },
    {
      name: 'wrong types: numbers and booleans become strings, lists and objects null',
      raw: '{"input_text": ["t"], "label": 3, "misleading_label": false}',
      values: all(null, '3', 'false'),
      error: '"input_text" should be a string, got a list',
    },
    { name: 'explicit null and empty string', raw: '{"input_text": null, "label": " ", "misleading_label": "b"}', values: all(null, null, 'b'), error: '"input_text" is null; "label" is empty' },
    { name: 'keys in another case', raw: '{"Input_Text": "t", "LABEL": "a", "misleading_label": "b"}', values: all('t', 'a', 'b') },
    { name: 'extra keys are ignored', raw: '{"input_text": "t", "label": "a", "misleading_label": "b", "note": "x"}', values: all('t', 'a', 'b') },
    {
      name: 'missing key and wrong type together',
      raw: '{"input_text": {"x": 1}, "label": "a"}',
      values: all(null, 'a', null),
      error: 'the JSON has no misleading_label; "input_text" should be a string, got an object',
    },
  ];
  for (const { name, raw, values, error } of cases) {
    test(`${name}: ${JSON.stringify(raw)}`, async () => {
      assert.deepEqual(parseJsonStrings(raw, KEYS), error ? { values, parseError: error } : { values });
      const { result } = await runOnce('GenerateTextClassificationData', {}, { task: TASK }, () => raw);
      assert.equal(result.status, error ? 'parse_error' : 'ok');
      assert.equal(result.error, error);
      const { distilabel_metadata: _metadata, ...row } = result.rows[0];
      assert.deepEqual(row, { task: TASK, ...values, model_name: 'scripted-model' });
    });
  }
});
