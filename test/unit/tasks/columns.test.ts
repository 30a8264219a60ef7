import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { col, describeColumnType, explainTypeMismatch, type ColumnType } from '../../../src/core/tasks/columns';

describe('describeColumnType', () => {
  test('names, lists and nullability', () => {
    assert.equal(describeColumnType(col.string), 'string');
    assert.equal(describeColumnType(col.nullable(col.number)), 'number?');
    assert.equal(describeColumnType(col.list(col.nullable(col.number))), 'list<number?>');
    assert.equal(describeColumnType(col.nullable(col.list(col.chat))), 'list<chat>?');
  });
});

describe('explainTypeMismatch', () => {
  const cases: { value: unknown; type: ColumnType; problem: string | null }[] = [
    { value: 'x', type: col.string, problem: null },
    { value: undefined, type: col.string, problem: 'column "c" is missing' },
    { value: null, type: col.string, problem: 'column "c" is null' },
    { value: null, type: col.nullable(col.string), problem: null },
    { value: undefined, type: col.nullable(col.string), problem: null },
    { value: 3, type: col.string, problem: 'column "c" should be a string, got a number (3)' },
    { value: true, type: col.number, problem: 'column "c" should be a number, got a boolean (true)' },
    { value: 'a'.repeat(41), type: col.number, problem: 'column "c" should be a number, got a string' },
    { value: '', type: col.number, problem: 'column "c" should be a number, got a string ("")' },
    { value: {}, type: col.string, problem: 'column "c" should be a string, got an object' },
    { value: [], type: col.string, problem: 'column "c" should be a string, got an empty list' },
    { value: ['a', 'b'], type: col.list(col.string), problem: null },
    { value: [], type: col.list(col.string), problem: null },
    { value: 'a', type: col.list(col.string), problem: 'column "c" should be a list of string, got a string ("a")' },
    { value: ['a', 2], type: col.list(col.string), problem: 'column "c"[1] should be a string, got a number (2)' },
    { value: [1, null], type: col.list(col.nullable(col.number)), problem: null },
    { value: [[1], [2, 'x']], type: col.list(col.list(col.number)), problem: 'column "c"[1][1] should be a number, got a string ("x")' },
    { value: { anything: [1] }, type: col.json, problem: null },
    { value: null, type: col.json, problem: null },
    { value: [{ role: 'user', content: 'hi' }], type: col.chat, problem: null },
    {
      value: [{ role: 'robot', content: 'hi' }],
      type: col.chat,
      problem: 'column "c" should be a chat (a list of {"role", "content"} messages), got a list',
    },
    { value: [{ role: 'user' }], type: col.chat, problem: 'column "c" should be a chat (a list of {"role", "content"} messages), got a list' },
  ];
  for (const { value, type, problem } of cases) {
    test(`${JSON.stringify(value)} as ${describeColumnType(type)}`, () => {
      assert.equal(explainTypeMismatch(value, type, 'column "c"'), problem);
    });
  }
});
