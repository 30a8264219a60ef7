import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileLines, ResultRowsReader, TextLines } from '../../../../src/extension/panels/resultRows';
import { withTempDir } from '../../jsonl/tempDir';

const lines = [
  '{"instruction":"a"}',
  '{ "instruction": "b", "evolved_instruction": "bb" }',
  'not json',
  '',
  '{"generations":["x","y"],"ratings":[3,null],"distilabel_metadata":{"error_ultra_feedback_0":"bad format"}}',
];

describe('the rows of a file the panel shows', () => {
  it('keeps the rows holding task outputs, with their line, exact text, summary and status', async () => {
    const reader = new ResultRowsReader(new TextLines(lines));
    await reader.readUntilFound();
    assert.equal(reader.complete, true);
    const rows = reader.model.rows();
    assert.deepEqual(
      rows.map((row) => [reader.model.lineOf(row), row.writtenText, row.status, row.error, row.summary]),
      [
        [2, lines[1], 'ok', null, { scores: {}, track: true }],
        [5, lines[4], 'failed', 'bad format', { scores: { 'ratings[1]': 3, 'ratings[2]': null }, track: false }],
      ],
    );
    assert.deepEqual(reader.model.columns(), ['instruction', 'evolved_instruction', 'generations', 'ratings']);
  });

  it('from disk, holds no row: each is read back from its line when asked, and its group re-runs from it', () =>
    withTempDir(async (dir) => {
      const path = join(dir, 'results.jsonl');
      await writeFile(path, `${lines.join('\n')}\n`);
      const reader = new ResultRowsReader(await fileLines(path));
      const first = await reader.readUntilFound();
      assert.deepEqual(first.map((row) => row.writtenText), [lines[1], lines[4]]);
      const [evolved] = first;
      assert.deepEqual(evolved!.value, { instruction: 'b', evolved_instruction: 'bb' });
      assert.deepEqual(evolved!.group.input, { instruction: 'b', evolved_instruction: 'bb' });
      assert.deepEqual(reader.model.toPanelRow(evolved!, true).body, { values: { instruction: 'b', evolved_instruction: 'bb' }, stats: null });
      // A re-run's value is held from then on; the line it stands on is still read from the file.
      evolved!.value = { instruction: 'b', evolved_instruction: 'better' };
      assert.deepEqual(evolved!.summary, { scores: {}, track: true });
      assert.equal(evolved!.writtenText, lines[1]);
      assert.deepEqual(evolved!.value, { instruction: 'b', evolved_instruction: 'better' });
      await reader.lines.close();
    }));
});
