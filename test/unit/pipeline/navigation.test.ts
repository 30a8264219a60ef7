import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { definitionInPipeline, pipelineSymbols } from '../../../src/core/pipeline/languageService';
import { positionOf, rangeText } from './kit';

const TEXT = `name: navigation
llms:
  default: { base_url: http://localhost:11434/v1, model: llama3.1 }
  judge: { base_url: http://localhost:11434/v1, model: qwen2.5 }
steps:
  - name: seeds
    load: ../data/seeds.jsonl
  - name: evolve
    task: EvolInstruct
    after: [seeds]
    with: { num_evolutions: 1 }
  - name: keep
    step: KeepColumns
    after: evolve
    llm: judge
    with: { columns: [instruction] }
`;

describe('go to definition', () => {
  test('an `after` reference goes to the name of the step it names', () => {
    const target = definitionInPipeline(TEXT, positionOf(TEXT, 'seeds]', 2));
    assert.equal(target && rangeText(target), '6:11-6:16');
    const single = definitionInPipeline(TEXT, positionOf(TEXT, 'after: evolve', 9));
    assert.equal(single && rangeText(single), '8:11-8:17');
  });

  test('an `llm` goes to its entry under `llms`', () => {
    const target = definitionInPipeline(TEXT, positionOf(TEXT, 'llm: judge', 6));
    assert.equal(target && rangeText(target), '4:3-4:8');
  });

  test('nothing elsewhere, or for a name no step has', () => {
    assert.equal(definitionInPipeline(TEXT, positionOf(TEXT, 'EvolInstruct', 2)), undefined);
    const unknown = TEXT.replace('after: evolve', 'after: evolv');
    assert.equal(definitionInPipeline(unknown, positionOf(unknown, 'after: evolv', 9)), undefined);
  });
});

describe('document symbols', () => {
  test('one per step, with what it does, spanning the step and selecting its name', () => {
    assert.deepEqual(
      pipelineSymbols(TEXT).map((symbol) => [symbol.name, symbol.detail, symbol.kind, rangeText(symbol.range), rangeText(symbol.selectionRange)]),
      [
        ['seeds', '../data/seeds.jsonl', 'load', '6:5-7:30', '6:11-6:16'],
        ['evolve', 'EvolInstruct', 'task', '8:5-11:32', '8:11-8:17'],
        ['keep', 'KeepColumns', 'column', '12:5-16:37', '12:11-12:15'],
      ],
    );
  });

  test('a step without a name is listed by its position', () => {
    const text = 'name: x\nsteps:\n  - load: ../data/seeds.jsonl\n';
    assert.deepEqual(pipelineSymbols(text).map((symbol) => symbol.name), ['step 1']);
  });
});
