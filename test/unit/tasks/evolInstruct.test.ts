import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeColumnType, type ColumnSpec } from '../../../src/core/tasks/columns';
import { EVOL_INSTRUCT_TEMPLATES } from '../../../src/core/tasks/evolInstructTemplates';
import { findTask } from '../../../src/core/tasks/registry';
import { LlmError, type ChatMessage } from '../../../src/core/llm/types';
import { rowRandom, rowSeedKey } from '../../../src/core/tasks/random';
import {
  callsOf,
  givenPrompt,
  metadataOf,
  mutationOf,
  mutationsFromLabels,
  render,
  runOnce,
  userContent,
  words,
} from './kit';

const STEP = 'evol_instruct_0';
const ORIGINAL = 'Write a poem about rain.';

function describeSpec(spec: ColumnSpec): [string, string][] {
  return Object.entries(spec).map(([name, type]) => [name, describeColumnType(type)]);
}

/** Evolution: the given prompt plus " / NAME" after a preamble and the header. Answers: "Answer to: ...". */
function evolver(messages: ChatMessage[]): string {
  const content = userContent(messages);
  const given = givenPrompt(content);
  if (given !== null) return `Sure, here it is.\n#Rewritten Prompt#:\n  ${given} / ${mutationOf(content, EVOL_INSTRUCT_TEMPLATES)}  \n`;
  return `Answer to: ${content}`;
}

const answerTo = (instruction: string) => `Answer to: ${instruction}`;

/** The chain of evolutions the evolver produces for the mutation names read from the labels. */
function chain(original: string, mutations: readonly string[]): string[] {
  const evolutions: string[] = [];
  let current = original;
  for (const mutation of mutations) {
    current = `${current} / ${mutation}`;
    evolutions.push(current);
  }
  return evolutions;
}

describe('EvolInstruct column contract', () => {
  const task = findTask('EvolInstruct');
  const cases: { params: Record<string, unknown>; outputs: [string, string][] }[] = [
    { params: {}, outputs: [['evolved_instruction', 'string?']] },
    { params: { include_original_instruction: true }, outputs: [['evolved_instruction', 'string?']] },
    { params: { generate_answers: true }, outputs: [['evolved_instruction', 'string?'], ['answer', 'string?']] },
    { params: { generate_answers: true, include_original_instruction: true }, outputs: [['evolved_instruction', 'string?'], ['answer', 'string?']] },
    { params: { store_evolutions: true }, outputs: [['evolved_instructions', 'list<string>?']] },
    { params: { store_evolutions: true, include_original_instruction: true }, outputs: [['evolved_instructions', 'list<string>?']] },
    {
      params: { store_evolutions: true, generate_answers: true },
      outputs: [['evolved_instructions', 'list<string>?'], ['answers', 'list<string?>?']],
    },
    {
      params: { store_evolutions: true, generate_answers: true, include_original_instruction: true },
      outputs: [['evolved_instructions', 'list<string>?'], ['answers', 'list<string?>?']],
    },
  ];
  for (const { params, outputs } of cases) {
    test(`outputs with ${JSON.stringify(params)}`, () => {
      const configured = task.configure({ num_evolutions: 2, ...params });
      assert.deepEqual(describeSpec(configured.outputs), outputs);
      assert.deepEqual(describeSpec(configured.inputs), [['instruction', 'string']]);
    });
  }

  test('exact column type objects for the fullest configuration', () => {
    const configured = task.configure({ num_evolutions: 1, store_evolutions: true, generate_answers: true });
    assert.deepEqual(configured.inputs, { instruction: { kind: 'string', nullable: false } });
    assert.deepEqual(configured.outputs, {
      evolved_instructions: { kind: 'list', item: { kind: 'string', nullable: false }, nullable: true },
      answers: { kind: 'list', item: { kind: 'string', nullable: true }, nullable: true },
    });
  });
});

