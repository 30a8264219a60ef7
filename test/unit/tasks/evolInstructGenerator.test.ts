import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeColumnType, type ColumnSpec } from '../../../src/core/tasks/columns';
import { ENGLISH_NOUNS } from '../../../src/core/tasks/englishNouns';
import { EVOL_COMPLEXITY_GENERATION_TEMPLATES } from '../../../src/core/tasks/evolComplexity';
import { codePointLength } from '../../../src/core/tasks/evolInstructGenerator';
import { EVOL_INSTRUCT_GENERATION_TEMPLATES, FRESH_START_TEMPLATE } from '../../../src/core/tasks/evolInstructGeneratorTemplates';
import { EVOL_INSTRUCT_TEMPLATES, IN_DEPTH_TEMPLATES } from '../../../src/core/tasks/evolInstructTemplates';
import { rowRandom } from '../../../src/core/tasks/random';
import { findTask } from '../../../src/core/tasks/registry';
import type { ChatRequest } from '../../../src/core/llm/types';
import type { RowResult } from '../../../src/core/run/rowRunner';
import { drawNouns, modelSlot, seedWithPicks, type SlotModel } from './evolGeneratorModel';
import { callsOf, metadataOf, mutationOf, paramsError, render, runOnce, userContent } from './kit';

const GENERATORS = ['EvolInstructGenerator', 'EvolComplexityGenerator'] as const;
const STEP = 'evol_instruct_generator_0';
/** Small templates whose prompts are easy to read in assertions. */
const SMALL = { FRESH_START: 'Start from: <PROMPT>', GROW: 'Grow this: <PROMPT>' } as const;

function describeSpec(spec: ColumnSpec): [string, string][] {
  return Object.entries(spec).map(([name, type]) => [name, describeColumnType(type)]);
}

function contents(requests: readonly ChatRequest[]): string[] {
  return requests.map((request) => userContent(request.messages));
}

/** Call labels, also when the row made a single call (then not listed under calls_<step>). */
function labels(result: RowResult, step = STEP): string[] {
  return result.requests > 1 ? callsOf(result, step).map((call) => call.label) : ['(single call)'];
}

/** Runs slot `index` and checks it against the model: the same prompts, in order, and the same instruction. */
async function runModelled(taskName: string, params: Record<string, unknown>, model: Omit<SlotModel, 'index'>, index = 0) {
  const run = await runOnce(taskName, params, {}, (messages, n) => model.answer(userContent(messages), n), { index });
  const expected = modelSlot({ ...model, index });
  assert.deepEqual(contents(run.client.requests).slice(0, expected.calls.length), expected.calls.map((call) => call.content));
  if (expected.calls.length > 1) {
    assert.deepEqual(callsOf(run.result, defaultStep(taskName)).slice(0, expected.calls.length).map((call) => call.label), expected.calls.map((call) => call.label));
  }
  assert.equal(run.result.rows[0].instruction, expected.instruction);
  return { ...run, expected };
}

function defaultStep(taskName: string): string {
  return taskName === 'EvolInstructGenerator' ? STEP : 'evol_complexity_generator_0';
}


