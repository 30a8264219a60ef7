import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { JsonObject } from '../../../src/core/jsonl/types';
import type { ChatRequest, ChatResult, CompleteOptions, LlmClient } from '../../../src/core/llm/types';
import { defaultStepName, runRow, type RowResult } from '../../../src/core/run/rowRunner';
import { explainTypeMismatch } from '../../../src/core/tasks/columns';
import { findTask } from '../../../src/core/tasks/registry';
import { scriptedClient, type ScriptedAnswer } from '../../support/scriptedClient';
import { givenPrompt, userContent } from '../tasks/kit';

/** A client whose results report a different model and fixed token counts. */
function reportingClient(answer: (request: ChatRequest) => string | null): LlmClient & { requests: ChatRequest[]; options: (CompleteOptions | undefined)[] } {
  const requests: ChatRequest[] = [];
  const options: (CompleteOptions | undefined)[] = [];
  return {
    model: 'configured-model',
    requests,
    options,
    async complete(request: ChatRequest, completeOptions?: CompleteOptions): Promise<ChatResult> {
      requests.push(request);
      options.push(completeOptions);
      return { outputs: [answer(request)], model: 'served-model-2024', usage: { inputTokens: 11, outputTokens: 4 }, latencyMs: 12.6, attempts: 1, structuredOutput: false, cached: false };
    },
    embed: () => Promise.reject(new Error('the row runner tests make no embedding requests')),
  };
}

const evolve: ScriptedAnswer = (messages) => {
  const given = givenPrompt(userContent(messages));
  return given === null ? `answer: ${userContent(messages)}` : `#Rewritten Prompt#: ${given}!`;
};

describe('runRow', () => {
  test('model_name is the model the endpoint reported; statistics add up the usage', async () => {
    const client = reportingClient(() => '#Rewritten Prompt#: better');
    const task = findTask('EvolInstruct').configure({ num_evolutions: 2 });
    const result = await runRow({ index: 0, line: 12, value: { instruction: 'q' } }, { task, client, stepName: 'evolve', includeMetadata: true });
    assert.equal(result.rows[0].model_name, 'served-model-2024');
    assert.equal(result.line, 12);
    assert.equal(result.index, 0);
    assert.deepEqual([result.requests, result.inputTokens, result.outputTokens], [2, 22, 8]);
    const metadata = result.rows[0].distilabel_metadata as JsonObject;
    assert.deepEqual(metadata.statistics_evolve, { input_tokens: 22, output_tokens: 8, requests: 2, latency_ms: 26 });
    assert.deepEqual(
      (metadata.calls_evolve as { model: string; latency_ms: number }[]).map((call) => [call.model, call.latency_ms]),
      [
        ['served-model-2024', 13],
        ['served-model-2024', 13],
      ],
    );
  });

  test('an input error reports the configured model (no request was made)', async () => {
    const client = reportingClient(() => 'x');
    const task = findTask('SelfInstruct').configure({});
    const result = await runRow({ index: 3, value: {} }, { task, client, stepName: 's', includeMetadata: false });
    assert.equal(result.rows[0].model_name, 'configured-model');
    assert.equal(result.line, undefined);
    assert.equal('line' in result, false);
    assert.deepEqual(result.rows[0], { instructions: null, model_name: 'configured-model' });
  });

  test('includeMetadata false: no distilabel_metadata is added', async () => {
    const task = findTask('EvolInstruct').configure({ num_evolutions: 2 });
    const result = await runRow({ index: 0, value: { instruction: 'q' } }, { task, client: scriptedClient(evolve), stepName: 'x', includeMetadata: false });
    assert.deepEqual(result.rows[0], { instruction: 'q', evolved_instruction: 'q!!', model_name: 'scripted-model' });
  });

  test('sample indexes: a task row asks for the same samples at any position; generated rows are samples of their own', async () => {
    const samples = async (taskName: string, params: object, index: number, value: JsonObject) => {
      const client = reportingClient(() => 'Some answer that is long enough.');
      await runRow({ index, value }, { task: findTask(taskName).configure(params), client, stepName: 's', includeMetadata: false });
      return client.options.map((options) => options?.sampleIndex);
    };
    const scorer = { instructions: ['a', 'b'] };
    assert.deepEqual(await samples('ComplexityScorer', {}, 0, scorer), await samples('ComplexityScorer', {}, 7, scorer));
    assert.deepEqual(await samples('ComplexityScorer', { num_generations: 2 }, 3, scorer), [0, 1]);
    const first = await samples('EmbeddingTaskGenerator', { category: 'text-retrieval' }, 0, {});
    const second = await samples('EmbeddingTaskGenerator', { category: 'text-retrieval' }, 1, {});
    assert.deepEqual([first, second], [[0], [1000]]);
  });

  test('the signal reaches the client', async () => {
    const client = reportingClient(() => '[1] Score: 1');
    const controller = new AbortController();
    const task = findTask('ComplexityScorer').configure({});
    await runRow({ index: 0, value: { instructions: ['a'] } }, { task, client, stepName: 'c', includeMetadata: false, signal: controller.signal });
    assert.equal(client.options[0]?.signal, controller.signal);
  });

  test('metadata from earlier steps is kept; stale keys of the same step are replaced', async () => {
    const task = findTask('EvolInstruct').configure({ num_evolutions: 1 });
    const value = {
      instruction: 'q',
      distilabel_metadata: {
        raw_output_text_generation_0: 'earlier step',
        calls_evol_instruct_0: ['stale'],
        error_evol_instruct_0: 'stale error',
        raw_output_evol_instruct_0: 'stale output',
      },
    };
    const result = await runRow({ index: 0, value }, { task, client: scriptedClient(evolve), stepName: defaultStepName('EvolInstruct'), includeMetadata: true });
    const metadata = result.rows[0].distilabel_metadata as JsonObject;
    assert.deepEqual(Object.keys(metadata).sort(), [
      'raw_input_evol_instruct_0',
      'raw_output_evol_instruct_0',
      'raw_output_text_generation_0',
      'statistics_evol_instruct_0',
    ]);
    assert.equal(metadata.raw_output_text_generation_0, 'earlier step');
    assert.equal(metadata.raw_output_evol_instruct_0, '#Rewritten Prompt#: q!');
    // The input row is not modified.
    assert.equal(value.distilabel_metadata.error_evol_instruct_0, 'stale error');
  });

  test('outputs already in the input row are replaced, null on failure', async () => {
    const task = findTask('EvolInstruct').configure({ num_evolutions: 1 });
    const result = await runRow(
      { index: 0, value: { instruction: 5, evolved_instruction: 'old', model_name: 'old-model' } },
      { task, client: scriptedClient(evolve), stepName: 's', includeMetadata: false },
    );
    assert.deepEqual(result.rows[0], { instruction: 5, evolved_instruction: null, model_name: 'scripted-model' });
  });

  test('cancellation propagates instead of becoming a failed row', async () => {
    const controller = new AbortController();
    const task = findTask('EvolInstruct').configure({ num_evolutions: 3 });
    const client = scriptedClient((messages, n) => {
      if (n === 1) controller.abort();
      return evolve(messages, n);
    });
    await assert.rejects(
      runRow({ index: 0, value: { instruction: 'q' } }, { task, client, stepName: 's', includeMetadata: true, signal: controller.signal }),
      { name: 'AbortError' },
    );
    assert.equal(client.requests.length, 1);
  });

  test('cancellation with a custom reason also propagates (not an llm_error row)', async () => {
    const controller = new AbortController();
    const task = findTask('EvolInstruct').configure({ num_evolutions: 3 });
    const client = scriptedClient((messages, n) => {
      if (n === 1) controller.abort(new Error('stopped by the user'));
      return evolve(messages, n);
    });
    await assert.rejects(
      runRow({ index: 0, value: { instruction: 'q' } }, { task, client, stepName: 's', includeMetadata: true, signal: controller.signal }),
      { message: 'stopped by the user' },
    );
    assert.equal(client.requests.length, 1);
  });
});

