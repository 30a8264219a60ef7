import assert from 'node:assert/strict';
import { appendFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { serializeRow } from '../../../../src/core/jsonl';
import type { RowResult } from '../../../../src/core/run/rowRunner';
import { ResultsModel } from '../../../../src/extension/panels/resultsModel';
import { WrittenRows } from '../../../../src/extension/panels/writtenRows';
import { withTempDir } from '../../jsonl/tempDir';

function published(model: ResultsModel, index: number) {
  const value = { id: index, instruction: `seed ${index}`, evolved_instruction: `evolved ${index}` };
  const result: RowResult = { index, line: index + 1, rows: [value], status: 'ok', requests: 1, inputTokens: 1, outputTokens: 1 };
  return { value, rows: model.addRunResult(result, null) };
}

describe('a panel following the file a run appends its rows to', () => {
  it('lets each row go once its line is on disk, reads it back from there, and keeps a re-run row and an unwritten one', () =>
    withTempDir(async (dir) => {
      const path = join(dir, 'out.jsonl');
      const model = new ResultsModel();
      const written = new WrittenRows(path);
      const rows = [0, 1, 2, 3].map((index) => published(model, index));
      written.add(rows.flatMap((entry) => entry.rows));
      await written.catchUp(); // the file does not exist yet: nothing changes
      assert.ok(rows.every(({ rows: [row] }) => row!.held));

      await writeFile(path, `${serializeRow(rows[0]!.value)}\n${serializeRow(rows[1]!.value)}\n${serializeRow(rows[2]!.value).slice(0, 10)}`);
      rows[1]!.rows[0]!.value = { id: 1, instruction: 'seed 1', evolved_instruction: 're-run' };
      await written.catchUp();
      assert.deepEqual(rows.map(({ rows: [row] }) => row!.held), [false, true, true, true], 'row 0 let go; row 1 was re-run; row 2 is half written');
      assert.deepEqual(rows[0]!.rows[0]!.value, rows[0]!.value, 'read back from its line');
      assert.deepEqual(model.row(rows[0]!.rows[0]!.key)?.group.input, rows[0]!.value, 'its group re-runs from it');

      await appendFile(path, `${serializeRow(rows[2]!.value).slice(10)}\n${serializeRow(rows[3]!.value)}`);
      await written.end();
      assert.deepEqual(rows.map(({ rows: [row] }) => row!.held), [false, true, false, false], 'the last line counts once the run ended');
      assert.deepEqual(rows[3]!.rows[0]!.value, rows[3]!.value);
      assert.deepEqual(rows[1]!.rows[0]!.value.evolved_instruction, 're-run');
      await written.close();
    }));
});
