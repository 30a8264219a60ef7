import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { replaceRows } from '../../../src/core/jsonl';

describe('replaceRows', () => {
  test('keeps CRLF endings and every untouched line byte-identical', () => {
    const text = '{"a":1}\r\n{"a":2}\r\n{ "a" : 3 }\r\n';
    assert.equal(replaceRows(text, new Map([[2, { a: 20 }]])), '{"a":1}\r\n{"a":20}\r\n{ "a" : 3 }\r\n');
  });

  test('each replaced line keeps its own ending when endings are mixed', () => {
    const text = '{"a":1}\n{"a":2}\r\n\n  {"a":4}  \r\n{"a":5}';
    const updates = new Map([
      [1, { a: 10 }],
      [2, { a: 20 }],
      [5, { a: 50 }],
    ]);
    assert.equal(replaceRows(text, updates), '{"a":10}\n{"a":20}\r\n\n  {"a":4}  \r\n{"a":50}');
  });

  test('a last line without a newline stays without one', () => {
    assert.equal(replaceRows('{"a":1}\n{"a":2}', new Map([[2, { b: 'x\ny' }]])), '{"a":1}\n{"b":"x\\ny"}');
  });

  test('keeps the BOM when line 1 is replaced', () => {
    assert.equal(replaceRows('\uFEFF{"a":1}\r\n{"a":2}\r\n', new Map([[1, { a: 9 }]])), '\uFEFF{"a":9}\r\n{"a":2}\r\n');
  });

  test('keeps the BOM and line 1 untouched when other lines are replaced', () => {
    assert.equal(replaceRows('\uFEFF{"a":1}\n{"a":2}\n', new Map([[2, { a: 9 }]])), '\uFEFF{"a":1}\n{"a":9}\n');
  });

  test('can replace a bad or blank line', () => {
    assert.equal(
      replaceRows('{"a":\n\n', new Map([
        [1, { a: 1 }],
        [2, { a: 2 }],
      ])),
      '{"a":1}\n{"a":2}\n',
    );
  });

  test('no updates give the text back unchanged', () => {
    const text = '\uFEFF{"a":1}\r\n\n{"b":\r2}\r';
    assert.equal(replaceRows(text, new Map()), text);
  });

  test('throws for a line beyond the end, or one that is not a line number', () => {
    assert.throws(() => replaceRows('{"a":1}\n{"a":2}\n', new Map([[3, { a: 3 }]])), {
      name: 'RangeError',
      message: 'Cannot replace line 3: the text has 2 lines, numbered from 1.',
    });
    assert.throws(() => replaceRows('{"a":1}', new Map([[0, { a: 0 }]])), {
      name: 'RangeError',
      message: 'Cannot replace line 0: the text has 1 line, numbered from 1.',
    });
    assert.throws(() => replaceRows('', new Map([[1.5, { a: 0 }]])), {
      name: 'RangeError',
      message: 'Cannot replace line 1.5: the text has 0 lines, numbered from 1.',
    });
  });
});
