import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serializeRow } from '../../../../src/core/jsonl';
import { ResultsModel } from '../../../../src/extension/panels/resultsModel';
import { RowPager } from '../../../../src/extension/panels/rowPager';

function fileModel(count: number): ResultsModel {
  const model = new ResultsModel();
  for (let id = 1; id <= count; id++) {
    const value = { id, instruction: `seed ${id}`, evolved_instruction: `evolved ${id}` };
    model.addFileRow(id, serializeRow(value), value);
  }
  return model;
}

describe('sending a page its rows in chunks', () => {
  it('sends the first rows with init and the rest as asked, as they are when sent', () => {
    const model = fileModel(10_500);
    const pager = new RowPager(model);
    const init = pager.init({ uri: 'file:///f.jsonl', label: 'f' }, null);
    assert.ok(init.type === 'init');
    assert.deepEqual([init.rows.length, init.pendingRows], [100, 10_400]);
    const [removed] = model.rows().slice(100);
    model.removeRow(removed!);
    const first = pager.next();
    assert.ok(first?.type === 'rowsChunk');
    assert.deepEqual([first.rows.length, first.pendingRows], [9_999, 400], 'a row removed meanwhile is not sent');
    const second = pager.next();
    assert.ok(second?.type === 'rowsChunk');
    assert.deepEqual([second.rows.length, second.pendingRows], [400, 0]);
    assert.deepEqual(pager.next(), { type: 'rowsChunk', rows: [], pendingRows: 0, columns: ['id', 'instruction', 'evolved_instruction'] });
  });

  it('sends bodies with the first screen only; the page asks for the others as they come into view', () => {
    const pager = new RowPager(fileModel(150));
    const init = pager.init({ uri: 'file:///f.jsonl', label: 'f' }, null);
    assert.ok(init.type === 'init');
    assert.deepEqual(init.rows[0]?.body, { values: { id: 1, instruction: 'seed 1', evolved_instruction: 'evolved 1' }, stats: null });
    assert.ok(init.rows.every((row) => row.body !== null));
    const chunk = pager.next();
    assert.ok(chunk?.type === 'rowsChunk');
    assert.ok(chunk.rows.every((row) => row.body === null));
    assert.deepEqual(chunk.rows[0], { key: chunk.rows[0]!.key, line: 101, status: 'ok', error: null, scores: {}, track: true, body: null });
  });

  it('while a file is still read, answers an ask when rows arrive, and says when the last has', () => {
    const model = fileModel(100);
    const pager = new RowPager(model, true);
    const init = pager.init({ uri: 'file:///f.jsonl', label: 'f' }, null);
    assert.ok(init.type === 'init');
    assert.equal(init.pendingRows, null);
    assert.equal(pager.next(), undefined, 'nothing is ready yet: the ask waits');
    const value = { id: 101, instruction: 'seed 101', evolved_instruction: 'evolved 101' };
    const added = model.addFileRow(101, serializeRow(value), value);
    const answer = pager.add([added], true);
    assert.ok(answer?.type === 'rowsChunk');
    assert.deepEqual([answer.rows.map((row) => row.line), answer.pendingRows], [[101], null]);
    assert.equal(pager.add([], false), undefined, 'nobody asked');
    assert.deepEqual(pager.next(), { type: 'rowsChunk', rows: [], pendingRows: 0, columns: ['id', 'instruction', 'evolved_instruction'] });
  });
});
