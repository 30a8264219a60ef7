import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { hoverPipeline } from '../../../src/core/pipeline/languageService';
import { rangeText, withCursor } from './kit';

const PIPELINE = (cursorAt: string) =>
  `name: hover
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
  - name: score
    task: ComplexityScorer
    after: evolve
    llm: judge
    input_mappings: { instructions: evolved_instructions }
  - name: keep
    step: KeepColumns
    after: score
    with: { columns: [instruction, scores] }
`.replace(cursorAt, `${cursorAt.slice(0, 2)}‸${cursorAt.slice(2)}`);

async function hover(cursorAt: string) {
  const { fixture, position } = withCursor(PIPELINE(cursorAt));
  return hoverPipeline(fixture.text, position, fixture.host);
}

describe('hover', () => {
  test('a task: its contract with this step’s parameters and mappings', async () => {
    const result = await hover('ComplexityScorer');
    assert.equal(result?.markdown, [
      '**ComplexityScorer** · task',
      '',
      'Score a list of instructions by complexity in one prompt (Deita), one score per instruction.',
      '',
      'Reads: `instructions` ← column `evolved_instructions` `list<string>`',
      '',
      'Writes: `scores` `list<number?>?`',
      '',
      'Every task also writes `model_name` and `distilabel_metadata`.',
    ].join('\n'));
    assert.equal(rangeText(result?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }), '13:11-13:27');
  });

  test('a task’s outputs follow its parameters (store_evolutions writes a list)', async () => {
    assert.match((await hover('EvolInstruct'))?.markdown ?? '', /Writes: `evolved_instructions` `list<string>\?`/);
  });

  test('a column step: its inputs and what it writes from the columns it receives', async () => {
    const markdown = (await hover('KeepColumns'))?.markdown ?? '';
    assert.match(markdown, /^\*\*KeepColumns\*\* · column step, row by row/);
    assert.match(markdown, /Writes: `instruction` `string`, `scores` `list<number\?>\?`/);
  });

  test('a parameter: its type, default and description', async () => {
    assert.equal(
      (await hover('store_evolutions'))?.markdown,
      '**store_evolutions**: boolean · default `false`\n\nKeep every evolution in `evolved_instructions` instead of only the last one in `evolved_instruction`.',
    );
  });

  test('an `after` reference: the columns after that step, with the step that wrote each', async () => {
    const markdown = (await hover('evolve\n    llm'))?.markdown ?? '';
    assert.match(markdown, /^Columns after step "evolve" \(EvolInstruct\):/);
    assert.match(markdown, /- `topic` `string` · from step "seeds"/);
    assert.match(markdown, /- `evolved_instructions` `list<string>\?` · from step "evolve"/);
  });

  test('a load path: the columns taken from a sample of the file', async () => {
    const markdown = (await hover('../data/seeds.jsonl'))?.markdown ?? '';
    assert.match(markdown, /^Columns of `\.\.\/data\/seeds\.jsonl` \(from a sample of its rows\):/);
    assert.match(markdown, /- `difficulty` `number\?` · from step "seeds"/);
    assert.match(markdown, /- `tags` `list<string>` · from step "seeds"/);
  });

  test('an input mapping: the input’s type and the column it reads', async () => {
    assert.equal(
      (await hover('evolved_instructions }'))?.markdown,
      'Input `instructions` of ComplexityScorer: `list<string>`\n\nColumn `evolved_instructions`: `list<string>?`, written by step "evolve"',
    );
  });

  test('an llm: the endpoint it names', async () => {
    assert.equal((await hover('judge\n    input'))?.markdown, 'Endpoint `judge`: model `qwen2.5` at `http://localhost:11434/v1`');
  });

  test('nothing on the file’s own keys', async () => {
    assert.equal(await hover('name: hover'), undefined);
  });
});