describe('EvolInstruct rows', () => {
  type Case = {
    params: Record<string, unknown>;
    requests: number;
    values: (evolutions: string[]) => Record<string, unknown>;
  };
  const cases: Case[] = [
    { params: {}, requests: 3, values: (e) => ({ evolved_instruction: e[2] }) },
    { params: { include_original_instruction: true }, requests: 3, values: (e) => ({ evolved_instruction: e[2] }) },
    { params: { generate_answers: true }, requests: 4, values: (e) => ({ evolved_instruction: e[2], answer: answerTo(e[2] as string) }) },
    {
      params: { generate_answers: true, include_original_instruction: true },
      requests: 4,
      values: (e) => ({ evolved_instruction: e[2], answer: answerTo(e[2] as string) }),
    },
    { params: { store_evolutions: true }, requests: 3, values: (e) => ({ evolved_instructions: e }) },
    {
      params: { store_evolutions: true, include_original_instruction: true },
      requests: 3,
      values: (e) => ({ evolved_instructions: [ORIGINAL, ...e] }),
    },
    {
      params: { store_evolutions: true, generate_answers: true },
      requests: 6,
      values: (e) => ({ evolved_instructions: e, answers: e.map(answerTo) }),
    },
    {
      params: { store_evolutions: true, generate_answers: true, include_original_instruction: true },
      requests: 7,
      values: (e) => ({ evolved_instructions: [ORIGINAL, ...e], answers: [ORIGINAL, ...e].map(answerTo) }),
    },
  ];

  for (const { params, requests, values } of cases) {
    test(`num_evolutions 3 with ${JSON.stringify(params)}: ${requests} requests, exact row`, async () => {
      const { result, client } = await runOnce('EvolInstruct', { num_evolutions: 3, ...params }, { instruction: ORIGINAL, id: 7 }, evolver);
      const mutations = mutationsFromLabels(result, STEP);
      assert.equal(mutations.length, 3);
      const evolutions = chain(ORIGINAL, mutations);

      assert.equal(result.status, 'ok');
      assert.equal(result.error, undefined);
      assert.equal(result.requests, requests);
      assert.equal(client.requests.length, requests);

      const { distilabel_metadata: _metadata, ...row } = result.rows[0];
      assert.deepEqual(row, { instruction: ORIGINAL, id: 7, ...values(evolutions), model_name: 'scripted-model' });
      // Input columns first, then the outputs in declaration order, then model_name and the metadata.
      assert.deepEqual(Object.keys(result.rows[0]), ['instruction', 'id', ...Object.keys(values(evolutions)), 'model_name', 'distilabel_metadata']);

      // Each evolution prompt is exactly the chosen template around the latest instruction.
      const sources = [ORIGINAL, ...evolutions];
      for (let step = 0; step < 3; step++) {
        const template = EVOL_INSTRUCT_TEMPLATES[mutations[step] as string] as string;
        assert.deepEqual(client.requests[step]?.messages, [{ role: 'user', content: render(template, { '<PROMPT>': sources[step] as string }) }]);
      }
      // Answer prompts are the kept instructions themselves.
      const answerPrompts = client.requests.slice(3).map((request) => request.messages);
      const kept = 'evolved_instructions' in values(evolutions) ? (values(evolutions).evolved_instructions as string[]) : [evolutions[2] as string];
      assert.deepEqual(answerPrompts, requests === 3 ? [] : kept.map((content) => [{ role: 'user', content }]));
    });
  }

  test('metadata: exact keys, every call labelled, statistics summed, raw_* from the last call', async () => {
    const { result, client, step } = await runOnce(
      'EvolInstruct',
      { num_evolutions: 3, store_evolutions: true, include_original_instruction: true, generate_answers: true },
      { instruction: ORIGINAL },
      evolver,
    );
    assert.equal(step, STEP);
    const metadata = metadataOf(result);
    assert.deepEqual(Object.keys(metadata).sort(), [`calls_${STEP}`, `raw_input_${STEP}`, `raw_output_${STEP}`, `statistics_${STEP}`]);

    const calls = callsOf(result, STEP);
    const mutations = mutationsFromLabels(result, STEP);
    assert.deepEqual(
      calls.slice(0, 3).map((call) => call.label),
      mutations.map((mutation, index) => `evolution ${index + 1} (${mutation})`),
    );
    assert.deepEqual(calls.slice(3).map((call) => call.label).sort(), ['answer 1', 'answer 2', 'answer 3', 'answer 4']);
    for (const call of calls) {
      assert.equal(call.model, 'scripted-model');
      assert.equal(call.latency_ms, 1);
      assert.equal(call.input_tokens, words(userContent(call.messages)));
      assert.equal(call.output_tokens, words(call.output ?? ''));
    }

    const inputTokens = client.requests.reduce((total, request) => total + words(userContent(request.messages)), 0);
    const outputTokens = calls.reduce((total, call) => total + words(call.output ?? ''), 0);
    assert.deepEqual(metadata[`statistics_${STEP}`], { input_tokens: inputTokens, output_tokens: outputTokens, requests: 7, latency_ms: 7 });
    assert.equal(result.inputTokens, inputTokens);
    assert.equal(result.outputTokens, outputTokens);

    const last = calls.at(-1);
    assert.deepEqual(metadata[`raw_input_${STEP}`], last?.messages);
    assert.equal(metadata[`raw_output_${STEP}`], last?.output);
  });

  test('without answers the raw output is the last evolution, untouched by the extraction', async () => {
    const { result } = await runOnce('EvolInstruct', { num_evolutions: 2 }, { instruction: ORIGINAL }, evolver);
    const [first, second] = mutationsFromLabels(result, STEP);
    const metadata = metadataOf(result);
    assert.equal(metadata[`raw_output_${STEP}`], `Sure, here it is.\n#Rewritten Prompt#:\n  ${ORIGINAL} / ${first} / ${second}  \n`);
    assert.equal(result.rows[0].evolved_instruction, `${ORIGINAL} / ${first} / ${second}`);
  });

  test('one evolution: a single call, so no calls_<step> key', async () => {
    const { result } = await runOnce('EvolInstruct', { num_evolutions: 1 }, { instruction: ORIGINAL }, evolver);
    assert.deepEqual(Object.keys(metadataOf(result)).sort(), [`raw_input_${STEP}`, `raw_output_${STEP}`, `statistics_${STEP}`]);
    assert.equal(result.requests, 1);
  });

  test('model_name is the model the endpoint reported', async () => {
    const { result } = await runOnce('EvolInstruct', { num_evolutions: 1 }, { instruction: ORIGINAL }, evolver, { model: 'org/model-7b' });
    assert.equal(result.rows[0].model_name, 'org/model-7b');
  });
});

