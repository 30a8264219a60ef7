import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { completePipeline, type PipelineCompletion } from '../../../src/core/pipeline/languageService';
import { STEPS } from '../../../src/core/steps/registry';
import { TASKS } from '../../../src/core/tasks/registry';
import { rangeText, withCursor } from './kit';

const HEAD = `name: completion
llms:
  default: { base_url: http://localhost:11434/v1, model: llama3.1 }
  judge: { base_url: http://localhost:11434/v1, model: qwen2.5 }
steps:
  - name: seeds
    load: ../data/seeds.jsonl
  - name: evolve
    task: EvolInstruct
    after: seeds
    with: { num_evolutions: 2, store_evolutions: true }
`;

async function complete(marked: string): Promise<PipelineCompletion[]> {
  const { fixture, position } = withCursor(marked);
  return completePipeline(fixture.text, position, fixture.host);
}

const labels = (items: readonly PipelineCompletion[]) => items.map((item) => item.label);
/** Labels in the order an editor shows them: by sortText, then label. */
const ranked = (items: readonly PipelineCompletion[]) =>
  [...items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label)).map((item) => item.label);

describe('completion', () => {
  test('task names after `task:`, replacing the word typed, with their contract as documentation', async () => {
    const items = await complete(`${HEAD}  - name: score\n    task: Compl‸\n`);
    assert.deepEqual(labels(items), [...TASKS.keys()]);
    const scorer = items.find((item) => item.label === 'ComplexityScorer');
    assert.equal(scorer?.kind, 'task');
    assert.equal(rangeText(scorer?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }), '13:11-13:16');
    assert.match(scorer?.documentation ?? '', /Reads: `instructions` `list<string>`/);
    assert.match(items.find((item) => item.label === 'EvolInstructGenerator')?.detail ?? '', /^generator · /);
  });

  test('column step names after `step:`', async () => {
    assert.deepEqual(labels(await complete(`${HEAD}  - name: keep\n    step: ‸\n`)), [...STEPS.keys()]);
  });

  test('step names in `after`: every other step, not the step itself, in file order', async () => {
    assert.deepEqual(labels(await complete(`${HEAD}  - name: score\n    task: ComplexityScorer\n    after: ‸\n`)), ['seeds', 'evolve']);
    assert.deepEqual(labels(await complete(`${HEAD}  - name: score\n    task: ComplexityScorer\n    after: [seeds, ‸]\n`)), ['evolve']);
    assert.deepEqual(labels(await complete(`${HEAD}  - name: score\n    task: ComplexityScorer\n    after:\n      - ev‸\n`)), ['seeds', 'evolve']);
  });

  test('llm names from `llms`', async () => {
    const items = await complete(`${HEAD}  - name: score\n    task: ComplexityScorer\n    llm: ‸\n`);
    assert.deepEqual(labels(items), ['default', 'judge']);
    assert.equal(items[1]?.detail, 'qwen2.5 at http://localhost:11434/v1');
  });

  test('parameter names of the step’s task, the ones written left out, required first, with their docs', async () => {
    const items = await complete(`${HEAD}  - name: more\n    task: EvolInstruct\n    after: evolve\n    with:\n      seed: 1\n      ‸\n`);
    assert.deepEqual(ranked(items), ['num_evolutions', 'generate_answers', 'group_generations', 'include_original_instruction', 'mutation_templates', 'num_generations', 'store_evolutions']);
    const first = items.find((item) => item.label === 'num_evolutions');
    assert.equal(first?.insertText, 'num_evolutions: ');
    assert.equal(first?.detail, 'integer ≥ 1');
    assert.match(first?.documentation ?? '', /^\*\*num_evolutions\*\*: integer ≥ 1 · required/);
  });

  test('parameter names while a word is typed, and inside a flow map', async () => {
    assert.ok(labels(await complete(`${HEAD}  - name: more\n    task: EvolInstruct\n    after: evolve\n    with:\n      stor‸\n`)).includes('store_evolutions'));
    assert.ok(labels(await complete(`${HEAD}  - name: more\n    task: EvolInstruct\n    after: evolve\n    with: { num_evolutions: 1, st‸ }\n`)).includes('store_evolutions'));
  });

  test('input mapping keys are the task’s inputs; their values the columns upstream, fitting ones first', async () => {
    assert.deepEqual(labels(await complete(`${HEAD}  - name: score\n    task: ComplexityScorer\n    after: evolve\n    input_mappings:\n      ‸\n`)), ['instructions']);
    const columns = await complete(`${HEAD}  - name: score\n    task: ComplexityScorer\n    after: evolve\n    input_mappings: { instructions: ‸ }\n`);
    assert.deepEqual(ranked(columns).slice(0, 2), ['evolved_instructions', 'tags']);
    assert.equal(columns.find((item) => item.label === 'evolved_instructions')?.detail, 'list<string>? · from step "evolve"');
  });

  test('output mapping keys are the task’s outputs', async () => {
    assert.deepEqual(labels(await complete(`${HEAD}  - name: score\n    task: ComplexityScorer\n    after: evolve\n    output_mappings: { ‸ }\n`)), ['scores']);
  });

  test('column names inside a template placeholder, closing it when needed', async () => {
    const items = await complete(`${HEAD}  - name: answer\n    task: TextGeneration\n    after: seeds\n    with:\n      template: "About {{ to‸"\n`);
    const topic = items.find((item) => item.label === 'topic');
    assert.equal(topic?.insertText, 'topic }}');
    assert.equal(rangeText(topic?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }), '16:27-16:29');
    const closed = await complete(`${HEAD}  - name: answer\n    task: TextGeneration\n    after: seeds\n    with:\n      template: "About {{ ‸ }}"\n`);
    assert.equal(closed.find((item) => item.label === 'topic')?.insertText, 'topic');
  });

  test('column names in a column step’s `columns`', async () => {
    const items = await complete(`${HEAD}  - name: keep\n    step: KeepColumns\n    after: evolve\n    with: { columns: [id, ‸] }\n`);
    assert.ok(labels(items).includes('evolved_instructions'));
    assert.ok(labels(items).includes('instruction'));
  });

  test('keys of a step (those of its kind, the written ones left out), of a new step, and of the file', async () => {
    assert.deepEqual(labels(await complete(`${HEAD}  - name: score\n    task: ComplexityScorer\n    ‸\n`)), ['after', 'llm', 'with', 'input_mappings', 'output_mappings', 'rows']);
    assert.deepEqual(ranked(await complete(`${HEAD}  - ‸\n`)).slice(0, 1), ['name']);
    assert.deepEqual(labels(await complete(`${HEAD}outp‸\n`)), ['description', 'output']);
  });

  test('nothing in a comment or a `load` path', async () => {
    assert.deepEqual(await complete(`${HEAD}# a com‸ment\n`), []);
    assert.deepEqual(await complete(`${HEAD}  - name: more\n    load: ../data/se‸\n`), []);
  });
});
