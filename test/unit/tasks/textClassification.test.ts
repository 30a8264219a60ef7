import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TaskParamsError } from '../../../src/core/tasks/defineTask';
import { findTask } from '../../../src/core/tasks/registry';
import {
  DEFAULT_CLASSIFICATION_CONTEXT,
  DEFAULT_CLASSIFICATION_SYSTEM_PROMPT,
  parseLabels,
  textClassificationSchema,
} from '../../../src/core/tasks/textClassification';
import { metadataOf, runOnce, userContent } from './kit';

const STEP = 'text_classification_0';
const TEXT = 'The match ended 2-1 after extra time.';
const SENTIMENT = ['positive', 'negative', 'neutral'];

function params(overrides: Record<string, unknown> = {}) {
  return findTask('TextClassification').configure(overrides).params as never;
}

function problems(overrides: Record<string, unknown>): readonly string[] {
  try {
    findTask('TextClassification').configure(overrides);
  } catch (error) {
    assert.ok(error instanceof TaskParamsError);
    return error.problems;
  }
  assert.fail('accepted');
}

describe('TextClassification column contract and params', () => {
  test('n = 1: labels is a nullable string', () => {
    const configured = findTask('TextClassification').configure({});
    assert.deepEqual(configured.inputs, { text: { kind: 'string', nullable: false } });
    assert.deepEqual(configured.outputs, { labels: { kind: 'string', nullable: true } });
    assert.deepEqual(configured.params, {
      system_prompt: DEFAULT_CLASSIFICATION_SYSTEM_PROMPT,
      n: 1,
      context: DEFAULT_CLASSIFICATION_CONTEXT,
      default_label: 'Unclassified',
      query_title: 'User Query',
      use_default_structured_output: true,
      num_generations: 1,
      group_generations: false,
    });
  });

  test('n > 1: labels is a nullable list of strings', () => {
    assert.deepEqual(findTask('TextClassification').configure({ n: 3 }).outputs, {
      labels: { kind: 'list', item: { kind: 'string', nullable: false }, nullable: true },
    });
  });

  test('bad parameters are refused, naming them', () => {
    assert.deepEqual(problems({ n: 0 }).map((problem) => problem.split(':')[0]), ['n']);
    assert.deepEqual(problems({ n: 11 }).map((problem) => problem.split(':')[0]), ['n']);
    assert.deepEqual(problems({ available_labels: {} }), ['available_labels: needs at least one label']);
    assert.deepEqual(problems({ available_labels: ['Sports', 'sports '] }), ['available_labels: "sports " is listed more than once']);
    assert.deepEqual(problems({ available_labels: [] }), ['available_labels: needs at least one label']);
  });
});

describe('TextClassification prompt', () => {
  test('labels with descriptions, context, examples, default label, query title and the text', async () => {
    const overrides = {
      available_labels: { sports: 'games and athletes', politics: 'government' },
      context: 'News headlines.',
      examples: ['"Vote tomorrow" -> politics'],
      default_label: 'other',
      query_title: 'Headline',
    };
    const { client } = await runOnce('TextClassification', overrides, { text: TEXT }, () => '{"labels": "sports"}');
    const messages = client.requests[0]?.messages ?? [];
    assert.deepEqual(messages[0], { role: 'system', content: DEFAULT_CLASSIFICATION_SYSTEM_PROMPT });
    const content = userContent(messages);
    assert.ok(content.startsWith('Classify the text below with exactly one label.\n'));
    assert.ok(content.includes('\n## Context\nNews headlines.\n'));
    assert.ok(content.includes('\n- "sports": games and athletes\n- "politics": government\n'));
    assert.ok(content.includes('\n## Examples\n- "Vote tomorrow" -> politics\n'));
    assert.ok(content.includes('Answer with a JSON object and nothing else: {"labels": "<label>"}'));
    assert.ok(content.includes('If no label fits, answer with the label "other".'));
    assert.ok(content.endsWith(`\n## Headline\n${TEXT}`));
    assert.deepEqual(client.requests[0]?.responseFormat, {
      name: 'text_classification',
      schema: {
        type: 'object',
        properties: { labels: { type: 'string', enum: ['sports', 'politics', 'other'] } },
        required: ['labels'],
        additionalProperties: false,
      },
    });
  });

  test('n = 2 without labels: a list is asked for; no context section when empty; no schema when turned off', async () => {
    const { client } = await runOnce('TextClassification', { n: 2, context: '', use_default_structured_output: false }, { text: TEXT }, () => '{"labels": []}');
    const content = userContent(client.requests[0]?.messages ?? []);
    assert.ok(content.startsWith('Classify the text below with up to 2 labels, the most fitting first.\n'));
    assert.ok(!content.includes('## Context'));
    assert.ok(!content.includes('## Available labels'));
    assert.ok(content.includes('{"labels": ["<label>", ...]}'));
    assert.equal(client.requests[0]?.responseFormat, undefined);
  });

  test('schema for n = 3 with labels: an array of the enum, 1 to 3 items', () => {
    assert.deepEqual(textClassificationSchema(params({ n: 3, available_labels: SENTIMENT })).schema, {
      type: 'object',
      properties: { labels: { type: 'array', items: { type: 'string', enum: [...SENTIMENT, 'Unclassified'] }, minItems: 1, maxItems: 3 } },
      required: ['labels'],
      additionalProperties: false,
    });
  });
});

