import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { splitLines } from '../../../src/core/jsonl';

describe('splitLines', () => {
  test('gives no lines for empty text', () => {
    assert.deepEqual(splitLines(''), []);
  });

  test('a final newline ends the last line instead of adding an empty one', () => {
    assert.deepEqual(splitLines('a\nb\n'), [
      { content: 'a', eol: '\n' },
      { content: 'b', eol: '\n' },
    ]);
  });

  test('the last line has no ending when the text has no final newline', () => {
    assert.deepEqual(splitLines('a\nb'), [
      { content: 'a', eol: '\n' },
      { content: 'b', eol: '' },
    ]);
  });

  test('keeps each line ending, CRLF and LF mixed', () => {
    assert.deepEqual(splitLines('a\r\nb\nc\r\n'), [
      { content: 'a', eol: '\r\n' },
      { content: 'b', eol: '\n' },
      { content: 'c', eol: '\r\n' },
    ]);
  });

  test('blank lines are lines of their own', () => {
    assert.deepEqual(splitLines('\n\r\n\n'), [
      { content: '', eol: '\n' },
      { content: '', eol: '\r\n' },
      { content: '', eol: '\n' },
    ]);
  });

  test('a lone CR is not a line ending', () => {
    assert.deepEqual(splitLines('a\rb\nc\r'), [
      { content: 'a\rb', eol: '\n' },
      { content: 'c\r', eol: '' },
    ]);
  });

  test('the BOM stays in line 1', () => {
    assert.deepEqual(splitLines('\uFEFF{}\n{}'), [
      { content: '\uFEFF{}', eol: '\n' },
      { content: '{}', eol: '' },
    ]);
  });

  test('joining content and endings gives the text back', () => {
    const text = '\uFEFF{"a":1}\r\n\n  \r\n{"b":2}\r{"c":3}';
    assert.equal(
      splitLines(text)
        .map((line) => line.content + line.eol)
        .join(''),
      text,
    );
  });
});