describe('EvolInstructGenerator and EvolComplexityGenerator declarations', () => {
  for (const name of GENERATORS) {
    test(`${name}: a generator counted by num_instructions, no inputs, instruction (+ answer)`, () => {
      const task = findTask(name);
      assert.equal(task.kind, 'generator');
      assert.equal(task.rowCountParam, 'num_instructions');
      assert.deepEqual(describeSpec(task.configure({ num_instructions: 3 }).inputs), []);
      assert.deepEqual(describeSpec(task.configure({ num_instructions: 3 }).outputs), [['instruction', 'string?']]);
      assert.deepEqual(describeSpec(task.configure({ num_instructions: 3, generate_answers: false }).outputs), [['instruction', 'string?']]);
      assert.deepEqual(describeSpec(task.configure({ num_instructions: 3, generate_answers: true }).outputs), [
        ['instruction', 'string?'],
        ['answer', 'string?'],
      ]);
      // No other parameter changes the columns.
      assert.deepEqual(
        describeSpec(task.configure({ num_instructions: 1, min_length: 1, max_length: 2, max_attempts: 1, seed: 3, mutation_templates: SMALL }).outputs),
        [['instruction', 'string?']],
      );
    });
  }

  test('categories and descriptions', () => {
    assert.deepEqual(findTask('EvolInstructGenerator').categories, ['evol', 'instruction', 'generation']);
    assert.deepEqual(findTask('EvolComplexityGenerator').categories, ['evol', 'instruction', 'generation', 'deita']);
    for (const name of GENERATORS) assert.match(findTask(name).description, /^Generate instructions from scratch: random nouns/);
  });

  test('deviations name the ambiguities they settle and the attempt bound', () => {
    for (const name of GENERATORS) {
      const text = findTask(name).deviations.join('\n');
      for (const ambiguity of [9, 10, 12, 13, 14, 15, 16, 30, 32]) assert.match(text, new RegExp(`ambiguity ${ambiguity}\\)`), `${name}: ${ambiguity}`);
      assert.match(text, /At most `max_attempts` requests per instruction \(default 20\)/);
    }
    assert.match(findTask('EvolComplexityGenerator').deviations.join('\n'), /ambiguity 3\).*\n.*ambiguity 28\)/);
  });

  test('EvolInstructGenerator defaults', () => {
    const configured = findTask('EvolInstructGenerator').configure({ num_instructions: 4 });
    assert.deepEqual(configured.params, {
      num_generations: 1,
      group_generations: false,
      num_instructions: 4,
      generate_answers: false,
      mutation_templates: EVOL_INSTRUCT_GENERATION_TEMPLATES,
      min_length: 512,
      max_length: 1024,
      max_attempts: 20,
      seed: 42,
    });
    assert.equal(configured.seed, 42);
    assert.deepEqual(Object.keys(EVOL_INSTRUCT_GENERATION_TEMPLATES), ['FRESH_START', 'CONSTRAINTS', 'DEEPENING', 'CONCRETIZING', 'INCREASED_REASONING_STEPS', 'BREADTH']);
    assert.deepEqual({ ...EVOL_INSTRUCT_GENERATION_TEMPLATES, FRESH_START: undefined }, { FRESH_START: undefined, ...EVOL_INSTRUCT_TEMPLATES });
  });

  test('EvolComplexityGenerator defaults: FRESH_START plus the four in-depth templates, no BREADTH', () => {
    const configured = findTask('EvolComplexityGenerator').configure({ num_instructions: 2, seed: 9 });
    assert.deepEqual(configured.params.mutation_templates, EVOL_COMPLEXITY_GENERATION_TEMPLATES);
    assert.deepEqual(Object.keys(EVOL_COMPLEXITY_GENERATION_TEMPLATES), ['FRESH_START', 'CONSTRAINTS', 'DEEPENING', 'CONCRETIZING', 'INCREASED_REASONING_STEPS']);
    assert.deepEqual(EVOL_COMPLEXITY_GENERATION_TEMPLATES, { FRESH_START: FRESH_START_TEMPLATE, ...IN_DEPTH_TEMPLATES });
    assert.equal(configured.seed, 9);
    assert.equal(configured.params.min_length, 512);
    assert.equal(configured.params.max_length, 1024);
  });

  test('FRESH_START is one line holding <PROMPT> once, and asks for one question or request', () => {
    assert.equal(FRESH_START_TEMPLATE.includes('\n'), false);
    assert.equal(FRESH_START_TEMPLATE.split('<PROMPT>').length, 2);
    assert.match(FRESH_START_TEMPLATE, /one question or request/);
  });

  test('the nouns: a frozen list of a few hundred distinct lowercase words', () => {
    assert.ok(Object.isFrozen(ENGLISH_NOUNS));
    assert.ok(ENGLISH_NOUNS.length >= 300, `${ENGLISH_NOUNS.length} nouns`);
    assert.equal(new Set(ENGLISH_NOUNS).size, ENGLISH_NOUNS.length);
    for (const noun of ENGLISH_NOUNS) assert.match(noun, /^[a-z]+$/);
  });
});

