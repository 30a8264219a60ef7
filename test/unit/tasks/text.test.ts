import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fillPlaceholders, textAfterPromptMarker } from '../../../src/core/tasks/text';

describe('fillPlaceholders', () => {
  test('replaces every occurrence of every placeholder', () => {
    assert.equal(fillPlaceholders('<A>-<B>-<A>', { '<A>': 'x', '<B>': 'y' }), 'x-y-x');
  });

  test('one pass: a placeholder inside a value is not substituted again, in either order', () => {
    assert.equal(fillPlaceholders('<PROMPT>|<RESPONSE>', { '<PROMPT>': 'has <RESPONSE>', '<RESPONSE>': 'R' }), 'has <RESPONSE>|R');
    assert.equal(fillPlaceholders('<PROMPT>|<RESPONSE>', { '<PROMPT>': 'P', '<RESPONSE>': 'has <PROMPT>' }), 'P|has <PROMPT>');
  });

  test('$ sequences in values are literal', () => {
    assert.equal(fillPlaceholders('[<P>]', { '<P>': "$& $1 $$ $' $`" }), "[$& $1 $$ $' $`]");
  });

  test('regex characters in keys are literal; unknown text is left alone; no values leaves the template', () => {
    assert.equal(fillPlaceholders('a.b <X> (c)', { 'a.b': 'A', '(c)': 'C' }), 'A <X> C');
    assert.equal(fillPlaceholders('<PROMPT>', {}), '<PROMPT>');
  });
});

describe('textAfterPromptMarker', () => {
  const cases: [string, string][] = [
    ['plain text', 'plain text'],
    ['  padded  \n', 'padded'],
    ['#Rewritten Prompt#:\nNew', 'New'],
    ['#Created Prompt#:   Created  ', 'Created'],
    ['A Prompt#: B Prompt#: C', 'C'],
    ['Prompt#:', ''],
    ['text Prompt#:\n\n', ''],
    ['#rewritten prompt#: lower', '#rewritten prompt#: lower'],
    ['x\r\n#Rewritten Prompt#:\r\nY\r\n', 'Y'],
    ['', ''],
  ];
  for (const [raw, expected] of cases) {
    test(`${JSON.stringify(raw)} -> ${JSON.stringify(expected)}`, () => {
      assert.equal(textAfterPromptMarker(raw), expected);
    });
  }
});
