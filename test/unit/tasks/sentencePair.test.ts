import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TaskParamsError } from '../../../src/core/tasks/defineTask';
import { findTask } from '../../../src/core/tasks/registry';
import { parseSentencePair } from '../../../src/core/tasks/sentencePair';
import { metadataOf, runOnce } from './kit';

const STEP = 'generate_sentence_pair_0';
const ANCHOR = 'How does 3D printing work?';
const nullableString = { kind: 'string', nullable: true };

const SYSTEM_OPENING = 'You write training data for a sentence-embedding model. Given an anchor, write';
const ACTION_LINES = {
  paraphrase: 'The positive must be a paraphrase of the anchor: the same meaning, in other words.',
  'semantically-similar': 'The positive must be semantically similar to the anchor: about the same thing, without restating it.',
  query: 'The positive must be a query that the anchor answers well, as someone searching for it would write it.',
  answer: 'The positive must be an answer to the anchor.',
} as const;
const NEGATIVE_LINE = 'The negative may reuse words of the anchor, but its meaning must have nothing to do with it.';
const HARD_NEGATIVE_LINE =
  'The negative must be a hard negative: it reuses the keywords, phrases and sentence structure of the anchor, so that it could be mistaken for a match, yet its meaning does not fit the anchor. It should be hard to tell apart from the positive.';
const CONTEXT_LINE = 'Take the context given with the anchor into account.';
const SECTIONS_FORMAT = 'Reply in exactly this form, with no other text:\n## Positive\n<the positive>';

describe('GenerateSentencePair column contract', () => {
  test('defaults: anchor in, positive out; action is required', () => {
    const configured = findTask('GenerateSentencePair').configure({ action: 'paraphrase' });
    assert.deepEqual(configured.inputs, { anchor: { kind: 'string', nullable: false } });
    assert.deepEqual(configured.outputs, { positive: nullableString });
    assert.deepEqual(configured.params, {
      triplet: false,
      action: 'paraphrase',
      hard_negative: false,
      context: '',
      use_default_structured_output: false,
      num_generations: 1,
      group_generations: false,
    });
  });

  test('triplet adds negative; hard_negative alone does not', () => {
    assert.deepEqual(findTask('GenerateSentencePair').configure({ action: 'query', triplet: true }).outputs, {
      positive: nullableString,
      negative: nullableString,
    });
    assert.deepEqual(findTask('GenerateSentencePair').configure({ action: 'query', hard_negative: true }).outputs, { positive: nullableString });
  });

  test('group_generations makes both outputs lists', () => {
    const outputs = findTask('GenerateSentencePair').configure({ action: 'answer', triplet: true, group_generations: true, num_generations: 2 }).outputs;
    const list = { kind: 'list', item: nullableString, nullable: true };
    assert.deepEqual(outputs, { positive: list, negative: list });
  });

  for (const params of [{}, { action: 'rephrase' }, { action: 'paraphrase', triplet: 'yes' }]) {
    test(`parameters ${JSON.stringify(params)} are refused`, () => {
      assert.throws(
        () => findTask('GenerateSentencePair').configure(params),
        (error: unknown) => error instanceof TaskParamsError && error.problems.length === 1 && /^(action|triplet): /.test(error.problems[0] as string),
      );
    });
  }
});

