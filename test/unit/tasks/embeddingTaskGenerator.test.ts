import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TaskParamsError } from '../../../src/core/tasks/defineTask';
import { parseTaskList } from '../../../src/core/tasks/embeddingTaskGenerator';
import { findTask } from '../../../src/core/tasks/registry';
import { metadataOf, runOnce, userContent } from './kit';

const STEP = 'embedding_task_generator_0';
const LIST = "['Retrieve recipes for a dish.', 'Find papers citing a method.', 'Match questions to FAQ entries.']";
const TASKS = ['Retrieve recipes for a dish.', 'Find papers citing a method.', 'Match questions to FAQ entries.'];
const REPLY_LINE = 'Reply with only a Python list of strings, about 20 of them, one task per string in one sentence: no numbering, no explanation.';

describe('EmbeddingTaskGenerator column contract', () => {
  test('a generator with no inputs; tasks (list) by default, task (string) when flattened', () => {
    const definition = findTask('EmbeddingTaskGenerator');
    assert.equal(definition.kind, 'generator');
    const listed = definition.configure({ category: 'text-retrieval' });
    assert.deepEqual(listed.inputs, {});
    assert.deepEqual(listed.outputs, { tasks: { kind: 'list', item: { kind: 'string', nullable: false }, nullable: true } });
    assert.deepEqual(listed.params, {
      category: 'text-retrieval',
      flatten_tasks: false,
      use_default_structured_output: false,
      num_generations: 1,
      group_generations: false,
    });
    assert.deepEqual(definition.configure({ category: 'text-classification', flatten_tasks: true }).outputs, {
      task: { kind: 'string', nullable: true },
    });
  });

  for (const params of [{}, { category: 'text-matching' }, { category: 'text-retrieval', flatten_tasks: 1 }]) {
    test(`refuses ${JSON.stringify(params)}`, () => {
      assert.throws(
        () => findTask('EmbeddingTaskGenerator').configure(params),
        (error: unknown) => error instanceof TaskParamsError && /^(category|flatten_tasks): /.test(error.problems[0] as string),
      );
    });
  }
});

describe('EmbeddingTaskGenerator prompt', () => {
  const openings: Record<string, string> = {
    'text-retrieval': 'Brainstorm text-retrieval tasks that an embedding model could be trained on.',
    'text-matching-short': 'Brainstorm matching tasks for pairs of short texts (a phrase or a sentence) that an embedding model could be trained on.',
    'text-matching-long': 'Brainstorm matching tasks for pairs of long texts (several paragraphs) that an embedding model could be trained on.',
    'text-classification': 'Brainstorm text-classification tasks that an embedding model could be trained on.',
  };
  for (const [category, opening] of Object.entries(openings)) {
    test(`${category}: one user message opening with its category and ending with the list format`, async () => {
      const { client } = await runOnce('EmbeddingTaskGenerator', { category }, {}, () => LIST);
      const messages = client.requests[0]?.messages ?? [];
      assert.deepEqual(messages.map((message) => message.role), ['user']);
      const content = userContent(messages);
      assert.ok(content.startsWith(`${opening}\n`), content);
      assert.ok(content.endsWith(`\n\n${REPLY_LINE}`));
      assert.equal(client.requests[0]?.responseFormat, undefined);
    });
  }

  test('the four prompts differ', async () => {
    const prompts = await Promise.all(
      ['text-retrieval', 'text-matching-short', 'text-matching-long', 'text-classification'].map(async (category) => {
        const { client } = await runOnce('EmbeddingTaskGenerator', { category }, {}, () => LIST);
        return userContent(client.requests[0]?.messages ?? []);
      }),
    );
    assert.equal(new Set(prompts).size, 4);
  });

  test('structured output asks for {"tasks": [...]}', async () => {
    const { client, result } = await runOnce(
      'EmbeddingTaskGenerator',
      { category: 'text-retrieval', use_default_structured_output: true },
      {},
      () => JSON.stringify({ tasks: TASKS }),
    );
    assert.deepEqual(client.requests[0]?.responseFormat, {
      name: 'embedding_tasks',
      schema: {
        type: 'object',
        properties: { tasks: { type: 'array', items: { type: 'string' } } },
        required: ['tasks'],
        additionalProperties: false,
      },
    });
    assert.deepEqual(result.rows[0].tasks, TASKS);
  });
});

