import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { existingOutputs, outputPathsFor } from '../../../../src/core/pipeline/run';
import { startMockOpenAi, type MockOpenAi } from '../../../support/mockOpenAi';
import { instructionRows, planOf, readRows, runIn, stepOf, withTempDir, writePipeline } from './kit';

describe('generator steps', () => {
  let mock: MockOpenAi;
  before(async () => {
    mock = await startMockOpenAi();
  });
  after(async () => {
    await mock.close();
  });

  test('a generator step makes `rows` rows from nothing, and the next step answers each', async () => {
    await withTempDir(async (dir) => {
      const run = await runIn(
        dir,
        `name: generate
llms: { default: { base_url: ${mock.url}, model: mock-model } }
steps:
  - { name: invent, task: EvolInstructGenerator, rows: 4, with: { min_length: 50, max_length: 400 } }
  - { name: answer, task: TextGeneration, after: invent }
`,
      );
      const invented = await run.rows('invent');
      assert.equal(invented.length, 4);
      for (const row of invented) assert.ok(typeof row.instruction === 'string' && row.instruction.length >= 50, JSON.stringify(row.instruction));
      const answered = await run.output();
      assert.deepEqual(
        answered.map((row) => row.instruction),
        invented.map((row) => row.instruction),
      );
      for (const row of answered) assert.equal(typeof row.generation, 'string');
      assert.equal(stepOf(run.summary, 'invent').rowsIn, 4);
    });
  });
});

describe('per-step outputs', () => {
  test("every step's rows go to <dir>/steps/<step>.jsonl and the last step's to the output", async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'rows.jsonl'), instructionRows(3));
      const run = await runIn(
        dir,
        `name: outputs
steps:
  - { name: rows, load: rows.jsonl }
  - { name: ids, step: KeepColumns, after: rows, with: { columns: [id] } }
output: result/final.jsonl
`,
      );
      assert.deepEqual((await readdir(join(dir, 'out', 'steps'))).sort(), ['ids.jsonl', 'rows.jsonl']);
      assert.deepEqual((await run.rows('rows')).map((row) => Object.keys(row)), [['id', 'instruction'], ['id', 'instruction'], ['id', 'instruction']]);
      // --out-dir keeps the output's file name and moves it into that folder.
      assert.deepEqual(await readRows(join(dir, 'out', 'final.jsonl')), [{ id: 'r1' }, { id: 'r2' }, { id: 'r3' }]);
      assert.equal(run.summary.outputRows, 3);
    });
  });

  test('where the files go: next to `output`, else out/<name>/ beside the pipeline file; existing ones are found', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'rows.jsonl'), instructionRows(1));
      const withOutput = await planOf(await writePipeline(dir, 'name: a\nsteps: [{ name: rows, load: rows.jsonl }]\noutput: data/out.jsonl\n'));
      const paths = outputPathsFor(withOutput, join(dir, 'test.pipeline.yaml'));
      assert.deepEqual([paths.output, paths.stepFile('rows')], [join(dir, 'data/out.jsonl'), join(dir, 'data/steps/rows.jsonl')]);

      const withoutOutput = await planOf(await writePipeline(dir, 'name: my pipeline\nsteps: [{ name: rows, load: rows.jsonl }]\n'));
      const fallback = outputPathsFor(withoutOutput, join(dir, 'test.pipeline.yaml'));
      assert.deepEqual([fallback.output, fallback.stepFile('rows')], [join(dir, 'out/my-pipeline/my-pipeline.jsonl'), join(dir, 'out/my-pipeline/steps/rows.jsonl')]);

      assert.deepEqual(await existingOutputs(withoutOutput, fallback), []);
      await runIn(dir, 'name: my pipeline\nsteps: [{ name: rows, load: rows.jsonl }]\n');
      const rerun = outputPathsFor(withoutOutput, join(dir, 'test.pipeline.yaml'), join(dir, 'out'));
      assert.deepEqual(await existingOutputs(withoutOutput, rerun), [join(dir, 'out/my-pipeline.jsonl'), join(dir, 'out/steps/rows.jsonl')]);
    });
  });
});
