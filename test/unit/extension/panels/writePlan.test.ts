import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serializeRow } from '../../../../src/core/jsonl';
import type { RowResult } from '../../../../src/core/run/rowRunner';
import { ResultsModel } from '../../../../src/extension/panels/resultsModel';
import { rowKey } from '../../../../src/extension/panels/rowKeys';
import { acceptedLines, describeInPlaceWrite, findRowLine, lineAfterEdits, planInPlaceWrite } from '../../../../src/extension/panels/writePlan';

const evolved = (id: number, text = `evolved ${id}`) => ({ id, instruction: `seed ${id}`, evolved_instruction: text });

/** A file of `count` evolved rows with a plain row between each, read into a panel model. */
function fileModel(count: number) {
  const lines: string[] = [];
  const model = new ResultsModel();
  for (let id = 1; id <= count; id++) {
    lines.push(JSON.stringify({ note: `plain ${id}` }));
    const text = serializeRow(evolved(id));
    lines.push(text);
    model.addFileRow(lines.length, text, evolved(id));
  }
  return { lines, model };
}

function apply(lines: readonly string[], plan: ReturnType<typeof planInPlaceWrite>): string[] {
  const result = [...lines];
  for (const edit of [...plan.edits].reverse()) result.splice(edit.start, edit.end - edit.start, ...edit.lines);
  return result;
}

const decisionOf = (model: ResultsModel) => (row: { key: string }) => model.decisions.get(row.key);

describe('row keys', () => {
  it('are the same for the same text, and distinct for repeated text', () => {
    const taken = new Set<string>();
    const next = (text: string) => {
      const key = rowKey(text, (candidate) => taken.has(candidate));
      taken.add(key);
      return key;
    };
    const first = next('{"a":1}');
    assert.equal(rowKey('{"a":1}', () => false), first);
    assert.equal(next('{"a":1}'), `${first}~2`);
    assert.equal(next('{"a":1}'), `${first}~3`);
    assert.notEqual(next('{"a":2}'), first);
  });
});

describe('writing decisions back in place', () => {
  it('writes accepted rows, removes rejected ones and leaves the rest byte for byte', () => {
    const { lines, model } = fileModel(3);
    const [first, second] = model.rows();
    model.decide([first!.key], 'rejected');
    second!.value = evolved(2, 'evolved again');
    model.decide([second!.key], 'accepted');
    const plan = planInPlaceWrite(lines, model.groups, decisionOf(model));
    assert.deepEqual(plan.notFound, []);
    const after = apply(lines, plan);
    assert.deepEqual(after, [lines[0], lines[2], serializeRow(evolved(2, 'evolved again')), lines[4], lines[5]]);

    const removed = model.recordWrite(plan);
    assert.deepEqual(removed, [first!.key]);
    assert.deepEqual(model.rows().map((row) => model.lineOf(row)), [3, 5], 'lines move up by the removed row');
    assert.equal(second!.writtenText, after[2]);
    assert.deepEqual(planInPlaceWrite(after, model.groups, decisionOf(model)).edits, [], 'a second write changes nothing');
  });

  it('finds rows that moved, and leaves alone the ones that changed or are ambiguous', () => {
    const { lines, model } = fileModel(3);
    const [first, second, third] = model.rows();
    model.decide([first!.key, second!.key, third!.key], 'rejected');
    const edited = ['{"inserted":true}', ...lines];
    edited[4] = '{"user":"edited row 2"}';
    const plan = planInPlaceWrite(edited, model.groups, decisionOf(model));
    assert.deepEqual(plan.notFound.map((group) => group.rows[0]?.key), [second!.key]);
    assert.deepEqual(apply(edited, plan), ['{"inserted":true}', lines[0], lines[2], edited[4], lines[4]]);

    const twice = [...lines, lines[1] as string];
    const ambiguous = planInPlaceWrite(twice, [{ ...first!.group, lineHint: null }], decisionOf(model));
    assert.equal(ambiguous.notFound.length, 1, 'the same text twice and no hint: not guessed');
  });

  it('a run\'s group of rows (num_generations) is one span; a re-run replaces it position by position', () => {
    const model = new ResultsModel();
    const result = ([first, ...rest]: [string, ...string[]]): RowResult => ({
      index: 0,
      line: 2,
      rows: [evolved(1, first), ...rest.map((text) => evolved(1, text))],
      status: 'ok',
      requests: 2,
      inputTokens: 0,
      outputTokens: 0,
    });
    const [a, b] = model.addRunResult(result(['one', 'two']), { id: 1, instruction: 'seed 1' });
    const lines = ['{"head":1}', serializeRow(evolved(1, 'one')), serializeRow(evolved(1, 'two')), '{"tail":1}'];
    model.decide([a!.key], 'accepted');
    model.decide([b!.key], 'accepted');
    const changed = model.replaceGroup(a!.group, result(['uno', 'dos', 'tres']));
    assert.deepEqual(changed.map((row) => row.key).slice(0, 2), [a!.key, b!.key], 'keys stay');
    assert.equal(model.decisions.size, 0, 're-run rows lose their decisions');
    model.decide([a!.key, changed[2]!.key], 'accepted');
    model.decide([b!.key], 'rejected');
    const after = apply(lines, planInPlaceWrite(lines, model.groups, decisionOf(model)));
    assert.deepEqual(after, ['{"head":1}', serializeRow(evolved(1, 'uno')), serializeRow(evolved(1, 'tres')), '{"tail":1}']);
  });

  it('moves lines after edits above them', () => {
    const edits = [{ start: 2, end: 3, lines: [], group: { input: {}, lineHint: 2, rows: [] } }, { start: 5, end: 6, lines: ['a', 'b'], group: { input: {}, lineHint: 5, rows: [] } }];
    assert.deepEqual([0, 2, 4, 5, 7].map((line) => lineAfterEdits(line, edits)), [0, 2, 3, 4, 7]);
  });
});

describe('saving accepted rows to a new file', () => {
  it('takes the accepted rows\' latest values, in panel order', () => {
    const { model } = fileModel(3);
    const [first, , third] = model.rows();
    model.decide([third!.key, first!.key], 'accepted');
    assert.deepEqual(acceptedLines(model.rows(), decisionOf(model)), [serializeRow(evolved(1)), serializeRow(evolved(3))]);
  });
});

describe('telling the user what a write did, and finding a row', () => {
  it('counts what was written, removed and left alone', () => {
    const { lines, model } = fileModel(3);
    const [first, second, third] = model.rows();
    model.decide([first!.key], 'accepted');
    model.decide([second!.key, third!.key], 'rejected');
    const edited = [...lines];
    edited[5] = '{"changed":true}';
    const plan = planInPlaceWrite(edited, model.groups, decisionOf(model));
    assert.deepEqual(describeInPlaceWrite(plan, 'data.jsonl'), {
      level: 'warning',
      text: 'Wrote 1 row accepted and removed 1 row rejected in data.jsonl; one edit: Undo takes it back; 1 row decided but not found as shown (changed since, or never written): left alone.',
    });
  });

  it('finds a row at its hint, else at its only occurrence', () => {
    const lines = ['a', 'b', 'a'];
    assert.equal(findRowLine(lines, 'a', 2), 2);
    assert.equal(findRowLine(lines, 'a', 1), undefined, 'twice, and not at the hint');
    assert.equal(findRowLine(lines, 'b', null), 1);
    assert.equal(findRowLine(lines, 'c', 0), undefined);
  });
});
