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
    const model = fileModel(1500);
    const pager = new RowPager(model);
    const init = pager.init({ uri: 'file:///f.jsonl', label: 'f' }, null);
    assert.ok(init.type === 'init');
    assert.deepEqual([init.rows.length, init.pendingRows], [100, 1400]);
    const [removed] = model.rows().slice(100);
    model.removeRow(removed!);
    const first = pager.next();
    assert.ok(first?.type === 'rowsChunk');
    assert.deepEqual([first.rows.length, first.pendingRows], [999, 400], 'a row removed meanwhile is not sent');
    const second = pager.next();
    assert.ok(second?.type === 'rowsChunk');
    assert.deepEqual([second.rows.length, second.pendingRows], [400, 0]);
    assert.equal(pager.next(), undefined);
  });
});
