/**
 * Every curation task end to end: runTask -> the OpenAI client -> the mock endpoint over real
 * HTTP -> parsing. The mock's answers are a pure function of the prompt (a text's score is
 * 1 + its word count mod 5), so each expected value below is worked out by hand.
 */
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonObject } from '../../../src/core/jsonl/types';
import { createOpenAiClient, type LlmClient } from '../../../src/core/llm';
import { runTask } from '../../../src/core/run/engine';
import { defaultStepName, type RowResult } from '../../../src/core/run/rowRunner';
import { findTask } from '../../../src/core/tasks/registry';
import { startMockOpenAi, type MockOpenAi } from '../../support/mockOpenAi';

let mock: MockOpenAi;

before(async () => {
  mock = await startMockOpenAi();
});
after(async () => {
  await mock.close();
});
beforeEach(() => {
  mock.clearFaults();
  mock.requests.length = 0;
});

const newClient = (): LlmClient => createOpenAiClient({ baseUrl: mock.url, model: 'mock-model', maxRetries: 0 });

async function run(taskName: string, params: unknown, values: JsonObject[], client = newClient()): Promise<RowResult[]> {
  const task = findTask(taskName).configure(params);
  const results: RowResult[] = [];
  const rows = values.map((value, index) => ({ index, value }));
  for await (const result of runTask({ task, client, stepName: defaultStepName(taskName), includeMetadata: true, rows, ordered: true })) {
    results.push(result);
  }
  return results;
}

/** Each result's first row without its metadata. */
function rowsOf(results: readonly RowResult[]): JsonObject[] {
  return results.map((result) => {
    const { distilabel_metadata: _metadata, ...row } = result.rows[0];
    return row;
  });
}

function metadata(result: RowResult | undefined): Record<string, unknown> {
  return (result?.rows[0].distilabel_metadata ?? {}) as Record<string, unknown>;
}

/** The response_format of each chat request the mock received. */
function sentFormats(): unknown[] {
  return mock.requests.filter((request) => request.chatIndex !== undefined).map((request) => (request.body as { response_format?: unknown }).response_format);
}

