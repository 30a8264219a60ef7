import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { describeColumnType, type ColumnSpec } from '../../../src/core/tasks/columns';
import { TaskParamsError } from '../../../src/core/tasks/defineTask';
import { EVOL_COMPLEXITY_TEMPLATES } from '../../../src/core/tasks/evolComplexity';
import { EVOL_INSTRUCT_TEMPLATES, IN_DEPTH_TEMPLATES } from '../../../src/core/tasks/evolInstructTemplates';
import { rowRandom, rowSeedKey } from '../../../src/core/tasks/random';
import { findTask } from '../../../src/core/tasks/registry';
import type { ChatMessage } from '../../../src/core/llm/types';
import { givenPrompt, metadataOf, mutationOf, mutationsFromLabels, render, runOnce, userContent } from './kit';

const STEP = 'evol_complexity_0';
const ORIGINAL = 'Explain how a lock works.';
const IN_DEPTH = ['CONSTRAINTS', 'DEEPENING', 'CONCRETIZING', 'INCREASED_REASONING_STEPS'];

function describeSpec(spec: ColumnSpec): [string, string][] {
  return Object.entries(spec).map(([name, type]) => [name, describeColumnType(type)]);
}

/** Evolution: the given prompt plus " / NAME"; answers: "Answer to: ...". */
function evolver(messages: ChatMessage[]): string {
  const content = userContent(messages);
  const given = givenPrompt(content);
  return given === null ? `Answer to: ${content}` : `#Rewritten Prompt#:\n${given} / ${mutationOf(content, EVOL_COMPLEXITY_TEMPLATES)}`;
}

describe('EvolComplexity declaration', () => {
  const task = findTask('EvolComplexity');

  test('a task (not a generator) with the deita category', () => {
    assert.equal(task.kind, 'task');
    assert.equal(task.rowCountParam, undefined);
    assert.deepEqual(task.categories, ['evol', 'instruction', 'deita']);
    assert.match(task.description, /^Evolve instructions into more complex ones/);
  });

  test('default templates: the four in-depth methods, no BREADTH, same wording as EvolInstruct', () => {
    assert.deepEqual(Object.keys(EVOL_COMPLEXITY_TEMPLATES), IN_DEPTH);
    for (const name of IN_DEPTH) assert.equal(EVOL_COMPLEXITY_TEMPLATES[name], EVOL_INSTRUCT_TEMPLATES[name]);
    assert.deepEqual(EVOL_COMPLEXITY_TEMPLATES, { ...IN_DEPTH_TEMPLATES });
  });

  test('defaults are EvolInstruct\'s but for the templates', () => {
    const configured = task.configure({ num_evolutions: 2 });
    assert.deepEqual(configured.params, {
      num_generations: 1,
      group_generations: false,
      num_evolutions: 2,
      store_evolutions: false,
      generate_answers: false,
      include_original_instruction: false,
      mutation_templates: EVOL_COMPLEXITY_TEMPLATES,
      seed: 42,
    });
    assert.equal(configured.seed, 42);
    // EvolInstruct keeps its own default.
    assert.deepEqual(findTask('EvolInstruct').configure({ num_evolutions: 2 }).params.mutation_templates, EVOL_INSTRUCT_TEMPLATES);
  });

  test('deviations: EvolInstruct\'s, plus ambiguities 3, 4, 5 and 28', () => {
    const deviations = task.deviations;
    for (const deviation of findTask('EvolInstruct').deviations) assert.ok(deviations.includes(deviation));
    const text = deviations.join('\n');
    for (const ambiguity of [3, 4, 5, 28]) assert.match(text, new RegExp(`ambiguity ${ambiguity}\\)`));
  });

  const cases: { params: Record<string, unknown>; outputs: [string, string][] }[] = [
    { params: {}, outputs: [['evolved_instruction', 'string?']] },
    { params: { include_original_instruction: true }, outputs: [['evolved_instruction', 'string?']] },
    { params: { generate_answers: true }, outputs: [['evolved_instruction', 'string?'], ['answer', 'string?']] },
    { params: { store_evolutions: true }, outputs: [['evolved_instructions', 'list<string>?']] },
    { params: { store_evolutions: true, include_original_instruction: true }, outputs: [['evolved_instructions', 'list<string>?']] },
    { params: { store_evolutions: true, generate_answers: true }, outputs: [['evolved_instructions', 'list<string>?'], ['answers', 'list<string?>?']] },
  ];
  for (const { params, outputs } of cases) {
    test(`columns with ${JSON.stringify(params)}`, () => {
      const configured = task.configure({ num_evolutions: 2, ...params });
      assert.deepEqual(describeSpec(configured.outputs), outputs);
      assert.deepEqual(describeSpec(configured.inputs), [['instruction', 'string']]);
    });
  }
});

