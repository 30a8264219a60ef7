import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { col } from '../../../src/core/tasks/columns';
import {
  columnsOf,
  describeTypeInWords,
  describeValueInWords,
  mappingFrom,
  planInputs,
} from '../../../src/extension/columnMapping';

const chat = [
  { role: 'user', content: 'Hi' },
  { role: 'assistant', content: 'Hello' },
];

describe('planInputs', () => {
  it('takes an input present under its own name', () => {
    const plans = planInputs('EvolInstruct', { instruction: col.string }, [{ instruction: 'a' }]);
    assert.deepEqual(plans, [{ input: 'instruction', type: col.string, status: 'present' }]);
    assert.deepEqual(mappingFrom(plans), {});
  });

  it('offers the columns that fit a missing input, most rows first, and explains the others', () => {
    const rows = [
      { prompt: 'Write a poem.', title: 'x', messages: chat, n: 1 },
      { prompt: 'Name a river.', messages: chat, n: 2 },
    ];
    const [plan] = planInputs('EvolInstruct', { instruction: col.string }, rows);
    assert.ok(plan && plan.status === 'missing');
    assert.equal(plan.reason, 'EvolInstruct needs `instruction` (a string), and the selected rows have no column of that name');
    assert.deepEqual(plan.candidates, [
      { column: 'prompt', fittingRows: 2, rowsWithColumn: 2 },
      { column: 'title', fittingRows: 1, rowsWithColumn: 1 },
    ]);
    assert.deepEqual(plan.incompatible, [
      { column: 'messages', explanation: "column `messages` is a chat, EvolInstruct's `instruction` needs a string" },
      { column: 'n', explanation: "column `n` is a number, EvolInstruct's `instruction` needs a string" },
    ]);
  });

  it('explains an input present with the wrong type in words', () => {
    const [plan] = planInputs('ComplexityScorer', { instructions: col.list(col.string) }, [{ instructions: 'one', messages: chat }]);
    assert.ok(plan && plan.status === 'missing');
    assert.equal(plan.reason, "column `instructions` is a string, ComplexityScorer's `instructions` needs a list of strings");
    assert.deepEqual(plan.incompatible.map((column) => column.explanation), [
      "column `instructions` is a string, ComplexityScorer's `instructions` needs a list of strings",
      "column `messages` is a chat, ComplexityScorer's `instructions` needs a list of strings",
    ]);
  });

  it('uses a preferred column that fits, and says when a remembered one no longer does', () => {
    const rows = [{ prompt: 'a', other: 3 }];
    const mapped = planInputs('T', { instruction: col.string }, rows, { instruction: 'prompt' });
    assert.deepEqual(mapped, [{ input: 'instruction', type: col.string, status: 'mapped', column: 'prompt' }]);
    assert.deepEqual(mappingFrom(mapped), { instruction: 'prompt' });

    const [gone] = planInputs('T', { instruction: col.string }, rows, { instruction: 'question' });
    assert.ok(gone && gone.status === 'missing');
    assert.equal(gone.reason, 'the selected rows have no column `question` (chosen before for `instruction`)');
    const [wrong] = planInputs('T', { instruction: col.string }, rows, { instruction: 'other' });
    assert.ok(wrong && wrong.status === 'missing');
    assert.equal(wrong.reason, "column `other` is a number, T's `instruction` needs a string");
  });

  it('accepts a column that fits some rows: the others are reported when the run reaches them', () => {
    const [plan] = planInputs('T', { instruction: col.string }, [{ instruction: 'a' }, { instruction: null }]);
    assert.equal(plan?.status, 'present');
  });
});

describe('words for types and values', () => {
  it('describes column types', () => {
    assert.deepEqual(
      [col.string, col.nullable(col.number), col.chat, col.json, col.list(col.string), col.list(col.list(col.nullable(col.number)))].map(describeTypeInWords),
      ['a string', 'a number or null', 'a chat', 'any JSON value', 'a list of strings', 'a list of lists of numbers (or nulls)'],
    );
  });

  it('describes JSON values', () => {
    assert.deepEqual(
      [null, 'x', 2, true, [], chat, ['a', 'b'], [1, 'a'], [{}], { a: 1 }].map(describeValueInWords),
      ['null', 'a string', 'a number', 'a boolean', 'an empty list', 'a chat', 'a list of strings', 'a list of mixed values', 'a list of objects', 'an object'],
    );
  });

  it('lists columns in order of first appearance', () => {
    assert.deepEqual(columnsOf([{ b: 1, a: 2 }, { c: 3, a: 4 }]), ['b', 'a', 'c']);
  });
});
