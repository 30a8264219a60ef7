import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { isCompatible } from '../../../src/core/pipeline/columnCompatibility';
import { inferColumns } from '../../../src/core/pipeline/inferColumns';
import { col, describeColumnType } from '../../../src/core/tasks/columns';

describe('column types inferred from sample rows', () => {
  test('scalars, lists, chats and json; nullable when null or missing in a row', () => {
    const spec = inferColumns([
      { text: 'a', n: 1, flag: true, tags: ['x'], chat: [{ role: 'user', content: 'hi' }], meta: { a: 1 }, maybe: null, scores: [1, null] },
      { text: 'b', n: 2.5, flag: false, tags: [], chat: [], meta: { b: 2 }, maybe: 'now', mixed: 1 },
    ]);
    assert.deepEqual(Object.fromEntries(Object.entries(spec).map(([name, type]) => [name, describeColumnType(type)])), {
      text: 'string',
      n: 'number',
      flag: 'boolean',
      tags: 'list<string>',
      chat: 'chat',
      meta: 'json',
      maybe: 'string?',
      scores: 'list<number?>?',
      mixed: 'number?',
    });
  });

  test('values of different kinds are json; empty lists only are list<json>; only nulls is json?', () => {
    const spec = inferColumns([{ a: 1, b: [], c: null }, { a: 'one', b: [], c: null }]);
    assert.deepEqual(spec, { a: col.json, b: col.list(col.json), c: col.nullable(col.json) });
  });
});

describe('column type compatibility', () => {
  const cases: [string, Parameters<typeof isCompatible>[0], Parameters<typeof isCompatible>[1], boolean][] = [
    ['same kind', col.string, col.string, true],
    ['nullability is not compared', col.nullable(col.string), col.string, true],
    ['string is not number', col.string, col.number, false],
    ['string is not list<string>', col.string, col.list(col.string), false],
    ['list<string> is not string', col.list(col.string), col.string, false],
    ['list items compared', col.list(col.nullable(col.number)), col.list(col.number), true],
    ['list items differ', col.list(col.number), col.list(col.string), false],
    ['json fits anything', col.json, col.list(col.string), true],
    ['anything fits json', col.chat, col.json, true],
    ['chat fits list<json>', col.chat, col.list(col.json), true],
    ['list<json> fits chat', col.list(col.json), col.chat, true],
    ['chat is not list<string>', col.chat, col.list(col.string), false],
    ['string is not chat', col.string, col.chat, false],
  ];
  for (const [name, produced, expected, fits] of cases) {
    test(name, () => assert.equal(isCompatible(produced, expected), fits));
  }
});
