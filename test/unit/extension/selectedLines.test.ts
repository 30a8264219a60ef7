import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { selectedLines, type SelectionLike } from '../../../src/extension/selectedLines';

const selection = (startLine: number, startChar: number, endLine: number, endChar: number): SelectionLike => ({
  start: { line: startLine, character: startChar },
  end: { line: endLine, character: endChar },
});

describe('selectedLines', () => {
  const cases: [string, SelectionLike[], number[]][] = [
    ['a cursor selects its own line', [selection(4, 3, 4, 3)], [4]],
    ['a partly selected line counts whole', [selection(1, 5, 3, 7)], [1, 2, 3]],
    ['a line-wise selection ending at column 0 leaves out the next line', [selection(1, 0, 4, 0)], [1, 2, 3]],
    ['a selection ending at column 0 of its own start line keeps that line', [selection(2, 0, 2, 0)], [2]],
    ['several selections merge, sorted and without duplicates', [selection(6, 0, 7, 2), selection(1, 1, 2, 1), selection(2, 0, 2, 4)], [1, 2, 6, 7]],
    ['no selection, no lines', [], []],
  ];
  for (const [name, selections, expected] of cases) {
    test(name, () => assert.deepEqual(selectedLines(selections), expected));
  }
});
