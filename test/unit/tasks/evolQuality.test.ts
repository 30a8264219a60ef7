import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatMessage } from '../../../src/core/llm/types';
import { describeColumnType } from '../../../src/core/tasks/columns';
import { EVOL_QUALITY_TEMPLATES } from '../../../src/core/tasks/evolQualityTemplates';
import { rowRandom, rowSeedKey } from '../../../src/core/tasks/random';
import { findTask } from '../../../src/core/tasks/registry';
import { callsOf, givenQuality, metadataOf, mutationOf, mutationsFromLabels, render, runOnce, userContent } from './kit';

const STEP = 'evol_quality_0';
const INSTRUCTION = 'How do I boil an egg?';
const RESPONSE = 'Put it in boiling water.';

/** A rewrite: the given response plus " [NAME]", returned untrimmed as the model gave it. */
function rewriter(messages: ChatMessage[]): string {
  const content = userContent(messages);
  return `${givenQuality(content).response} [${mutationOf(content, EVOL_QUALITY_TEMPLATES)}]`;
}

function chain(original: string, mutations: readonly string[]): string[] {
  const out: string[] = [];
  let current = original;
  for (const mutation of mutations) out.push((current = `${current} [${mutation}]`));
  return out;
}

describe('EvolQuality column contract', () => {
  const task = findTask('EvolQuality');
  const cases: [Record<string, unknown>, [string, string][]][] = [
    [{}, [['evolved_response', 'string?']]],
    [{ include_original_response: true }, [['evolved_response', 'string?']]],
    [{ store_evolutions: true }, [['evolved_responses', 'list<string>?']]],
    [{ store_evolutions: true, include_original_response: true }, [['evolved_responses', 'list<string>?']]],
  ];
  for (const [params, outputs] of cases) {
    test(`outputs with ${JSON.stringify(params)}`, () => {
      const configured = task.configure({ num_evolutions: 2, ...params });
      assert.deepEqual(
        Object.entries(configured.outputs).map(([name, type]) => [name, describeColumnType(type)]),
        outputs,
      );
      assert.deepEqual(configured.inputs, { instruction: { kind: 'string', nullable: false }, response: { kind: 'string', nullable: false } });
    });
  }
});

describe('EvolQuality rows', () => {
  const cases: [Record<string, unknown>, (rewrites: string[]) => Record<string, unknown>][] = [
    [{}, (r) => ({ evolved_response: r[2] })],
    [{ include_original_response: true }, (r) => ({ evolved_response: r[2] })],
    [{ store_evolutions: true }, (r) => ({ evolved_responses: r })],
    [{ store_evolutions: true, include_original_response: true }, (r) => ({ evolved_responses: [RESPONSE, ...r] })],
  ];
  for (const [params, values] of cases) {
    test(`num_evolutions 3 with ${JSON.stringify(params)}: 3 requests, exact row and metadata keys`, async () => {
      const { result, client } = await runOnce('EvolQuality', { num_evolutions: 3, ...params }, { instruction: INSTRUCTION, response: RESPONSE }, rewriter);
      const mutations = mutationsFromLabels(result, STEP);
      assert.equal(mutations.length, 3);
      assert.equal(result.status, 'ok');
      assert.equal(client.requests.length, 3);
      const { distilabel_metadata: _metadata, ...row } = result.rows[0];
      assert.deepEqual(row, { instruction: INSTRUCTION, response: RESPONSE, ...values(chain(RESPONSE, mutations)), model_name: 'scripted-model' });
      assert.deepEqual(Object.keys(metadataOf(result)).sort(), [`calls_${STEP}`, `raw_input_${STEP}`, `raw_output_${STEP}`, `statistics_${STEP}`]);
      assert.deepEqual(
        callsOf(result, STEP).map((call) => call.label),
        mutations.map((mutation, index) => `evolution ${index + 1} (${mutation})`),
      );
    });
  }

  test('every prompt carries the original instruction and the latest response, in the labelled template', async () => {
    const { result, client } = await runOnce('EvolQuality', { num_evolutions: 3 }, { instruction: INSTRUCTION, response: RESPONSE }, rewriter);
    const mutations = mutationsFromLabels(result, STEP);
    const responses = [RESPONSE, ...chain(RESPONSE, mutations)];
    client.requests.forEach((request, step) => {
      const template = EVOL_QUALITY_TEMPLATES[mutations[step] as string] as string;
      const expected = render(template, { '<PROMPT>': INSTRUCTION, '<RESPONSE>': responses[step] as string });
      assert.deepEqual(request.messages, [{ role: 'user', content: expected }]);
      assert.deepEqual(givenQuality(expected), { instruction: INSTRUCTION, response: responses[step] });
    });
  });

  test("the mutations follow the row generator for (seed, the row's instruction and response)", async () => {
    const { result } = await runOnce('EvolQuality', { num_evolutions: 5, seed: 9 }, { instruction: INSTRUCTION, response: RESPONSE }, rewriter, { index: 4 });
    const random = rowRandom(9, rowSeedKey(['instruction', 'response'], { instruction: INSTRUCTION, response: RESPONSE }, 4));
    const names = Object.keys(EVOL_QUALITY_TEMPLATES);
    assert.deepEqual(mutationsFromLabels(result, STEP), [1, 2, 3, 4, 5].map(() => random.pick(names)));
  });

  test('a literal <RESPONSE> or <PROMPT> inside the instruction is not substituted again', async () => {
    const instruction = 'What does <RESPONSE> mean in $& templates?';
    const { client } = await runOnce(
      'EvolQuality',
      { num_evolutions: 1, mutation_templates: { ONLY: 'P=<PROMPT>|R=<RESPONSE>' } },
      { instruction, response: 'It is <PROMPT>.' },
      () => 'better',
    );
    assert.equal(userContent(client.requests[0]?.messages ?? []), 'P=What does <RESPONSE> mean in $& templates?|R=It is <PROMPT>.');
  });
});

