/**
 * The embedding family end to end: every task through the engine with the real OpenAI client
 * against the mock endpoint over HTTP, and the generators through `distillery generate`.
 */
import { describe, test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JsonObject } from '../../../src/core/jsonl/types';
import { createOpenAiClient } from '../../../src/core/llm';
import { runTask } from '../../../src/core/run/engine';
import { defaultStepName, type RowResult } from '../../../src/core/run/rowRunner';
import { findTask } from '../../../src/core/tasks/registry';
import { MOCK_EMBEDDING_DIMENSIONS, mockEmbeddingFor, startMockOpenAi, type MockOpenAi } from '../../support/mockOpenAi';
import { runCli } from '../../support/cli';
import { MOCK_BRAINSTORMED_TASKS } from '../../support/mockRules/embeddingData';

const MODEL = 'mock-embed';

interface Run {
  results: RowResult[];
  /** Every output row, metadata removed. */
  rows: JsonObject[];
  /** The raw outputs and inputs recorded in each output row's metadata. */
  rawOutputs: (string | null)[];
  rawInputs: { role: string; content: string }[][];
}

function withoutMetadata(row: JsonObject): JsonObject {
  const { distilabel_metadata: _metadata, ...rest } = row;
  return rest;
}

async function runAll(mock: MockOpenAi, taskName: string, params: object, values: JsonObject[]): Promise<Run> {
  const task = findTask(taskName).configure(params);
  const client = createOpenAiClient({ baseUrl: mock.url, model: MODEL, maxRetries: 0 });
  const step = defaultStepName(taskName);
  const results: RowResult[] = [];
  const run = runTask({ task, client, stepName: step, includeMetadata: true, ordered: true, rows: values.map((value, index) => ({ index, value })) });
  for await (const result of run) results.push(result);
  const all = results.flatMap((result) => result.rows);
  const metadata = all.map((row) => row.distilabel_metadata as Record<string, unknown>);
  return {
    results,
    rows: all.map(withoutMetadata),
    rawOutputs: metadata.map((entry) => entry[`raw_output_${step}`] as string | null),
    rawInputs: metadata.map((entry) => entry[`raw_input_${step}`] as { role: string; content: string }[]),
  };
}

function userPrompt(messages: { role: string; content: string }[]): string {
  return messages.filter((message) => message.role === 'user').at(-1)?.content ?? '';
}

/** Bare and wrapped (fenced or with prose) answers both occurred: the lenient paths were exercised. */
function assertBothForms(rawOutputs: (string | null)[], wrappedStart: RegExp): void {
  assert.ok(rawOutputs.some((raw) => raw !== null && wrappedStart.test(raw)), 'some answers are wrapped');
  assert.ok(rawOutputs.some((raw) => raw !== null && !wrappedStart.test(raw)), 'some answers are bare');
}

const TASKS = [
  'Given a product title, find its category.',
  'Match a question to the FAQ entry it repeats.',
  'Given a bug report, find the commit that fixed it.',
  'Pair a recipe name with its cuisine.',
];