describe('declared output types hold for every row status', () => {
  type Scenario = { name: string; value: JsonObject; answer: ScriptedAnswer; status: RowResult['status'] };
  const configs: { task: string; params: Record<string, unknown>; good: JsonObject; bad: JsonObject; ok: ScriptedAnswer; unusable: ScriptedAnswer }[] = [
    { task: 'EvolInstruct', params: { num_evolutions: 2 }, good: { instruction: 'q' }, bad: {}, ok: evolve, unusable: () => null },
    { task: 'EvolInstruct', params: { num_evolutions: 2, generate_answers: true }, good: { instruction: 'q' }, bad: {}, ok: evolve, unusable: () => null },
    {
      task: 'EvolInstruct',
      params: { num_evolutions: 2, store_evolutions: true, generate_answers: true, include_original_instruction: true },
      good: { instruction: 'q' },
      bad: {},
      ok: evolve,
      unusable: (m) => (givenPrompt(userContent(m)) === null ? null : evolve(m, 0)),
    },
    { task: 'EvolQuality', params: { num_evolutions: 2 }, good: { instruction: 'q', response: 'r' }, bad: {}, ok: () => 'better', unusable: () => '' },
    {
      task: 'EvolQuality',
      params: { num_evolutions: 2, store_evolutions: true },
      good: { instruction: 'q', response: 'r' },
      bad: { response: 'r' },
      ok: () => 'better',
      unusable: () => null,
    },
    { task: 'SelfInstruct', params: {}, good: { input: 'x' }, bad: { input: 1 }, ok: () => 'a\nb\nc\nd\ne', unusable: () => '' },
    { task: 'ComplexityScorer', params: {}, good: { instructions: ['a', 'b'] }, bad: { instructions: 'a' }, ok: () => '[1] Score: 1\n[2] Score: 2', unusable: () => 'no scores' },
  ];
  for (const config of configs) {
    const scenarios: Scenario[] = [
      { name: 'ok', value: config.good, answer: config.ok, status: 'ok' },
      { name: 'unusable output', value: config.good, answer: config.unusable, status: 'parse_error' },
      {
        name: 'endpoint error',
        value: config.good,
        answer: () => {
          throw new Error('HTTP 500');
        },
        status: 'llm_error',
      },
      { name: 'bad input', value: config.bad, answer: config.ok, status: 'input_error' },
    ];
    for (const scenario of scenarios) {
      test(`${config.task} ${JSON.stringify(config.params)}: ${scenario.name}`, async () => {
        const task = findTask(config.task).configure(config.params);
        const result = await runRow({ index: 0, value: scenario.value }, { task, client: scriptedClient(scenario.answer), stepName: 's', includeMetadata: false });
        assert.equal(result.status, scenario.status, result.error);
        for (const [name, type] of Object.entries(task.outputs)) {
          assert.ok(name in result.rows[0], `${name} present`);
          assert.equal(explainTypeMismatch(result.rows[0][name], type, name), null);
        }
        assert.equal(typeof result.rows[0].model_name, 'string');
      });
    }
  }
});