describe('EvolQuality output handling', () => {
  const params = { num_evolutions: 1, mutation_templates: { ONLY: '<PROMPT> / <RESPONSE>' } };
  const cases: { raw: string | null; evolved: string | null; error?: string }[] = [
    { raw: 'Better answer.', evolved: 'Better answer.' },
    { raw: '  Better answer.  \n', evolved: '  Better answer.  \n' },
    { raw: '#Rewritten Response#:\nBetter answer.', evolved: 'Better answer.' },
    { raw: '  #Rewritten Response#:   Better.  \n', evolved: 'Better.  \n' },
    { raw: '#Rewritten Response#:\r\nLine one\r\nLine two\r\n', evolved: 'Line one\r\nLine two\r\n' },
    { raw: 'Intro\n#Rewritten Response#:\nX', evolved: 'Intro\n#Rewritten Response#:\nX' },
    { raw: 'Keeps #Rewritten Prompt#: as text', evolved: 'Keeps #Rewritten Prompt#: as text' },
    { raw: '', evolved: null, error: 'the endpoint returned an empty response for evolution 1 (ONLY)' },
    { raw: ' \n\t', evolved: null, error: 'the endpoint returned an empty response for evolution 1 (ONLY)' },
    { raw: '#Rewritten Response#:\n', evolved: null, error: 'the endpoint returned an empty response for evolution 1 (ONLY)' },
    { raw: null, evolved: null, error: 'the endpoint returned no content for evolution 1 (ONLY)' },
  ];
  for (const { raw, evolved, error } of cases) {
    test(`${JSON.stringify(raw)} -> ${JSON.stringify(evolved)}`, async () => {
      const { result } = await runOnce('EvolQuality', params, { instruction: 'I', response: 'R' }, () => raw);
      assert.equal(result.rows[0].evolved_response, evolved);
      assert.equal(result.status, error ? 'parse_error' : 'ok');
      assert.equal(result.error, error);
      assert.equal(metadataOf(result)[`error_${STEP}`], error);
    });
  }

  test('the stripped, untrimmed rewrite is what the next evolution receives', async () => {
    const outputs = ['#Rewritten Response#:\n  first rewrite  ', 'second'];
    const { client, result } = await runOnce(
      'EvolQuality',
      { num_evolutions: 2, store_evolutions: true, mutation_templates: { ONLY: '<PROMPT>|<RESPONSE>|' } },
      { instruction: 'I', response: 'R' },
      (_m, n) => outputs[n - 1] ?? null,
    );
    assert.deepEqual(
      client.requests.map((request) => userContent(request.messages)),
      ['I|R|', 'I|first rewrite  |'],
    );
    assert.deepEqual(result.rows[0].evolved_responses, ['first rewrite  ', 'second']);
  });

  test('a null output at evolution 2 of 3: outputs null, reason names the evolution, no third request', async () => {
    const { result, client } = await runOnce(
      'EvolQuality',
      { num_evolutions: 3, store_evolutions: true, include_original_response: true },
      { instruction: INSTRUCTION, response: RESPONSE },
      (messages, n) => (n === 2 ? null : rewriter(messages)),
    );
    const [, second] = mutationsFromLabels(result, STEP);
    assert.equal(result.status, 'parse_error');
    assert.equal(result.error, `the endpoint returned no content for evolution 2 (${second})`);
    assert.equal(client.requests.length, 2);
    const { distilabel_metadata: _metadata, ...row } = result.rows[0];
    assert.deepEqual(row, { instruction: INSTRUCTION, response: RESPONSE, evolved_responses: null, model_name: 'scripted-model' });
    assert.equal(metadataOf(result)[`error_${STEP}`], result.error);
  });

  const badInputs: { value: Record<string, unknown>; error: string }[] = [
    { value: { instruction: 'I' }, error: 'column "response" is missing' },
    { value: {}, error: 'column "instruction" is missing; column "response" is missing' },
    { value: { instruction: 'I', response: 3 }, error: 'column "response" should be a string, got a number (3)' },
    { value: { instruction: { text: 'I' }, response: 'R' }, error: 'column "instruction" should be a string, got an object' },
  ];
  for (const { value, error } of badInputs) {
    test(`bad input ${JSON.stringify(value)}: input_error naming the column, no request`, async () => {
      const { result, client } = await runOnce('EvolQuality', { num_evolutions: 2 }, value, rewriter);
      assert.equal(result.status, 'input_error');
      assert.equal(result.error, `${error}. Map or fix the column, then run again.`);
      assert.equal(client.requests.length, 0);
      assert.equal(result.rows[0].evolved_response, null);
    });
  }
});