describe('embedding gallery end to end (engine + OpenAI client + mock over HTTP)', () => {
  let mock: MockOpenAi;
  before(async () => {
    mock = await startMockOpenAi({ model: MODEL });
  });
  after(async () => {
    await mock.close();
  });
  beforeEach(() => {
    mock.requests.length = 0;
  });

  test('GenerateSentencePair, triplet: positive and negative per anchor, with and without prose before the sections', async () => {
    const anchors = ['How does 3D printing work?', 'What Game of Thrones villain would be the most likely to give you mercy?', 'Argilla curates data.'];
    const run = await runAll(mock, 'GenerateSentencePair', { action: 'paraphrase', triplet: true }, anchors.map((anchor) => ({ anchor })));
    assert.deepEqual(run.results.map((result) => result.status), ['ok', 'ok', 'ok']);
    assert.deepEqual(
      run.rows,
      anchors.map((anchor) => ({ anchor, positive: `paraphrase of: ${anchor}`, negative: `negative of: ${anchor}`, model_name: MODEL })),
    );
    assertBothForms(run.rawOutputs, /^Sure/);
  });

  test('GenerateSentencePair, positive only, query with a context and hard_negative (ignored without triplet)', async () => {
    const context = 'Argilla is an open-source data curation platform for LLMs.';
    const run = await runAll(mock, 'GenerateSentencePair', { action: 'query', context, hard_negative: true }, [{ anchor: 'I want to generate queries for my LLM.' }]);
    assert.deepEqual(run.rows, [
      { anchor: 'I want to generate queries for my LLM.', positive: `query of: I want to generate queries for my LLM. (context: ${context})`, model_name: MODEL },
    ]);
  });

  test('GenerateSentencePair, triplet with hard negatives', async () => {
    const run = await runAll(mock, 'GenerateSentencePair', { action: 'answer', triplet: true, hard_negative: true }, [{ anchor: 'Why is the sky blue?' }]);
    assert.deepEqual(run.rows, [{ anchor: 'Why is the sky blue?', positive: 'answer of: Why is the sky blue?', negative: 'hard negative of: Why is the sky blue?', model_name: MODEL }]);
  });

  for (const taskName of ['GenerateShortTextMatchingData', 'GenerateLongTextMatchingData']) {
    test(`${taskName}: input and positive_document per task, from bare and fenced JSON`, async () => {
      const run = await runAll(mock, taskName, { language: 'English' }, TASKS.map((task) => ({ task })));
      assert.deepEqual(run.results.map((result) => result.status), ['ok', 'ok', 'ok', 'ok']);
      assert.deepEqual(
        run.rows,
        TASKS.map((task) => ({ task, input: `input for: ${task}`, positive_document: `positive_document for: ${task}`, model_name: MODEL })),
      );
      assertBothForms(run.rawOutputs, /^Here is the example:\n```json\n/);
    });
  }

  test('GenerateTextClassificationData: the three keys per task; sampled attributes shown in each prompt', async () => {
    const run = await runAll(mock, 'GenerateTextClassificationData', { seed: 3 }, TASKS.map((task) => ({ task })));
    assert.deepEqual(
      run.rows,
      TASKS.map((task) => ({
        task,
        input_text: `input_text for: ${task}`,
        label: `label for: ${task}`,
        misleading_label: `misleading_label for: ${task}`,
        model_name: MODEL,
      })),
    );
    for (const messages of run.rawInputs) {
      assert.match(userPrompt(messages), /\n- Clarity of the input text: (clear|understandable with some effort|ambiguous)\.\n/);
      assert.match(userPrompt(messages), /\n- Understanding the input text should take (high school|college|PhD) level education\.\n/);
    }
    const again = await runAll(mock, 'GenerateTextClassificationData', { seed: 3 }, TASKS.map((task) => ({ task })));
    assert.deepEqual(again.rawInputs, run.rawInputs, 'the same seed gives the same prompts');
  });

  test('GenerateTextRetrievalData with explicit attributes: the three keys per task, the attributes in the prompt', async () => {
    const params = { query_type: 'common', query_length: 'less than 5 words', difficulty: 'college', clarity: 'clear', num_words: 50, language: 'English' };
    const run = await runAll(mock, 'GenerateTextRetrievalData', params, TASKS.slice(0, 2).map((task) => ({ task })));
    assert.deepEqual(
      run.rows,
      TASKS.slice(0, 2).map((task) => ({
        task,
        user_query: `user_query for: ${task}`,
        positive_document: `positive_document for: ${task}`,
        hard_negative_document: `hard_negative_document for: ${task}`,
        model_name: MODEL,
      })),
    );
    for (const messages of run.rawInputs) {
      assert.ok(userPrompt(messages).includes('- "user_query": a query of less than 5 words. How common such a query is: common. How clear it is: clear.\n'));
    }
  });

  test('use_default_structured_output: the JSON schema is sent and the plain JSON answer parsed', async () => {
    const run = await runAll(mock, 'GenerateTextRetrievalData', { use_default_structured_output: true }, [{ task: TASKS[0] as string }]);
    const body = mock.requests.find((request) => request.path === '/v1/chat/completions')?.body as { response_format?: unknown };
    assert.deepEqual(body.response_format, {
      type: 'json_schema',
      json_schema: {
        name: 'text_retrieval',
        strict: false,
        schema: {
          type: 'object',
          properties: { user_query: { type: 'string' }, positive_document: { type: 'string' }, hard_negative_document: { type: 'string' } },
          required: ['user_query', 'positive_document', 'hard_negative_document'],
          additionalProperties: false,
        },
      },
    });
    assert.equal(run.rawOutputs[0], JSON.stringify({ user_query: `user_query for: ${TASKS[0]}`, positive_document: `positive_document for: ${TASKS[0]}`, hard_negative_document: `hard_negative_document for: ${TASKS[0]}` }));
    assert.equal(run.rows[0]?.hard_negative_document, `hard_negative_document for: ${TASKS[0]}`);
    assert.equal(run.results[0]?.status, 'ok');
  });

  test('GenerateSentencePair with use_default_structured_output: JSON schema sent, JSON answer parsed', async () => {
    const run = await runAll(mock, 'GenerateSentencePair', { action: 'semantically-similar', triplet: true, use_default_structured_output: true }, [{ anchor: 'Cats purr.' }]);
    const body = mock.requests[0]?.body as { response_format?: { json_schema?: { name?: string } } };
    assert.equal(body.response_format?.json_schema?.name, 'sentence_pair');
    assert.equal(run.rawOutputs[0], '{"positive":"semantically-similar of: Cats purr.","negative":"negative of: Cats purr."}');
    assert.deepEqual(run.rows, [{ anchor: 'Cats purr.', positive: 'semantically-similar of: Cats purr.', negative: 'negative of: Cats purr.', model_name: MODEL }]);
  });

  test('BitextRetrievalGenerator and MonolingualTripletGenerator through the engine: one row per slot', async () => {
    const bitext = await runAll(
      mock,
      'BitextRetrievalGenerator',
      { target_language: 'Spanish', unit: 'sentence', difficulty: 'elementary school', high_score: '4', low_score: '2.5' },
      [{}, {}],
    );
    const triple = { S1: 'English sentence for elementary school', S2: 'Spanish sentence scored 4', S3: 'Spanish sentence scored 2.5', model_name: MODEL };
    assert.deepEqual(bitext.rows, [triple, triple]);
    const mono = await runAll(mock, 'MonolingualTripletGenerator', { language: 'French', unit: 'phrase', difficulty: 'college', high_score: 5, low_score: 3 }, [{}]);
    assert.deepEqual(mono.rows, [{ S1: 'French phrase for college', S2: 'French phrase similar 5', S3: 'French phrase similar 3', model_name: MODEL }]);
  });

  test('EmbeddingTaskGenerator through the engine: the Python list, whole or flattened', async () => {
    const whole = await runAll(mock, 'EmbeddingTaskGenerator', { category: 'text-matching-long' }, [{}]);
    assert.deepEqual(whole.rows, [{ tasks: MOCK_BRAINSTORMED_TASKS['text-matching-long'], model_name: MODEL }]);
    const flat = await runAll(mock, 'EmbeddingTaskGenerator', { category: 'text-retrieval', flatten_tasks: true }, [{}]);
    assert.deepEqual(flat.rows, (MOCK_BRAINSTORMED_TASKS['text-retrieval'] ?? []).map((task) => ({ task, model_name: MODEL })));
    assert.ok(flat.rows.some((row) => String(row.task).includes("'")), 'a Python escape was read');
  });

  test('GenerateEmbeddings: one vector of the mock dimension per row, strings and chats', async () => {
    const chat = [
      { role: 'user', content: 'How much is 2+2?' },
      { role: 'assistant', content: '4' },
    ];
    const run = await runAll(mock, 'GenerateEmbeddings', {}, [{ text: 'Hello, how are you?' }, { text: chat }, { text: 'Ciao' }]);
    assert.deepEqual(run.rows, [
      { text: 'Hello, how are you?', embedding: mockEmbeddingFor('Hello, how are you?'), model_name: MODEL },
      { text: chat, embedding: mockEmbeddingFor('user: How much is 2+2?\n\nassistant: 4'), model_name: MODEL },
      { text: 'Ciao', embedding: mockEmbeddingFor('Ciao'), model_name: MODEL },
    ]);
    for (const row of run.rows) assert.equal((row.embedding as number[]).length, MOCK_EMBEDDING_DIMENSIONS);
    const sent = mock.requests.map((request) => [request.path, (request.body as { input: unknown }).input]);
    assert.deepEqual(sent.sort(), [
      ['/v1/embeddings', ['Ciao']],
      ['/v1/embeddings', ['Hello, how are you?']],
      ['/v1/embeddings', ['user: How much is 2+2?\n\nassistant: 4']],
    ]);
  });

  test('GenerateEmbeddings: a request the endpoint refuses leaves the row with a null embedding and the reason', async () => {
    mock.injectFaults({ kind: 'clientError', status: 400, message: 'The input is longer than the model takes.' });
    const run = await runAll(mock, 'GenerateEmbeddings', {}, [{ text: 'x' }]);
    assert.equal(run.results[0]?.status, 'llm_error');
    assert.match(run.results[0]?.error ?? '', /HTTP 400 \(The input is longer than the model takes\.\)/);
    assert.deepEqual(run.rows, [{ text: 'x', embedding: null, model_name: MODEL }]);
  });
});

async function readRows(path: string): Promise<JsonObject[]> {
  const text = await readFile(path, 'utf8');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as JsonObject);
}

describe('embedding generators through `distillery generate`', () => {
  let mock: MockOpenAi;
  let dir: string;
  before(async () => {
    mock = await startMockOpenAi({ model: MODEL });
    dir = await mkdtemp(join(tmpdir(), 'distillery-embedding-'));
  });
  after(async () => {
    await mock.close();
    await rm(dir, { recursive: true, force: true });
  });

  const generate = (task: string, rows: number, params: string[], out: string) =>
    runCli(['generate', task, '--rows', String(rows), ...params.flatMap((param) => ['--param', param]), '--out', out, '--base-url', mock.url, '--model', MODEL, '--quiet']);

  test('the three generators write the expected rows and exit 0', async () => {
    const bitextOut = join(dir, 'bitext.jsonl');
    const monoOut = join(dir, 'mono.jsonl');
    const tasksOut = join(dir, 'tasks.jsonl');
    const [bitext, mono, tasks] = await Promise.all([
      generate('BitextRetrievalGenerator', 3, ['target_language=Spanish', 'unit=sentence', 'difficulty=high school', 'high_score=4.5', 'low_score=3'], bitextOut),
      generate('MonolingualTripletGenerator', 4, ['language=German', 'seed=11'], monoOut),
      generate('EmbeddingTaskGenerator', 2, ['category=text-classification', 'flatten_tasks=true'], tasksOut),
    ]);

    assert.equal(bitext.code, 0, bitext.stderr);
    const triple = { S1: 'English sentence for high school', S2: 'Spanish sentence scored 4.5', S3: 'Spanish sentence scored 3', model_name: MODEL };
    assert.deepEqual((await readRows(bitextOut)).map(withoutMetadata), [triple, triple, triple]);

    assert.equal(mono.code, 0, mono.stderr);
    const monoRows = await readRows(monoOut);
    assert.equal(monoRows.length, 4);
    for (const row of monoRows) {
      // Sampled per row: each answer echoes the attributes its own prompt carried.
      const prompt = ((row.distilabel_metadata as Record<string, unknown>).raw_input_monolingual_triplet_generator_0 as { content: string }[])[0]?.content ?? '';
      const unit = /^Write a triple of (\w+)s in German/.exec(prompt)?.[1];
      const [, high, low] = /"S1" and "S2" rate (\S+); "S1" and "S3" rate (\S+)\./.exec(prompt) ?? [];
      const difficulty = /take (.+?) level education/.exec(prompt)?.[1];
      assert.ok(['sentence', 'phrase', 'passage'].includes(unit ?? ''), prompt);
      assert.ok(['4', '4.5', '5'].includes(high ?? '') && ['2.5', '3', '3.5'].includes(low ?? ''), prompt);
      assert.deepEqual(withoutMetadata(row), {
        S1: `German ${unit} for ${difficulty}`,
        S2: `German ${unit} similar ${high}`,
        S3: `German ${unit} similar ${low}`,
        model_name: MODEL,
      });
    }

    assert.equal(tasks.code, 0, tasks.stderr);
    const expectedTasks = MOCK_BRAINSTORMED_TASKS['text-classification'] ?? [];
    assert.deepEqual(
      (await readRows(tasksOut)).map(withoutMetadata),
      [...expectedTasks, ...expectedTasks].map((task) => ({ task, model_name: MODEL })),
    );
  });

  test('BitextRetrievalGenerator without target_language: exit 2 naming the parameter', async () => {
    const run = await generate('BitextRetrievalGenerator', 1, [], join(dir, 'never.jsonl'));
    assert.equal(run.code, 2);
    assert.match(run.stderr, /target_language/);
  });
});
