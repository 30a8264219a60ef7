import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineTracker, placeRows, type LineEdit, type TrackedRow } from '../../../src/extension/rowPlacement';

/** A tiny document model: applies the same edits the tracker sees, so each test checks both agree. */
class Doc {
  constructor(public lines: string[]) {}
  apply(edit: LineEdit): void {
    const text = this.lines.join('\n');
    const offset = (line: number, character: number) => this.lines.slice(0, line).reduce((total, current) => total + current.length + 1, 0) + character;
    const start = offset(edit.startLine, edit.startCharacter);
    const end = offset(edit.endLine, edit.endCharacter);
    this.lines = (text.slice(0, start) + edit.text + text.slice(end)).split('\n');
  }
}

function setUp(lines: string[], selected: number[]) {
  const doc = new Doc(lines);
  const counts = new Map<string, number>();
  for (const line of lines) counts.set(line, (counts.get(line) ?? 0) + 1);
  const rows: TrackedRow[] = selected.map((line, index) => ({
    index,
    line: line + 1,
    sourceText: lines[line] as string,
    uniqueAtStart: counts.get(lines[line] as string) === 1,
  }));
  const tracker = new LineTracker(rows.map((row) => [row.index, row.line - 1] as const));
  const edit = (change: LineEdit) => {
    doc.apply(change);
    tracker.applyAll([change]);
  };
  const place = () => placeRows(rows, tracker, doc.lines.length, (line) => doc.lines[line] as string);
  return { doc, edit, place };
}

const at = (line: number, character = 0) => ({ startLine: line, startCharacter: character, endLine: line, endCharacter: character });

describe('LineTracker and placeRows', () => {
  it('leaves rows where they are when nothing changed', () => {
    const { place } = setUp(['a', 'b', 'c'], [0, 2]);
    assert.deepEqual(place(), { lines: new Map([[0, 0], [1, 2]]), lost: [] });
  });

  it('moves rows down when a line is inserted above them, even with identical rows elsewhere', () => {
    const { edit, place, doc } = setUp(['same', 'x', 'same', 'same'], [2, 3]);
    edit({ ...at(0), text: 'inserted\n' });
    assert.equal(doc.lines[3], 'same');
    assert.deepEqual(place(), { lines: new Map([[0, 3], [1, 4]]), lost: [] });
  });

  it('moves rows up when lines above them are deleted', () => {
    const { edit, place } = setUp(['a', 'b', 'c', 'd'], [3]);
    edit({ startLine: 0, startCharacter: 0, endLine: 2, endCharacter: 0, text: '' });
    assert.deepEqual(place().lines, new Map([[0, 1]]));
  });

  it('follows a newline typed at the end of the line above', () => {
    const { edit, place } = setUp(['a', 'b'], [1]);
    edit({ ...at(0, 1), text: '\nnew' });
    assert.deepEqual(place().lines, new Map([[0, 2]]));
  });

  it('ignores edits below the rows, and within other lines', () => {
    const { edit, place } = setUp(['a', 'b', 'c'], [0]);
    edit({ startLine: 2, startCharacter: 0, endLine: 2, endCharacter: 1, text: 'C\nD' });
    edit({ ...at(1, 1), text: 'x' });
    assert.deepEqual(place().lines, new Map([[0, 0]]));
  });

  it('loses a row whose own text was edited, rather than writing it anywhere', () => {
    const { edit, place } = setUp(['a', 'b', 'c'], [1]);
    edit({ ...at(1, 1), text: 'x' });
    assert.deepEqual(place(), { lines: new Map(), lost: [2] });
  });

  it('loses a deleted row even when an identical row exists elsewhere', () => {
    const { edit, place } = setUp(['dup', 'x', 'dup'], [0]);
    edit({ startLine: 0, startCharacter: 0, endLine: 1, endCharacter: 0, text: '' });
    assert.deepEqual(place().lost, [1]);
  });

  it('finds a unique row again after the whole text was replaced around it', () => {
    const { edit, place } = setUp(['a', 'b', 'c'], [1]);
    edit({ startLine: 0, startCharacter: 0, endLine: 2, endCharacter: 1, text: 'z\ny\na\nb\nc' });
    assert.deepEqual(place().lines, new Map([[0, 3]]));
  });

  it('applies the changes of one event from the bottom up', () => {
    const lines = ['a', 'b', 'c', 'd'];
    const doc = new Doc(lines);
    const tracker = new LineTracker([[0, 1], [1, 3]]);
    const edits: LineEdit[] = [
      { ...at(0), text: 'top\n' },
      { ...at(2), text: 'mid\n' },
    ];
    tracker.applyAll(edits);
    for (const change of [...edits].reverse()) doc.apply(change);
    assert.deepEqual([tracker.position(0)?.line, tracker.position(1)?.line], [2, 5]);
    assert.equal(doc.lines[2], 'b');
    assert.equal(doc.lines[5], 'd');
  });
});