describe('EvolInstruct prompts', () => {
  test('the first prompt holds the instruction and the method line of the mutation in the label', async () => {
    const { result, client } = await runOnce('EvolInstruct', { num_evolutions: 2 }, { instruction: ORIGINAL }, evolver);
    const [first] = mutationsFromLabels(result, STEP);
    const content = userContent(client.requests[0]?.messages ?? []);
    assert.ok(content.includes(`\n${ORIGINAL}\n`), 'instruction in the prompt');
    const methodLine = (EVOL_INSTRUCT_TEMPLATES[first as string] as string).split('\n').find((line) => line.startsWith('How to make it harder:'));
    if (first === 'BREADTH') assert.ok(content.startsWith('You create prompts.'));
    else assert.ok(methodLine && content.includes(methodLine), `method line of ${first}`);
    assert.equal(mutationOf(content, EVOL_INSTRUCT_TEMPLATES), first);
  });

  test('each evolution builds on the text extracted from the previous output (chaining)', async () => {
    const outputs = ['Draft.\n#Rewritten Prompt#:\nFIRST-EVOLUTION text', '#Rewritten Prompt#: SECOND-EVOLUTION text', 'Prompt#:THIRD'];
    const { result, client } = await runOnce('EvolInstruct', { num_evolutions: 3, store_evolutions: true }, { instruction: ORIGINAL }, (_m, n) => outputs[n - 1] ?? null);
    assert.deepEqual(
      client.requests.map((request) => givenPrompt(userContent(request.messages))),
      [ORIGINAL, 'FIRST-EVOLUTION text', 'SECOND-EVOLUTION text'],
    );
    assert.deepEqual(result.rows[0].evolved_instructions, ['FIRST-EVOLUTION text', 'SECOND-EVOLUTION text', 'THIRD']);
    // The mutation in each label is the template each prompt was built from.
    assert.deepEqual(
      client.requests.map((request) => mutationOf(userContent(request.messages), EVOL_INSTRUCT_TEMPLATES)),
      mutationsFromLabels(result, STEP),
    );
  });

  test('$ patterns and a literal <PROMPT> inside the instruction are sent verbatim', async () => {
    const instruction = 'Explain $& and $1 and <PROMPT> in regex replacements.';
    const { client } = await runOnce(
      'EvolInstruct',
      { num_evolutions: 1, mutation_templates: { ONLY: 'Rewrite: <PROMPT>\nAgain: <PROMPT>' } },
      { instruction },
      () => 'x',
    );
    assert.equal(userContent(client.requests[0]?.messages ?? []), `Rewrite: ${instruction}\nAgain: ${instruction}`);
  });

  test("the mutation sequence is the row generator seeded from seed and the row's instruction, wherever the row is", async () => {
    const names = Object.keys(EVOL_INSTRUCT_TEMPLATES);
    for (const [seed, instruction, index] of [
      [42, ORIGINAL, 0],
      [42, ORIGINAL, 5],
      [42, 'Name a river.', 5],
      [7, ORIGINAL, 3],
    ] as const) {
      const { result } = await runOnce('EvolInstruct', { num_evolutions: 4, seed }, { instruction, id: index }, evolver, { index });
      const random = rowRandom(seed, rowSeedKey(['instruction'], { instruction }, index));
      assert.deepEqual(mutationsFromLabels(result, STEP), [1, 2, 3, 4].map(() => random.pick(names)), `seed ${seed} row ${index}`);
    }
    const at = async (index: number) => mutationsFromLabels((await runOnce('EvolInstruct', { num_evolutions: 4 }, { instruction: ORIGINAL }, evolver, { index })).result, STEP);
    assert.deepEqual(await at(0), await at(99), 'the same instruction gets the same mutations at any position');
  });
});