describe('generator parameters refused', () => {
  for (const name of GENERATORS) {
    for (const params of [undefined, {}, { num_instructions: 0 }, { num_instructions: 1.5 }, { num_instructions: '3' }]) {
      test(`${name}: num_instructions ${JSON.stringify(params)} is refused, naming it`, () => {
        const error = paramsError(name, params);
        assert.equal(error.problems.length, 1);
        assert.match(error.problems[0] as string, /^num_instructions: /);
      });
    }
  }

  const cases: { params: Record<string, unknown>; problems: string[] }[] = [
    {
      params: { mutation_templates: { GROW: 'Grow <PROMPT>' } },
      problems: ['mutation_templates: needs a FRESH_START template: the request that starts each instruction, whose <PROMPT> is replaced by random nouns'],
    },
    { params: { mutation_templates: { FRESH_START: 'Write something', GROW: 'Grow <PROMPT>' } }, problems: ['mutation_templates.FRESH_START: template FRESH_START does not contain <PROMPT>'] },
    { params: { mutation_templates: { FRESH_START: '<PROMPT>', GROW: 'Grow it' } }, problems: ['mutation_templates.GROW: template GROW does not contain <PROMPT>'] },
    {
      params: { mutation_templates: {} },
      problems: [
        'mutation_templates: needs at least one mutation template',
        'mutation_templates: needs a FRESH_START template: the request that starts each instruction, whose <PROMPT> is replaced by random nouns',
      ],
    },
    { params: { min_length: 600, max_length: 599 }, problems: ['max_length: must be at least min_length, or no instruction can ever be accepted'] },
    { params: { min_length: 2000 }, problems: ['max_length: must be at least min_length, or no instruction can ever be accepted'] },
    { params: { min_length: 0 }, problems: ['min_length: Too small: expected number to be >=1'] },
    { params: { max_attempts: 0 }, problems: ['max_attempts: Too small: expected number to be >=1'] },
    { params: { num_evolutions: 2 }, problems: ['(parameters): Unrecognized key: "num_evolutions"'] },
  ];
  for (const { params, problems } of cases) {
    test(`${JSON.stringify(params)} is refused`, () => {
      assert.deepEqual(paramsError('EvolInstructGenerator', { num_instructions: 1, ...params }).problems, problems);
    });
  }

  test('equal bounds are accepted (the window is inclusive)', () => {
    assert.equal(findTask('EvolInstructGenerator').configure({ num_instructions: 1, min_length: 7, max_length: 7 }).params.max_length, 7);
  });
});