describe('TextClassification parsing', () => {
  const cases: { name: string; raw: string | null; overrides?: Record<string, unknown>; labels: unknown; problem?: string }[] = [
    { name: 'one label', raw: '{"labels": "positive"}', overrides: { available_labels: SENTIMENT }, labels: 'positive' },
    { name: 'case and spaces normalised to the listed spelling', raw: '{"labels": "  Positive "}', overrides: { available_labels: SENTIMENT }, labels: 'positive' },
    { name: 'a one-item list for n = 1', raw: '{"labels": ["negative"]}', overrides: { available_labels: SENTIMENT }, labels: 'negative' },
    {
      name: 'unknown label dropped -> default',
      raw: '{"labels": "angry"}',
      overrides: { available_labels: SENTIMENT },
      labels: 'Unclassified',
      problem: 'dropped "angry": not in available_labels',
    },
    {
      name: 'too many for n = 1: the first kept',
      raw: '{"labels": ["neutral", "positive"]}',
      overrides: { available_labels: SENTIMENT },
      labels: 'neutral',
      problem: 'expected at most 1 label, got 2; kept the first 1',
    },
    { name: 'empty list -> default, no problem', raw: '{"labels": []}', overrides: { available_labels: SENTIMENT }, labels: 'Unclassified' },
    { name: 'null labels -> default', raw: '{"labels": null}', labels: 'Unclassified' },
    { name: 'the default label itself', raw: '{"labels": "unclassified"}', overrides: { available_labels: SENTIMENT }, labels: 'Unclassified' },
    { name: 'free labels without available_labels', raw: '{"labels": "Sports results"}', labels: 'Sports results' },
    { name: 'fenced JSON with prose', raw: 'Here:\n```json\n{"labels": "neutral"}\n```', overrides: { available_labels: SENTIMENT }, labels: 'neutral' },
    { name: 'a bare known label', raw: 'Positive.', overrides: { available_labels: SENTIMENT }, labels: 'positive' },
    { name: 'a bare unknown word', raw: 'Angry', overrides: { available_labels: SENTIMENT }, labels: null, problem: 'the output holds no JSON' },
    { name: 'a bare JSON list', raw: '["neutral"]', overrides: { available_labels: SENTIMENT }, labels: 'neutral' },
    { name: 'truncated JSON', raw: '{"labels": ["neu', labels: null, problem: 'the JSON is cut off before its end' },
    { name: 'JSON without labels', raw: '{"label": "x"}', labels: null, problem: 'the JSON has no "labels"' },
    { name: 'empty output', raw: '', labels: null, problem: 'the output is empty' },
    { name: 'null output', raw: null, labels: null, problem: 'the endpoint returned no content' },
    {
      name: 'n = 2: duplicates once, unknown dropped, too many cut',
      raw: '{"labels": ["Negative", "negative", "bored", "neutral", "positive"]}',
      overrides: { n: 2, available_labels: SENTIMENT },
      labels: ['negative', 'neutral'],
      problem: 'dropped "bored": not in available_labels; expected at most 2 labels, got 3; kept the first 2',
    },
    { name: 'n = 2: a string becomes a list', raw: '{"labels": "neutral"}', overrides: { n: 2, available_labels: SENTIMENT }, labels: ['neutral'] },
    { name: 'n = 2: nothing left -> [default]', raw: '{"labels": ["x"]}', overrides: { n: 2, available_labels: SENTIMENT }, labels: ['Unclassified'], problem: 'dropped "x": not in available_labels' },
    {
      name: 'n = 2: the default next to a real label is dropped',
      raw: '{"labels": ["Unclassified", "positive"]}',
      overrides: { n: 2, available_labels: SENTIMENT },
      labels: ['positive'],
    },
    {
      name: 'non-string items dropped with a note',
      raw: '{"labels": [3, "positive"]}',
      overrides: { n: 2, available_labels: SENTIMENT },
      labels: ['positive'],
      problem: 'dropped 3: a label must be a string',
    },
    { name: 'labels from a {label: description} map', raw: '{"labels": "Sports"}', overrides: { available_labels: { sports: 'x', politics: 'y' } }, labels: 'sports' },
  ];
  for (const { name, raw, overrides, labels, problem } of cases) {
    test(`${name}: ${JSON.stringify(raw)}`, async () => {
      const values = { labels };
      assert.deepEqual(parseLabels(raw, params(overrides)), problem ? { values, parseError: problem } : { values });
      const { result } = await runOnce('TextClassification', overrides ?? {}, { text: TEXT }, () => raw);
      assert.deepEqual(result.rows[0].labels, labels);
      assert.equal(result.status, problem ? 'parse_error' : 'ok');
      assert.equal(metadataOf(result)[`error_${STEP}`], problem);
    });
  }
});
