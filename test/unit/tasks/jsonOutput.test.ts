import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseJsonKeys, parseJsonOutput } from '../../../src/core/tasks/jsonOutput';

describe('parseJsonOutput', () => {
  const accepted: [string, string, unknown][] = [
    ['plain JSON', '{"a": 1}', { a: 1 }],
    ['surrounding whitespace', '  \n{"a": 1}\n ', { a: 1 }],
    ['a ```json fence', 'Here you go:\n```json\n{"a": [1, 2]}\n```\nEnjoy!', { a: [1, 2] }],
    ['a bare ``` fence', '```\n["x", "y"]\n```', ['x', 'y']],
    ['prose before and after', 'Sure! {"label": "spam", "note": "a } in a string"} Hope this helps.', { label: 'spam', note: 'a } in a string' }],
    ['raw newlines and tabs inside strings', '{"text": "line one\nline\ttwo"}', { text: 'line one\nline\ttwo' }],
    ['Python literals', "{'ok': True, 'none': None, 'no': False, 'say': 'don\\'t \"quote\"'}", { ok: true, none: null, no: false, say: 'don\'t "quote"' }],
    ['a Python list of strings', "['task one', \"task two\"]", ['task one', 'task two']],
    ['a trailing comma', '{"a": 1,}', { a: 1 }],
  ];
  for (const [name, raw, expected] of accepted) {
    test(`accepts ${name}`, () => assert.deepEqual(parseJsonOutput(raw), { ok: true, value: expected }));
  }

  const refused: [string, string | null, RegExp][] = [
    ['null output', null, /no content/],
    ['empty output', '   ', /empty/],
    ['prose only', 'I cannot help with that.', /holds no JSON/],
    ['a numbered list', '1. first idea\n2. second idea', /holds no JSON/],
    ['truncated JSON', '{"input": "a long text that was cut', /cut off/],
    ['a truncated list', '["a", "b",', /cut off/],
  ];
  for (const [name, raw, reason] of refused) {
    test(`refuses ${name}`, () => {
      const parsed = parseJsonOutput(raw);
      assert.equal(parsed.ok, false);
      assert.match(parsed.ok ? '' : parsed.reason, reason);
    });
  }
});

describe('parseJsonKeys', () => {
  test('picks the keys, null for missing ones, with the reason', () => {
    assert.deepEqual(parseJsonKeys('{"S1": "a", "S2": "b", "extra": 1}', ['S1', 'S2', 'S3']), {
      values: { S1: 'a', S2: 'b', S3: null },
      parseError: 'the JSON has no S3',
    });
  });
  test('all keys present: no error', () => {
    assert.deepEqual(parseJsonKeys('```json\n{"input": "q", "positive_document": "d"}\n```', ['input', 'positive_document']), {
      values: { input: 'q', positive_document: 'd' },
    });
  });
  test('not an object: every key null', () => {
    assert.deepEqual(parseJsonKeys('[1, 2]', ['a']), { values: { a: null }, parseError: 'expected a JSON object with a, got a list' });
    assert.deepEqual(parseJsonKeys(null, ['a']), { values: { a: null }, parseError: 'the endpoint returned no content' });
  });
});