describe('curation tasks end to end against the mock endpoint', () => {
  test('TextGeneration: the template is rendered and the echo answer kept', async () => {
    const params = { template: 'Translate to French: {{ text }}', columns: 'text' };
    const results = await run('TextGeneration', params, [{ text: 'good morning' }, { text: 'thank you very much', system_prompt: 'Be formal.' }]);
    assert.deepEqual(rowsOf(results), [
      { text: 'good morning', generation: 'Answer: Translate to French: good morning ...', model_name: 'mock-model' },
      { text: 'thank you very much', system_prompt: 'Be formal.', generation: 'Answer: Translate to French: thank you very much ...', model_name: 'mock-model' },
    ]);
    const second = mock.requests.find((request) => JSON.stringify(request.body).includes('Be formal.'));
    assert.deepEqual((second?.body as { messages: unknown }).messages, [
      { role: 'system', content: 'Be formal.' },
      { role: 'user', content: 'Translate to French: thank you very much' },
    ]);
  });

  test('ChatGeneration: a valid conversation is answered; one ending with the assistant is kept with its reason', async () => {
    const good = [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'What is the capital of France?' }];
    const bad = [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello' }];
    const results = await run('ChatGeneration', {}, [{ messages: good }, { messages: bad }]);
    assert.deepEqual(rowsOf(results), [
      { messages: good, generation: 'Answer: What is the capital of France? ...', model_name: 'mock-model' },
      { messages: bad, generation: null, model_name: 'mock-model' },
    ]);
    assert.deepEqual(results.map((result) => result.status), ['ok', 'parse_error']);
    assert.match(String(metadata(results[1]).error_chat_generation_0), /^column "messages": the last message must come from the user, but it comes from the assistant\./);
    assert.equal(mock.requests.length, 1);
  });

  test('QualityScorer with use_default_structured_output: the JSON schema is sent and the JSON answer parsed', async () => {
    const responses = ['Mass attracts mass.', 'Gravity is the force by which masses attract each other.', 'No.'];
    const results = await run('QualityScorer', { use_default_structured_output: true }, [{ instruction: 'Explain gravity.', responses }]);
    assert.deepEqual(rowsOf(results), [{ instruction: 'Explain gravity.', responses, scores: [4, 1, 2], model_name: 'mock-model' }]);
    assert.equal(metadata(results[0]).raw_output_quality_scorer_0, '{"scores":[4,1,2]}');
    assert.deepEqual(sentFormats(), [
      {
        type: 'json_schema',
        json_schema: {
          name: 'quality_scores',
          schema: {
            type: 'object',
            properties: { scores: { type: 'array', items: { type: 'number' }, minItems: 3, maxItems: 3 } },
            required: ['scores'],
            additionalProperties: false,
          },
          strict: false,
        },
      },
    ]);
  });

  test('QualityScorer in text mode: score lines', async () => {
    const responses = ['Mass attracts mass.', 'No.'];
    const results = await run('QualityScorer', {}, [{ instruction: 'Explain gravity.', responses }]);
    assert.deepEqual(rowsOf(results)[0]?.scores, [4, 2]);
    assert.equal(metadata(results[0]).raw_output_quality_scorer_0, '[1] Score: 4\n[2] Score: 2');
    assert.deepEqual(sentFormats(), [undefined]);
  });

  test('UltraFeedback truthfulness: types, rationales, ratings and rationales-for-ratings per generation', async () => {
    const generations = ['Paris is the capital of France.', 'It is Lyon.'];
    const results = await run('UltraFeedback', { aspect: 'truthfulness' }, [{ instruction: 'Capital of France?', generations }]);
    assert.deepEqual(rowsOf(results), [
      {
        instruction: 'Capital of France?',
        generations,
        types: [1, 1],
        rationales: ['Type 1 fits text 1.', 'Type 1 fits text 2.'],
        ratings: [2, 4],
        'rationales-for-ratings': ['Text 1 has 6 words.', 'Text 2 has 3 words.'],
        model_name: 'mock-model',
      },
    ]);
    assert.equal(results[0]?.status, 'ok');
  });

  test('UltraFeedback overall-rating with structured output', async () => {
    const generations = ['One two three four five six seven.', 'Short.'];
    const results = await run('UltraFeedback', { use_default_structured_output: true }, [{ instruction: 'Say something.', generations }]);
    assert.deepEqual(rowsOf(results)[0], {
      instruction: 'Say something.',
      generations,
      ratings: [3, 2],
      rationales: ['Text 1 has 7 words.', 'Text 2 has 1 words.'],
      model_name: 'mock-model',
    });
    assert.equal((sentFormats()[0] as { json_schema: { name: string } }).json_schema.name, 'ultrafeedback');
  });

  test('TextClassification: one label from the list (n = 1), a list for n = 2', async () => {
    const available_labels = ['sports', 'politics', 'science'];
    const rows = [{ text: 'The match ended 2-1 after extra time.' }, { text: 'Voters go to the polls.' }];
    const single = await run('TextClassification', { available_labels }, rows);
    assert.deepEqual(rowsOf(single).map((row) => row.labels), ['politics', 'science']);
    assert.equal((sentFormats()[0] as { json_schema: { name: string } }).json_schema.name, 'text_classification');
    mock.requests.length = 0;
    const multi = await run('TextClassification', { available_labels, n: 2 }, rows);
    assert.deepEqual(rowsOf(multi).map((row) => row.labels), [['politics', 'science'], ['science', 'sports']]);
    assert.deepEqual([...single, ...multi].map((result) => result.status), ['ok', 'ok', 'ok', 'ok']);
  });

  test('InstructionBacktranslation: score and reason', async () => {
    const row = { instruction: 'How do I boil an egg?', generation: 'Place the egg in boiling water for about eight minutes, then cool it.' };
    const results = await run('InstructionBacktranslation', {}, [row]);
    assert.deepEqual(rowsOf(results), [{ ...row, score: 4, reason: 'The answer has 13 words and addresses the instruction.', model_name: 'mock-model' }]);
  });

  test('PrometheusEval absolute and relative (with a reference)', async () => {
    const absolute = await run('PrometheusEval', { mode: 'absolute', rubric: 'factual-validity' }, [{ instruction: 'What is 2+2?', generation: 'It is 4.' }]);
    assert.deepEqual(rowsOf(absolute), [
      { instruction: 'What is 2+2?', generation: 'It is 4.', feedback: 'The response has 3 words and is judged by the rubric.', result: 4, model_name: 'mock-model' },
    ]);
    const pair = { instruction: 'What is 2+2?', generations: ['It is 4.', 'Four, because two plus two makes four.'], reference: '4' };
    const relative = await run('PrometheusEval', { mode: 'relative', rubric: 'reasoning', reference: true }, [pair]);
    assert.deepEqual(rowsOf(relative), [{ ...pair, feedback: 'Response A has 3 words and Response B has 7 words.', result: 'B', model_name: 'mock-model' }]);
  });

  test('Genstruct: user and assistant split on the markers', async () => {
    const row = { title: 'Photosynthesis', content: 'Plants turn light, water and carbon dioxide into sugar and oxygen.' };
    const results = await run('Genstruct', {}, [row]);
    assert.deepEqual(rowsOf(results), [
      {
        ...row,
        user: 'What does "Photosynthesis" say about Plants turn light,?',
        assistant: 'According to "Photosynthesis": Plants turn light, water and carbon dioxide into',
        model_name: 'mock-model',
      },
    ]);
  });

  const PET_SCHEMA = {
    type: 'object',
    properties: { pet: { $ref: '#/$defs/Pet' } },
    required: ['pet'],
    $defs: { Pet: { type: 'object', properties: { kind: { enum: ['dog', 'cat'] }, legs: { type: 'integer', minimum: 4 } }, required: ['kind', 'legs'] } },
  };
  const PERSON_SCHEMA = { type: 'object', properties: { name: { type: 'string', minLength: 1 }, age: { type: 'integer', minimum: 0 } }, required: ['name', 'age'] };

  test('StructuredGeneration: each row\'s schema is sent and the conforming JSON kept', async () => {
    const rows = [
      { instruction: 'Invent a person.', structured_output: { format: 'json', schema: PERSON_SCHEMA } },
      { instruction: 'Describe a pet.', structured_output: { format: 'json', schema: PET_SCHEMA } },
    ];
    const results = await run('StructuredGeneration', {}, rows);
    assert.deepEqual(rowsOf(results).map((row) => row.generation), ['{"name":"text","age":0}', '{"pet":{"kind":"dog","legs":4}}']);
    const schemas = sentFormats().map((format) => (format as { json_schema: { schema: unknown } }).json_schema.schema);
    assert.deepEqual(new Set(schemas.map((schema) => JSON.stringify(schema))), new Set([JSON.stringify(PERSON_SCHEMA), JSON.stringify(PET_SCHEMA)]));
  });

  test('StructuredGeneration on an endpoint that refuses response_format: the schema in the prompt still gets conforming JSON', async () => {
    mock.injectFaults({ kind: 'clientError', status: 400, message: 'Unrecognized request argument supplied: response_format' });
    const results = await run('StructuredGeneration', {}, [{ instruction: 'Invent a person.', structured_output: { format: 'json', schema: PERSON_SCHEMA } }]);
    assert.equal(results[0]?.status, 'ok');
    assert.equal(rowsOf(results)[0]?.generation, '{"name":"text","age":0}');
    assert.deepEqual(sentFormats().map((format) => format !== undefined), [true, false]);
  });
});