describe('EvolComplexity parameters refused', () => {
  function problems(params: unknown): readonly string[] {
    try {
      findTask('EvolComplexity').configure(params);
    } catch (error) {
      assert.ok(error instanceof TaskParamsError);
      return error.problems;
    }
    assert.fail(`accepted ${JSON.stringify(params)}`);
  }

  test('num_evolutions is required', () => {
    assert.deepEqual(problems({}).map((problem) => problem.split(':')[0]), ['num_evolutions']);
  });

  test('the generator parameters the docs list do not exist here (ambiguity 4)', () => {
    assert.deepEqual(problems({ num_evolutions: 1, min_length: 512, num_instructions: 2 }), ['(parameters): Unrecognized keys: "min_length", "num_instructions"']);
  });

  test('a template without <PROMPT>', () => {
    assert.deepEqual(problems({ num_evolutions: 1, mutation_templates: { X: 'no placeholder' } }), ['mutation_templates.X: template X does not contain <PROMPT>']);
  });
});

describe('EvolComplexity rows', () => {
  test('store_evolutions + answers + original: exact row, prompts chain, mutations seeded, never BREADTH', async () => {
    const { result, client } = await runOnce(
      'EvolComplexity',
      { num_evolutions: 3, store_evolutions: true, generate_answers: true, include_original_instruction: true, seed: 11 },
      { instruction: ORIGINAL, id: 'a' },
      evolver,
      { index: 4 },
    );
    const random = rowRandom(11, rowSeedKey(['instruction'], { instruction: ORIGINAL }, 4));
    const mutations = [1, 2, 3].map(() => random.pick(IN_DEPTH));
    assert.deepEqual(mutationsFromLabels(result, STEP), mutations);
    const evolutions = mutations.reduce<string[]>((chain, mutation) => [...chain, `${chain.at(-1) ?? ORIGINAL} / ${mutation}`], []);
    const kept = [ORIGINAL, ...evolutions];
    const { distilabel_metadata: _metadata, ...row } = result.rows[0];
    assert.deepEqual(row, {
      instruction: ORIGINAL,
      id: 'a',
      evolved_instructions: kept,
      answers: kept.map((text) => `Answer to: ${text}`),
      model_name: 'scripted-model',
    });
    assert.equal(result.status, 'ok');
    assert.equal(client.requests.length, 7);
    [ORIGINAL, ...evolutions.slice(0, 2)].forEach((source, step) => {
      const template = EVOL_COMPLEXITY_TEMPLATES[mutations[step] as string] as string;
      assert.deepEqual(client.requests[step]?.messages, [{ role: 'user', content: render(template, { '<PROMPT>': source }) }]);
    });
  });

  test('defaults: one evolved_instruction from the last evolution', async () => {
    const { result } = await runOnce('EvolComplexity', { num_evolutions: 2 }, { instruction: ORIGINAL }, evolver);
    const [first, second] = mutationsFromLabels(result, STEP);
    const { distilabel_metadata: _metadata, ...row } = result.rows[0];
    assert.deepEqual(row, { instruction: ORIGINAL, evolved_instruction: `${ORIGINAL} / ${first} / ${second}`, model_name: 'scripted-model' });
  });

  test('over many rows the picks cover the four methods and never BREADTH', async () => {
    const seen = new Set<string>();
    for (let index = 0; index < 12; index++) {
      const { result } = await runOnce('EvolComplexity', { num_evolutions: 3 }, { instruction: `${ORIGINAL} (${index})` }, evolver, { index });
      for (const mutation of mutationsFromLabels(result, STEP)) seen.add(mutation);
    }
    assert.deepEqual([...seen].sort(), [...IN_DEPTH].sort());
  });

  test('a null output stops the row with the reason, as in EvolInstruct', async () => {
    const { result, client } = await runOnce('EvolComplexity', { num_evolutions: 3, generate_answers: true }, { instruction: ORIGINAL }, (messages, n) =>
      n === 2 ? null : evolver(messages),
    );
    const second = mutationsFromLabels(result, STEP)[1];
    assert.equal(client.requests.length, 2);
    assert.equal(result.status, 'parse_error');
    assert.equal(result.error, `the endpoint returned no content for evolution 2 (${second})`);
    assert.equal(result.rows[0].evolved_instruction, null);
    assert.equal(result.rows[0].answer, null);
    assert.equal(metadataOf(result)[`error_${STEP}`], result.error);
  });
});
