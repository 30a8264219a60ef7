import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJsonl, serializeRow } from '../../../src/core/jsonl';

describe('serializeRow', () => {
  test('writes compact JSON', () => {
    assert.equal(serializeRow({ a: 1, b: [true, null], c: { d: 'e' } }), '{"a":1,"b":[true,null],"c":{"d":"e"}}');
  });

  test('never contains a raw line break, even for U+2028 and U+2029', () => {
    const value = { text: 'one\ntwo\r\nthree\u2028four\u2029five' };
    const line = serializeRow(value);
    assert.equal(line, '{"text":"one\\ntwo\\r\\nthree\\u2028four\\u2029five"}');
    assert.doesNotMatch(line, /[\n\r\u2028\u2029]/);
    assert.deepEqual(parseJsonl(line).rows, [{ line: 1, value }]);
  });
});