describe('generator prompts', () => {
  for (const [seed, index] of [
    [42, 0],
    [42, 1],
    [7, 5],
  ] as const) {
    test(`seed ${seed}, slot ${index}: the first prompt is FRESH_START around 1-4 nouns drawn from the slot's generator`, async () => {
      const { client, result } = await runOnce('EvolInstructGenerator', { num_instructions: 3, seed, min_length: 1 }, {}, () => 'What is a fine question?', { index });
      const nouns = drawNouns(rowRandom(seed, index));
      assert.ok(nouns.length >= 1 && nouns.length <= 4);
      for (const noun of nouns) assert.ok(ENGLISH_NOUNS.includes(noun));
      assert.deepEqual(client.requests.map((request) => request.messages), [
        [{ role: 'user', content: render(FRESH_START_TEMPLATE, { '<PROMPT>': nouns.join(', ') }) }],
      ]);
      const { distilabel_metadata: _metadata, ...row } = result.rows[0];
      assert.deepEqual(row, { instruction: 'What is a fine question?', model_name: 'scripted-model' });
      assert.equal(result.status, 'ok');
      assert.equal(result.requests, 1);
    });
  }

  test('the same seed and slot give the same nouns and mutations; another seed or slot other ones', async () => {
    const params = { num_instructions: 2, min_length: 1000, max_length: 2000, max_attempts: 6 };
    const answer = () => 'too short';
    const first = await runOnce('EvolInstructGenerator', { ...params, seed: 5 }, {}, answer, { index: 1 });
    const again = await runOnce('EvolInstructGenerator', { ...params, seed: 5 }, {}, answer, { index: 1 });
    const otherSeed = await runOnce('EvolInstructGenerator', { ...params, seed: 6 }, {}, answer, { index: 1 });
    const otherSlot = await runOnce('EvolInstructGenerator', { ...params, seed: 5 }, {}, answer, { index: 2 });
    assert.deepEqual(contents(again.client.requests), contents(first.client.requests));
    assert.deepEqual(labels(again.result), labels(first.result));
    assert.notDeepEqual(contents(otherSeed.client.requests), contents(first.client.requests));
    assert.notDeepEqual(contents(otherSlot.client.requests), contents(first.client.requests));
  });

  test('a too-short text is mutated again: the chosen template around that text, the method in the label', async () => {
    const seed = seedWithPicks(EVOL_INSTRUCT_GENERATION_TEMPLATES, ['DEEPENING', 'CONSTRAINTS']);
    const outputs = ['Why do owls hoot?', '#Rewritten Prompt#:\nWhy do owls hoot at night in winter?', '#Rewritten Prompt#:\nWhy do owls hoot at night in winter, and which ones hoot most?'];
    const { client, result } = await runOnce(
      'EvolInstructGenerator',
      { num_instructions: 1, seed, min_length: 50, max_length: 80 },
      {},
      (_messages, n) => outputs[n - 1] ?? null,
    );
    const sent = contents(client.requests);
    assert.equal(sent.length, 3);
    assert.equal(sent[1], render(EVOL_INSTRUCT_TEMPLATES.DEEPENING as string, { '<PROMPT>': 'Why do owls hoot?' }));
    assert.equal(sent[2], render(EVOL_INSTRUCT_TEMPLATES.CONSTRAINTS as string, { '<PROMPT>': 'Why do owls hoot at night in winter?' }));
    assert.equal(mutationOf(sent[2] as string, EVOL_INSTRUCT_GENERATION_TEMPLATES), 'CONSTRAINTS');
    assert.ok((sent[1] as string).includes('How to make it harder: where it asks about particular issues'));
    assert.deepEqual(labels(result), ['attempt 1 (FRESH_START)', 'attempt 2 (DEEPENING)', 'attempt 3 (CONSTRAINTS)']);
    assert.equal(result.rows[0].instruction, 'Why do owls hoot at night in winter, and which ones hoot most?');
    assert.equal(result.status, 'ok');
  });

  test('a too-long text is mutated again too (distilabel re-mutates anything outside the window)', async () => {
    const seed = seedWithPicks(SMALL, ['GROW']);
    const long = 'x'.repeat(30);
    const { client, result } = await runOnce(
      'EvolInstructGenerator',
      { num_instructions: 1, seed, min_length: 5, max_length: 20, mutation_templates: SMALL },
      {},
      (_messages, n) => (n === 1 ? long : 'Prompt#: fits now'),
    );
    assert.deepEqual(contents(client.requests).slice(1), [`Grow this: ${long}`]);
    assert.equal(result.rows[0].instruction, 'fits now');
  });

  test('a FRESH_START pick sends a new seed text as it is, never wrapped twice', async () => {
    const seed = seedWithPicks(SMALL, ['FRESH_START', 'GROW']);
    const { client, result } = await runOnce(
      'EvolInstructGenerator',
      { num_instructions: 1, seed, min_length: 20, max_length: 40, mutation_templates: SMALL },
      {},
      (_messages, n) => ['short one', 'short two', 'now it is long enough, yes'][n - 1] ?? null,
    );
    const random = rowRandom(seed, 0);
    const firstNouns = drawNouns(random);
    random.pick(Object.keys(SMALL));
    const secondNouns = drawNouns(random);
    assert.deepEqual(contents(client.requests), [
      `Start from: ${firstNouns.join(', ')}`,
      `Start from: ${secondNouns.join(', ')}`,
      'Grow this: short two',
    ]);
    assert.deepEqual(labels(result), ['attempt 1 (FRESH_START)', 'attempt 2 (FRESH_START)', 'attempt 3 (GROW)']);
    assert.equal(result.rows[0].instruction, 'now it is long enough, yes');
  });

  test('$ patterns and <PROMPT> inside a text being evolved are sent verbatim', async () => {
    const seed = seedWithPicks(SMALL, ['GROW']);
    const text = 'Explain $& and <PROMPT>';
    const { client } = await runOnce(
      'EvolInstructGenerator',
      { num_instructions: 1, seed, min_length: 40, max_length: 60, mutation_templates: SMALL },
      {},
      (_messages, n) => (n === 1 ? text : 'y'.repeat(45)),
    );
    assert.equal(contents(client.requests)[1], `Grow this: ${text}`);
  });

  test('many slots and attempts follow the model exactly (default templates)', async () => {
    const grow = (content: string, n: number) => {
      const given = /#Given Prompt#:\n([\s\S]*)\n\n#(?:Rewritten|Created) Prompt#:\n$/.exec(content)?.[1];
      return given === undefined ? `Tell me about ${content.split(': ').at(-1)}.` : `#Rewritten Prompt#:\n${given} Add detail ${n}.`;
    };
    for (const index of [0, 1, 2, 3]) {
      const { expected, result } = await runModelled(
        'EvolInstructGenerator',
        { num_instructions: 4, min_length: 90, max_length: 110, max_attempts: 12 },
        { seed: 42, templates: EVOL_INSTRUCT_GENERATION_TEMPLATES, minLength: 90, maxLength: 110, maxAttempts: 12, answer: grow },
        index,
      );
      assert.equal(result.requests, expected.calls.length);
      assert.ok(expected.calls.length > 1, 'the window needs re-mutations');
    }
  });
});

