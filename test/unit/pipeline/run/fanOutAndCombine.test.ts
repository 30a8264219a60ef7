import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LlmClient } from '../../../../src/core/llm/types';
import { scriptedClient } from '../../../support/scriptedClient';
import { instructionRows, runIn, stepOf, withTempDir } from './kit';

/** A client per `llms` entry that answers "<entry>: <prompt>", slower for one of them so the branches interleave. */
function clientsByEntry(): (llm: string) => LlmClient {
  return (llm) =>
    scriptedClient(async (messages) => {
      await new Promise((resolve) => setTimeout(resolve, llm === 'slow' ? 3 : 0));
      return `${llm}: ${messages.at(-1)?.content ?? ''}`;
    }, `model-${llm}`);
}

describe('fan-out and multi-input steps', () => {
  test('a step read by two steps gives each every row; GroupColumns joins the branches position by position', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'rows.jsonl'), instructionRows(8));
      const run = await runIn(
        dir,
        `name: fan-out
llms:
  fast: { base_url: http://unused.invalid/v1, model: fast }
  slow: { base_url: http://unused.invalid/v1, model: slow }
steps:
  - { name: rows, load: rows.jsonl }
  - { name: answer_fast, task: TextGeneration, after: rows, llm: fast }
  - { name: answer_slow, task: TextGeneration, after: rows, llm: slow }
  - name: grouped
    step: GroupColumns
    after: [answer_fast, answer_slow]
    with: { columns: [generation, model_name], output_columns: [generations, model_names] }
`,
        { createClient: clientsByEntry() },
      );
      for (const branch of ['answer_fast', 'answer_slow']) {
        assert.deepEqual((await run.rows(branch)).map((row) => row.id), ['r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8']);
      }
      const grouped = await run.output();
      assert.equal(grouped.length, 8);
      grouped.forEach((row, index) => {
        const instruction = `Explain topic number ${index + 1} in simple words.`;
        assert.equal(row.id, `r${index + 1}`);
        assert.deepEqual(row.generations, [`fast: ${instruction}`, `slow: ${instruction}`]);
        assert.deepEqual(row.model_names, ['model-fast', 'model-slow']);
        assert.ok(!('generation' in row) && !('model_name' in row), 'the grouped columns are replaced by their lists');
      });
      assert.equal(stepOf(run.summary, 'grouped').rowsIn, 16);
      assert.equal(stepOf(run.summary, 'grouped').rowsFailed, 0);
    });
  });

  test('branches of unequal length: the extra positions still come out, each with an error naming the short branch', async () => {
    await withTempDir(async (dir) => {
      const rows = [{ id: 'a', items: ['a1', 'a2'] }, { id: 'b', items: ['b1'] }, { id: 'c', items: ['c1', 'c2'] }];
      await writeFile(join(dir, 'rows.jsonl'), rows.map((row) => JSON.stringify(row)).join('\n'));
      const run = await runIn(
        dir,
        `name: unequal
steps:
  - { name: rows, load: rows.jsonl }
  - { name: expanded, step: ExpandColumns, after: rows, with: { columns: { items: item } } }
  - { name: ids, step: KeepColumns, after: rows, with: { columns: [id] } }
  - { name: joined, step: CombineOutputs, after: [expanded, ids] }
`,
      );
      const joined = await run.output();
      assert.deepEqual(joined.map((row) => row.item), ['a1', 'a2', 'b1', 'c1', 'c2']);
      const errors = joined.map((row) => (row.distilabel_metadata as Record<string, unknown> | undefined)?.error_joined);
      assert.deepEqual(errors.slice(0, 3), [undefined, undefined, undefined]);
      assert.deepEqual(errors.slice(3), [
        'predecessor 2 has no row at position 4 (the predecessors gave 5, 3 rows)',
        'predecessor 2 has no row at position 5 (the predecessors gave 5, 3 rows)',
      ]);
      assert.equal(stepOf(run.summary, 'joined').rowsFailed, 2);
    });
  });

  test('a row-wise step after two steps reads the rows of both', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'a.jsonl'), '{"id":"a1"}\n{"id":"a2"}\n');
      await writeFile(join(dir, 'b.csv'), 'id\nb1\n');
      const run = await runIn(
        dir,
        `name: merged
steps:
  - { name: a, load: a.jsonl }
  - { name: b, load: b.csv }
  - { name: ids, step: KeepColumns, after: [a, b], with: { columns: [id] } }
`,
      );
      assert.deepEqual((await run.output()).map((row) => row.id).sort(), ['a1', 'a2', 'b1']);
    });
  });
});
