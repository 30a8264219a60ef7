import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { serializeRow } from '../../../src/core/jsonl';
import { withColumns } from '../../../src/core/jsonl/withColumns';

describe('withColumns', () => {
  const cases: Array<[string, string, Record<string, unknown>]> = [
    ['adds new columns at the end', '{"a":1,"b":"x"}', { c: [1], d: null }],
    ['replaces a column in place', '{"a":1,"b":"x","c":true}', { b: 'y', e: 2 }],
    ['keeps integer-like keys first, as objects order them', '{"b":1,"2":2,"a":3}', { 1: 'one', z: 0 }],
    ['keeps a __proto__ column of the row as a column', '{"__proto__":{"polluted":true},"a":1}', { b: 2 }],
    ['sets a __proto__ column as a column', '{"a":1}', JSON.parse('{"__proto__":{"x":1}}') as Record<string, unknown>],
  ];
  for (const [name, line, columns] of cases) {
    test(name, () => {
      const row = JSON.parse(line) as Record<string, unknown>;
      const made = withColumns(row, columns);
      assert.equal(serializeRow(made), serializeRow({ ...row, ...columns }));
      assert.equal(Object.getPrototypeOf(made), Object.prototype);
      assert.equal(made === row, false);
    });
  }
});
