import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { nodePipelineHost, readSampleRows, SampleCache } from '../../../src/core/pipeline/nodePipelineHost';
import { withTempDir } from '../jsonl/tempDir';
import { FIXTURES } from './kit';

const DATA = join(FIXTURES, 'data');

describe('sampling a load source', () => {
  test('JSONL, JSON and CSV rows, read as the engine reads them (CSV values stay strings)', async () => {
    assert.deepEqual(await readSampleRows(join(DATA, 'seeds.jsonl'), 'jsonl', 1), {
      rows: [{ id: 1, instruction: 'Write a haiku about green tea.', topic: 'poetry', tags: ['poetry'], difficulty: 1 }],
    });
    const json = await readSampleRows(join(DATA, 'conversations.json'), 'json');
    assert.equal('rows' in json && json.rows.length, 2);
    assert.deepEqual(await readSampleRows(join(DATA, 'questions.csv'), 'csv', 1), { rows: [{ question: 'How do I reset a forgotten password?', topic: 'account' }] });
  });

  test('a file with no readable row says why', () =>
    withTempDir(async (dir) => {
      await writeFile(join(dir, 'bad.json'), '{ "not": "a list" }');
      const result = await readSampleRows(join(dir, 'bad.json'), 'json');
      assert.ok('error' in result && /^line 1: expected an array of objects/.test(result.error), JSON.stringify(result));
    }));
});

describe('the sample cache', () => {
  test('reads a file again once it changes, and when told to forget it', () =>
    withTempDir(async (dir) => {
      const file = join(dir, 'rows.jsonl');
      await writeFile(file, '{"a": 1}\n');
      const cache = new SampleCache();
      assert.deepEqual(await cache.read(file, 'jsonl'), { rows: [{ a: 1 }] });
      await writeFile(file, '{"b": "two"}\n');
      // Same size as before: the modification time tells the versions apart.
      await utimes(file, new Date(), new Date(Date.now() + 5_000));
      assert.deepEqual(await cache.read(file, 'jsonl'), { rows: [{ b: 'two' }] });
      await writeFile(file, '{"c": "xyz"}\n');
      cache.forget(file);
      assert.deepEqual(await cache.read(file, 'jsonl'), { rows: [{ c: 'xyz' }] });
    }));

  test('the host resolves `load` paths against the pipeline file’s folder', async () => {
    const host = nodePipelineHost(join(FIXTURES, 'clean', 'any.pipeline.yaml'));
    assert.equal(await host.fileExists('../data/seeds.jsonl'), true);
    assert.equal(await host.fileExists('data/seeds.jsonl'), false);
    assert.equal(await host.fileExists('../data'), false, 'a folder is not a source file');
  });
});