describe('EvolInstruct "Prompt#:" extraction', () => {
  const params = { num_evolutions: 1, mutation_templates: { ONLY: 'Rewrite <PROMPT>' } };
  const cases: { raw: string | null; evolved: string | null; error?: string }[] = [
    { raw: 'no marker here  ', evolved: 'no marker here' },
    { raw: '#Rewritten Prompt#:\nNew text', evolved: 'New text' },
    { raw: 'Draft Prompt#: A\n#Rewritten Prompt#: B', evolved: 'B' },
    { raw: '\n  #Rewritten Prompt#:  \n\n  Padded text \n\n', evolved: 'Padded text' },
    { raw: '#Created Prompt#: Created text', evolved: 'Created text' },
    { raw: '#rewritten prompt#: lower', evolved: '#rewritten prompt#: lower' },
    { raw: 'Prompt #: spaced', evolved: 'Prompt #: spaced' },
    { raw: 'Line one\r\n#Rewritten Prompt#:\r\nLine two\r\n', evolved: 'Line two' },
    { raw: 'keeps\ninner\nlines Prompt#: a\nb', evolved: 'a\nb' },
    { raw: '#Rewritten Prompt#:', evolved: null, error: 'evolution 1 (ONLY) came back empty' },
    { raw: 'text\n#Rewritten Prompt#:  \n ', evolved: null, error: 'evolution 1 (ONLY) came back empty' },
    { raw: '   ', evolved: null, error: 'evolution 1 (ONLY) came back empty' },
    { raw: '', evolved: null, error: 'evolution 1 (ONLY) came back empty' },
    { raw: null, evolved: null, error: 'the endpoint returned no content for evolution 1 (ONLY)' },
  ];
  for (const { raw, evolved, error } of cases) {
    test(`${JSON.stringify(raw)} -> ${JSON.stringify(evolved)}`, async () => {
      const { result } = await runOnce('EvolInstruct', params, { instruction: 'Q' }, () => raw);
      assert.equal(result.rows[0].evolved_instruction, evolved);
      assert.equal(result.status, error ? 'parse_error' : 'ok');
      assert.equal(result.error, error);
      assert.equal(metadataOf(result)[`error_${STEP}`], error);
      assert.equal(metadataOf(result)[`raw_output_${STEP}`], raw);
    });
  }
});