describe('EmbeddingTaskGenerator rows', () => {
  test('not flattened: one row holding the list', async () => {
    const { result } = await runOnce('EmbeddingTaskGenerator', { category: 'text-retrieval' }, {}, () => LIST);
    assert.equal(result.status, 'ok');
    assert.equal(result.rows.length, 1);
    const { distilabel_metadata: _metadata, ...row } = result.rows[0];
    assert.deepEqual(row, { tasks: TASKS, model_name: 'scripted-model' });
  });

  test('flattened: one row per task, in order, each with the same raw output in its metadata', async () => {
    const { result } = await runOnce('EmbeddingTaskGenerator', { category: 'text-retrieval', flatten_tasks: true }, {}, () => LIST);
    assert.equal(result.status, 'ok');
    assert.deepEqual(
      result.rows.map(({ distilabel_metadata: _metadata, ...row }) => row),
      TASKS.map((task) => ({ task, model_name: 'scripted-model' })),
    );
    for (const row of result.rows) assert.equal((row.distilabel_metadata as Record<string, unknown>)[`raw_output_${STEP}`], LIST);
  });

  test('flattened with two generations: the tasks of both answers', async () => {
    const { result } = await runOnce('EmbeddingTaskGenerator', { category: 'text-retrieval', flatten_tasks: true, num_generations: 2 }, {}, (_, n) =>
      JSON.stringify([`task ${n}a`, `task ${n}b`]),
    );
    assert.deepEqual(result.rows.map((row) => row.task).sort(), ['task 1a', 'task 1b', 'task 2a', 'task 2b']);
  });

  test('flattened and grouped: one row whose task is every task of every generation', async () => {
    const { result, task } = await runOnce(
      'EmbeddingTaskGenerator',
      { category: 'text-retrieval', flatten_tasks: true, num_generations: 2, group_generations: true },
      {},
      (_, n) => JSON.stringify([`task ${n}a`, `task ${n}b`]),
    );
    assert.deepEqual(task.outputs, { task: { kind: 'list', item: { kind: 'string', nullable: true }, nullable: true } });
    assert.equal(result.rows.length, 1);
    assert.deepEqual((result.rows[0].task as string[]).slice().sort(), ['task 1a', 'task 1b', 'task 2a', 'task 2b']);
  });

  test('an unusable answer, flattened: one row with a null task and the reason', async () => {
    const { result } = await runOnce('EmbeddingTaskGenerator', { category: 'text-retrieval', flatten_tasks: true }, {}, () => '1. Retrieve recipes\n2. Find papers');
    assert.equal(result.status, 'parse_error');
    assert.equal(result.rows.length, 1);
    assert.equal(result.rows[0].task, null);
    assert.equal(result.error, 'the output holds no list (expected a Python list of strings)');
    assert.equal(metadataOf(result)[`error_${STEP}`], 'the output holds no list (expected a Python list of strings)');
  });
});

describe('task list parsing', () => {
  const cases: { name: string; raw: string | null; expected: { tasks: string[] } | { problem: string } }[] = [
    { name: 'Python list', raw: LIST, expected: { tasks: TASKS } },
    { name: 'JSON list', raw: JSON.stringify(TASKS), expected: { tasks: TASKS } },
    { name: 'Python escapes', raw: "['A user\\'s \"quoted\" request', 'B']", expected: { tasks: ['A user\'s "quoted" request', 'B'] } },
    { name: 'prose before the list', raw: `Here are the tasks:\n${LIST}`, expected: { tasks: TASKS } },
    { name: 'fenced', raw: `\`\`\`python\n${LIST}\n\`\`\``, expected: { tasks: TASKS } },
    { name: 'trailing comma, multi-line', raw: "[\n  'a',\n  'b',\n]", expected: { tasks: ['a', 'b'] } },
    { name: 'items trimmed, empty ones dropped', raw: "['  a  ', '', '   ', 'b']", expected: { tasks: ['a', 'b'] } },
    { name: 'object with tasks', raw: '{"tasks": ["a"]}', expected: { tasks: ['a'] } },
    { name: 'null', raw: null, expected: { problem: 'the endpoint returned no content' } },
    { name: 'empty', raw: ' ', expected: { problem: 'the output is empty' } },
    { name: 'empty list', raw: '[]', expected: { problem: 'the list of tasks is empty' } },
    { name: 'numbered lines', raw: '1. a\n2. b', expected: { problem: 'the output holds no list (expected a Python list of strings)' } },
    { name: 'prose without a list', raw: 'I cannot think of any.', expected: { problem: 'the output holds no list (expected a Python list of strings)' } },
    { name: 'truncated', raw: "['a', 'b', 'c", expected: { problem: 'the JSON is cut off before its end' } },
    { name: 'an object without tasks', raw: '{"task": "a"}', expected: { problem: 'expected a list of task strings, got an object' } },
    { name: 'a non-string item', raw: "['a', 3, 'b']", expected: { problem: 'expected a list of task strings, but item 2 is a number (3)' } },
    { name: 'nested lists', raw: "[['a'], ['b']]", expected: { problem: 'expected a list of task strings, but item 1 is a list' } },
  ];
  for (const { name, raw, expected } of cases) {
    test(`${name}: ${JSON.stringify(raw)}`, async () => {
      assert.deepEqual(parseTaskList(raw), expected);
      const { result } = await runOnce('EmbeddingTaskGenerator', { category: 'text-classification' }, {}, () => raw);
      if ('tasks' in expected) {
        assert.equal(result.status, 'ok');
        assert.deepEqual(result.rows[0].tasks, expected.tasks);
      } else {
        assert.equal(result.status, 'parse_error');
        assert.equal(result.rows[0].tasks, null);
        assert.equal(result.error, expected.problem);
      }
    });
  }
});