describe('the length window', () => {
  const window = { min_length: 5, max_length: 10, max_attempts: 1 };
  const cases: { text: string; accepted: boolean }[] = [
    { text: 'abcd', accepted: false },
    { text: 'abcde', accepted: true },
    { text: 'abcdefghij', accepted: true },
    { text: 'abcdefghijk', accepted: false },
    // Five emoji: 5 code points, 10 UTF-16 units; both in the window either way.
    { text: '😀😀😀😀😀', accepted: true },
    // Ten emoji: 10 code points (accepted), 20 UTF-16 units (would be refused).
    { text: '😀'.repeat(10), accepted: true },
    // Six emoji: 6 code points; counted in UTF-16 units it would be 12, over the window.
    { text: '🎉'.repeat(6), accepted: true },
    // Four emoji: 4 code points, too short; counted in UTF-16 units it would be 8, inside.
    { text: '😀'.repeat(4), accepted: false },
    // Eleven code points.
    { text: 'ü'.repeat(11), accepted: false },
  ];
  for (const { text, accepted } of cases) {
    test(`${JSON.stringify(text)} (${codePointLength(text)} code points) is ${accepted ? 'accepted' : 'refused'} in [5, 10]`, async () => {
      const { result } = await runOnce('EvolInstructGenerator', { num_instructions: 1, ...window }, {}, () => text);
      assert.equal(result.rows[0].instruction, accepted ? text : null);
      assert.equal(result.status, accepted ? 'ok' : 'parse_error');
    });
  }

  test('emoji with variation selectors: 6 code points (accepted in [4, 6]), not 9 UTF-16 units (refused in [7, 9])', async () => {
    const text = '🌧️🌧️🌧️'; // each is U+1F327 U+FE0F: 6 code points, 9 UTF-16 units
    assert.equal(codePointLength(text), 6);
    assert.equal(text.length, 9);
    const accepted = await runOnce('EvolInstructGenerator', { num_instructions: 1, min_length: 4, max_length: 6, max_attempts: 1 }, {}, () => text);
    assert.equal(accepted.result.rows[0].instruction, text);
    const refused = await runOnce('EvolInstructGenerator', { num_instructions: 1, min_length: 7, max_length: 9, max_attempts: 1 }, {}, () => text);
    assert.equal(refused.result.rows[0].instruction, null);
    assert.match(refused.result.error ?? '', /the last one was 6 characters/);
  });
});