describe('EvolInstruct failures', () => {
  test('a null output at evolution 2 of 3: outputs null, reason names the evolution, no more requests', async () => {
    const { result, client } = await runOnce(
      'EvolInstruct',
      { num_evolutions: 3, store_evolutions: true, generate_answers: true, include_original_instruction: true },
      { instruction: ORIGINAL },
      (messages, n) => (n === 2 ? null : evolver(messages)),
    );
    const [first, second] = mutationsFromLabels(result, STEP);
    const reason = `the endpoint returned no content for evolution 2 (${second})`;
    assert.equal(result.status, 'parse_error');
    assert.equal(result.error, reason);
    assert.equal(result.requests, 2);
    assert.equal(client.requests.length, 2);
    const { distilabel_metadata: _metadata, ...row } = result.rows[0];
    assert.deepEqual(row, { instruction: ORIGINAL, evolved_instructions: null, answers: null, model_name: 'scripted-model' });
    const metadata = metadataOf(result);
    assert.deepEqual(Object.keys(metadata).sort(), [`calls_${STEP}`, `error_${STEP}`, `raw_input_${STEP}`, `raw_output_${STEP}`, `statistics_${STEP}`]);
    assert.equal(metadata[`error_${STEP}`], reason);
    assert.equal(metadata[`raw_output_${STEP}`], null);
    assert.deepEqual(
      callsOf(result, STEP).map((call) => [call.label, call.output === null]),
      [
        [`evolution 1 (${first})`, false],
        [`evolution 2 (${second})`, true],
      ],
    );
  });

  test('a null answer keeps the evolutions and the other answers, and notes which answer', async () => {
    const { result } = await runOnce(
      'EvolInstruct',
      { num_evolutions: 3, store_evolutions: true, generate_answers: true },
      { instruction: ORIGINAL },
      (messages) => {
        const content = userContent(messages);
        return givenPrompt(content) === null && content.split(' / ').length === 3 ? null : evolver(messages);
      },
    );
    const evolutions = chain(ORIGINAL, mutationsFromLabels(result, STEP));
    assert.equal(result.status, 'parse_error');
    assert.equal(result.error, 'the endpoint returned no content for answer 2');
    assert.deepEqual(result.rows[0].evolved_instructions, evolutions);
    assert.deepEqual(result.rows[0].answers, [answerTo(evolutions[0] as string), null, answerTo(evolutions[2] as string)]);
  });

  test('an endpoint error: status llm_error, outputs null, the error kept', async () => {
    const { result, client } = await runOnce('EvolInstruct', { num_evolutions: 3, generate_answers: true }, { instruction: ORIGINAL }, (messages, n) => {
      if (n === 2) throw new LlmError('HTTP 503 from http://localhost:1/v1/chat/completions: overloaded', 503, 4, true);
      return evolver(messages);
    });
    assert.equal(result.status, 'llm_error');
    assert.equal(result.error, 'HTTP 503 from http://localhost:1/v1/chat/completions: overloaded');
    assert.equal(result.rows[0].evolved_instruction, null);
    assert.equal(result.rows[0].answer, null);
    assert.equal(result.rows[0].model_name, 'scripted-model');
    assert.equal(client.requests.length, 2, 'no request after the failing one');
    assert.equal(result.requests, 1, 'only answered requests are counted');
    assert.equal(metadataOf(result)[`error_${STEP}`], 'HTTP 503 from http://localhost:1/v1/chat/completions: overloaded');
  });

  const badInputs: { name: string; value: Record<string, unknown>; error: string }[] = [
    { name: 'missing', value: { prompt: 'wrong column' }, error: 'column "instruction" is missing' },
    { name: 'null', value: { instruction: null }, error: 'column "instruction" is null' },
    { name: 'a number', value: { instruction: 42 }, error: 'column "instruction" should be a string, got a number (42)' },
    { name: 'a list', value: { instruction: ['a'] }, error: 'column "instruction" should be a string, got a list' },
  ];
  for (const { name, value, error } of badInputs) {
    test(`instruction ${name}: input_error, no request, message names the column`, async () => {
      const { result, client } = await runOnce('EvolInstruct', { num_evolutions: 2, generate_answers: true }, value, evolver);
      const message = `${error}. Map or fix the column, then run again.`;
      assert.equal(result.status, 'input_error');
      assert.equal(result.error, message);
      assert.equal(client.requests.length, 0);
      assert.equal(result.requests, 0);
      const { distilabel_metadata: _metadata, ...row } = result.rows[0];
      assert.deepEqual(row, { ...value, evolved_instruction: null, answer: null, model_name: 'scripted-model' });
      assert.deepEqual(metadataOf(result), {
        [`raw_input_${STEP}`]: null,
        [`raw_output_${STEP}`]: null,
        [`statistics_${STEP}`]: { input_tokens: 0, output_tokens: 0, requests: 0, latency_ms: 0 },
        [`error_${STEP}`]: message,
      });
    });
  }
});