describe('GenerateSentencePair prompt', () => {
  test('positive only, no context: the exact system and user messages', async () => {
    const { client } = await runOnce('GenerateSentencePair', { action: 'paraphrase' }, { anchor: ANCHOR }, () => '## Positive\nx');
    assert.deepEqual(client.requests[0]?.messages, [
      { role: 'system', content: `${SYSTEM_OPENING} a positive for it.\n${ACTION_LINES.paraphrase}\n${SECTIONS_FORMAT}` },
      { role: 'user', content: `## Anchor\n\n${ANCHOR}` },
    ]);
    assert.equal(client.requests[0]?.responseFormat, undefined);
  });

  for (const [action, line] of Object.entries(ACTION_LINES)) {
    test(`action ${action}: its sentence is the second system line`, async () => {
      const { client } = await runOnce('GenerateSentencePair', { action }, { anchor: ANCHOR }, () => '## Positive\nx');
      assert.equal(client.requests[0]?.messages[0]?.content.split('\n')[1], line);
    });
  }

  test('triplet with a context: intro sentence, negative style, both sections asked for, context before the anchor', async () => {
    const context = 'Argilla is an open-source data curation platform for LLMs.';
    const { client } = await runOnce('GenerateSentencePair', { action: 'query', triplet: true, context }, { anchor: 'I want queries.' }, () => '');
    assert.deepEqual(client.requests[0]?.messages, [
      {
        role: 'system',
        content: `${SYSTEM_OPENING} a positive and a negative for it. ${CONTEXT_LINE}\n${ACTION_LINES.query}\n${NEGATIVE_LINE}\n${SECTIONS_FORMAT}\n## Negative\n<the negative>`,
      },
      { role: 'user', content: `## Context\n\n${context}\n\n## Anchor\n\nI want queries.` },
    ]);
  });

  test('hard_negative with triplet uses the hard-negative style; without triplet it changes nothing', async () => {
    const hard = await runOnce('GenerateSentencePair', { action: 'answer', triplet: true, hard_negative: true }, { anchor: ANCHOR }, () => '');
    const system = hard.client.requests[0]?.messages[0]?.content ?? '';
    assert.ok(system.includes(`\n${HARD_NEGATIVE_LINE}\n`), system);
    assert.ok(!system.includes(NEGATIVE_LINE));
    const plain = await runOnce('GenerateSentencePair', { action: 'answer', hard_negative: true }, { anchor: ANCHOR }, () => '');
    const unchanged = await runOnce('GenerateSentencePair', { action: 'answer' }, { anchor: ANCHOR }, () => '');
    assert.deepEqual(plain.client.requests[0]?.messages, unchanged.client.requests[0]?.messages);
  });

  test('use_default_structured_output sends a JSON schema of the output keys and asks for JSON', async () => {
    const { client, result } = await runOnce(
      'GenerateSentencePair',
      { action: 'paraphrase', triplet: true, use_default_structured_output: true },
      { anchor: ANCHOR },
      () => '{"positive": "p", "negative": "n"}',
    );
    assert.deepEqual(client.requests[0]?.responseFormat, {
      name: 'sentence_pair',
      schema: {
        type: 'object',
        properties: { positive: { type: 'string' }, negative: { type: 'string' } },
        required: ['positive', 'negative'],
        additionalProperties: false,
      },
    });
    assert.ok(client.requests[0]?.messages[0]?.content.endsWith('Reply with a JSON object whose "positive" holds the positive and whose "negative" holds the negative, and nothing else.'));
    assert.deepEqual(result.rows[0], { ...result.rows[0], anchor: ANCHOR, positive: 'p', negative: 'n' });
    assert.equal(result.status, 'ok');
  });
});

describe('GenerateSentencePair rows', () => {
  test('a triplet row: anchor kept, positive and negative, model and metadata', async () => {
    const raw = '## Positive\nHow do 3D printers build objects?\n\n## Negative\nHow does offset printing work?';
    const { result } = await runOnce('GenerateSentencePair', { action: 'paraphrase', triplet: true }, { anchor: ANCHOR, id: 7 }, () => raw);
    assert.equal(result.status, 'ok');
    const { distilabel_metadata: _metadata, ...row } = result.rows[0];
    assert.deepEqual(row, {
      anchor: ANCHOR,
      id: 7,
      positive: 'How do 3D printers build objects?',
      negative: 'How does offset printing work?',
      model_name: 'scripted-model',
    });
    assert.equal(metadataOf(result)[`raw_output_${STEP}`], raw);
  });

  test('a null output without triplet gives no negative key (ambiguity 19)', async () => {
    const { result } = await runOnce('GenerateSentencePair', { action: 'paraphrase' }, { anchor: ANCHOR }, () => null);
    assert.equal(result.status, 'parse_error');
    assert.equal(result.error, 'the endpoint returned no content');
    assert.ok(!('negative' in result.rows[0]));
    assert.equal(result.rows[0].positive, null);
  });

  test('two generations give two rows', async () => {
    const { result } = await runOnce('GenerateSentencePair', { action: 'paraphrase', num_generations: 2 }, { anchor: ANCHOR }, (_, n) => `## Positive\nP${n}`);
    assert.deepEqual(result.rows.map((row) => row.positive).sort(), ['P1', 'P2']);
  });
});