describe('raw output -> accepted text', () => {
  const cases: { raw: string | null; accepted: string | null; lastOutcome?: string }[] = [
    { raw: 'no marker here  ', accepted: 'no marker here' },
    { raw: '#Created Prompt#:\nA created prompt', accepted: 'A created prompt' },
    { raw: 'Draft Prompt#: first\n#Rewritten Prompt#:  second  ', accepted: 'second' },
    { raw: '\n\n  #Rewritten Prompt#:\n\n  Padded\nlines \n', accepted: 'Padded\nlines' },
    { raw: '#rewritten prompt#: lower case marker', accepted: '#rewritten prompt#: lower case marker' },
    { raw: '#Rewritten Prompt#:', accepted: null, lastOutcome: 'the last output was empty' },
    { raw: '   ', accepted: null, lastOutcome: 'the last output was empty' },
    { raw: '', accepted: null, lastOutcome: 'the last output was empty' },
    { raw: null, accepted: null, lastOutcome: 'the last output had no content' },
  ];
  for (const { raw, accepted, lastOutcome } of cases) {
    test(`${JSON.stringify(raw)} -> ${JSON.stringify(accepted)}`, async () => {
      const { result } = await runOnce('EvolInstructGenerator', { num_instructions: 1, min_length: 1, max_attempts: 1 }, {}, () => raw);
      assert.equal(result.rows[0].instruction, accepted);
      const error = lastOutcome
        ? `no instruction of 1 to 1024 characters after 1 attempts (${lastOutcome}); raise max_attempts or widen min_length/max_length`
        : undefined;
      assert.equal(result.error, error);
      assert.equal(metadataOf(result)[`raw_output_${STEP}`], raw);
    });
  }
});

describe('null outputs and max_attempts', () => {
  test('a null first output sends the same fresh-start request again', async () => {
    const { client, result } = await runOnce('EvolInstructGenerator', { num_instructions: 1, min_length: 3 }, {}, (_messages, n) => (n === 1 ? null : 'Fine question?'));
    const sent = contents(client.requests);
    assert.equal(sent.length, 2);
    assert.equal(sent[1], sent[0]);
    assert.deepEqual(labels(result), ['attempt 1 (FRESH_START)', 'attempt 2 (FRESH_START)']);
    assert.equal(result.rows[0].instruction, 'Fine question?');
    assert.equal(result.status, 'ok');
  });

  test('a null output while evolving keeps the text: the next mutation is of the same text', async () => {
    const seed = seedWithPicks(SMALL, ['GROW', 'GROW']);
    const { client, result } = await runOnce(
      'EvolInstructGenerator',
      { num_instructions: 1, seed, min_length: 10, max_length: 30, mutation_templates: SMALL },
      {},
      (_messages, n) => ['tiny', null, 'long enough now'][n - 1] ?? null,
    );
    assert.deepEqual(contents(client.requests).slice(1), ['Grow this: tiny', 'Grow this: tiny']);
    assert.equal(result.rows[0].instruction, 'long enough now');
  });

  test('an empty extracted text is not evolved: the slot keeps its text', async () => {
    const seed = seedWithPicks(SMALL, ['GROW', 'GROW']);
    const { client } = await runOnce(
      'EvolInstructGenerator',
      { num_instructions: 1, seed, min_length: 10, max_length: 30, mutation_templates: SMALL },
      {},
      (_messages, n) => ['tiny', '#Rewritten Prompt#:  ', 'long enough now'][n - 1] ?? null,
    );
    assert.deepEqual(contents(client.requests).slice(1), ['Grow this: tiny', 'Grow this: tiny']);
  });

  test('max_attempts reached: exactly that many requests, instruction null, the last length in the reason', async () => {
    const { client, result } = await runOnce('EvolInstructGenerator', { num_instructions: 1, max_attempts: 3 }, {}, (_messages, n) => 'x'.repeat(n * 100));
    const reason = 'no instruction of 512 to 1024 characters after 3 attempts (the last one was 300 characters); raise max_attempts or widen min_length/max_length';
    assert.equal(client.requests.length, 3);
    assert.equal(result.status, 'parse_error');
    assert.equal(result.error, reason);
    const { distilabel_metadata: _metadata, ...row } = result.rows[0];
    assert.deepEqual(row, { instruction: null, model_name: 'scripted-model' });
    assert.equal(metadataOf(result)[`error_${STEP}`], reason);
    assert.equal(callsOf(result, STEP).length, 3);
  });

  test('the default bound is 20 requests', async () => {
    const { client, result } = await runOnce('EvolInstructGenerator', { num_instructions: 1 }, {}, () => 'short');
    assert.equal(client.requests.length, 20);
    assert.match(result.error ?? '', /after 20 attempts \(the last one was 5 characters\)/);
  });

  test('with generate_answers and no instruction: answer null too, and no answer request', async () => {
    const { client, result } = await runOnce('EvolInstructGenerator', { num_instructions: 1, max_attempts: 2, generate_answers: true }, {}, () => null);
    assert.equal(client.requests.length, 2);
    const { distilabel_metadata: _metadata, ...row } = result.rows[0];
    assert.deepEqual(row, { instruction: null, answer: null, model_name: 'scripted-model' });
    assert.equal(result.error, 'no instruction of 512 to 1024 characters after 2 attempts (the last output had no content); raise max_attempts or widen min_length/max_length');
  });
});