describe('sentence pair parsing', () => {
  type Case = { name: string; raw: string | null; triplet?: boolean; structured?: boolean; values: Record<string, string | null>; error?: string };
  const pair = (positive: string | null, negative: string | null) => ({ positive, negative });
  const cases: Case[] = [
    { name: 'positive only', raw: '## Positive\nA paraphrase.', values: { positive: 'A paraphrase.' } },
    { name: 'null', raw: null, triplet: true, values: pair(null, null), error: 'the endpoint returned no content' },
    { name: 'empty', raw: '', values: { positive: null }, error: 'the output has no "## Positive" section' },
    { name: 'no heading', raw: 'A paraphrase without a heading.', values: { positive: null }, error: 'the output has no "## Positive" section' },
    { name: 'prose before the heading (U.9)', raw: 'Sure! Here it is:\n\n## Positive\nA paraphrase.\n', values: { positive: 'A paraphrase.' } },
    { name: 'triplet, both sections', raw: '## Positive\nP line\n## Negative\nN line', triplet: true, values: pair('P line', 'N line') },
    {
      name: 'multi-line sections are kept whole',
      raw: '## Positive\nFirst line.\nSecond line.\n\n## Negative\nOther.\nMore.\n',
      triplet: true,
      values: pair('First line.\nSecond line.', 'Other.\nMore.'),
    },
    { name: 'triplet, negative missing', raw: '## Positive\nP', triplet: true, values: pair('P', null), error: 'the output has no "## Negative" section' },
    { name: 'triplet, negative empty', raw: '## Positive\nP\n## Negative\n  \n', triplet: true, values: pair('P', null), error: 'the "## Negative" section is empty' },
    { name: 'positive empty', raw: '## Positive\n\n## Negative\nN', triplet: true, values: pair(null, 'N'), error: 'the "## Positive" section is empty' },
    { name: 'not triplet: a negative section is cut off the positive', raw: '## Positive\nP\n\n## Negative\nN', values: { positive: 'P' } },
    { name: 'negative first', raw: '## Negative\nN\n## Positive\nP', triplet: true, values: pair('P', 'N') },
    {
      name: 'heading variants: case, level, colon, text on the heading line',
      raw: '### positive: P here\n# NEGATIVE sentence:\nN here',
      triplet: true,
      values: pair('P here', 'N here'),
    },
    { name: 'a heading word inside text is not a heading', raw: 'The ## Positive answer is below.\nP', values: { positive: null }, error: 'the output has no "## Positive" section' },
    { name: 'a JSON answer is accepted without structured output', raw: '{"positive": "P", "negative": "N"}', triplet: true, values: pair('P', 'N') },
    { name: 'structured: JSON', raw: '```json\n{"positive": "P"}\n```', structured: true, values: { positive: 'P' } },
    { name: 'structured: sections still parse', raw: '## Positive\nP\n## Negative\nN', triplet: true, structured: true, values: pair('P', 'N') },
    {
      name: 'structured: JSON missing negative',
      raw: '{"positive": "P"}',
      triplet: true,
      structured: true,
      values: pair('P', null),
      error: 'the JSON has no negative',
    },
    { name: 'structured: truncated JSON', raw: '{"positive": "P", "nega', triplet: true, structured: true, values: pair(null, null), error: 'the JSON is cut off before its end' },
    { name: 'structured: wrong type', raw: '{"positive": ["P"]}', structured: true, values: { positive: null }, error: '"positive" should be a string, got a list' },
    { name: 'structured: neither form', raw: 'I cannot help with that.', structured: true, values: { positive: null }, error: 'the output holds no JSON' },
  ];
  for (const { name, raw, triplet = false, structured = false, values, error } of cases) {
    test(`${name}: ${JSON.stringify(raw)}`, async () => {
      const params = { action: 'paraphrase' as const, triplet, hard_negative: false, context: '', use_default_structured_output: structured };
      assert.deepEqual(parseSentencePair(raw, params), error ? { values, parseError: error } : { values });
      const { result } = await runOnce('GenerateSentencePair', params, { anchor: ANCHOR }, () => raw);
      assert.equal(result.status, error ? 'parse_error' : 'ok');
      assert.equal(result.error, error);
      for (const [key, value] of Object.entries(values)) assert.equal(result.rows[0][key], value, key);
    });
  }
});