describe('generate_answers', () => {
  const instruction = 'List three rivers.\nFor each, name the sea it flows into, and one city on its banks.';

  test('the whole accepted instruction is answered, in one more request labelled "answer"', async () => {
    const { client, result } = await runOnce(
      'EvolInstructGenerator',
      { num_instructions: 1, min_length: 10, generate_answers: true },
      {},
      (messages, n) => (n === 1 ? `#Created Prompt#:\n${instruction}` : `Answer to: ${userContent(messages)}`),
    );
    assert.deepEqual(client.requests[1]?.messages, [{ role: 'user', content: instruction }]);
    assert.deepEqual(labels(result), ['attempt 1 (FRESH_START)', 'answer']);
    const { distilabel_metadata: _metadata, ...row } = result.rows[0];
    assert.deepEqual(row, { instruction, answer: `Answer to: ${instruction}`, model_name: 'scripted-model' });
    assert.deepEqual(Object.keys(result.rows[0]), ['instruction', 'answer', 'model_name', 'distilabel_metadata']);
    assert.equal(result.status, 'ok');
  });

  test('a null answer keeps the instruction and says so', async () => {
    const { result } = await runOnce('EvolInstructGenerator', { num_instructions: 1, min_length: 10, generate_answers: true }, {}, (_messages, n) =>
      n === 1 ? instruction : null,
    );
    assert.equal(result.rows[0].instruction, instruction);
    assert.equal(result.rows[0].answer, null);
    assert.equal(result.status, 'parse_error');
    assert.equal(result.error, 'the endpoint returned no content for the answer');
  });
});

describe('EvolComplexityGenerator', () => {
  test('never picks BREADTH; follows the model over several slots', async () => {
    const answer = (content: string, n: number) =>
      content.startsWith('Compose') ? `Q${n}: ${content.split(': ').at(-1)}?` : `#Rewritten Prompt#:\n${/#Given Prompt#:\n([\s\S]*)\n\n/.exec(content)?.[1]} More ${n}.`;
    for (const index of [0, 1, 2]) {
      const { result } = await runModelled(
        'EvolComplexityGenerator',
        { num_instructions: 3, min_length: 60, max_length: 70, max_attempts: 15, seed: 3 },
        { seed: 3, templates: EVOL_COMPLEXITY_GENERATION_TEMPLATES, minLength: 60, maxLength: 70, maxAttempts: 15, answer },
        index,
      );
      const mutations = labels(result, 'evol_complexity_generator_0').map((label) => /\((.+)\)$/.exec(label)?.[1]);
      assert.ok(!mutations.includes('BREADTH'));
      for (const mutation of mutations) assert.ok(mutation && mutation in EVOL_COMPLEXITY_GENERATION_TEMPLATES, String(mutation));
    }
  });
});
