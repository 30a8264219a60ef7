import { describe, test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startMockOpenAi, type MockOpenAi } from '../../../support/mockOpenAi';
import { interruptAfterLines, runCli } from '../../../support/cli';
import { instructionRows, readRows, withTempDir } from './kit';

const pipeline = (url: string, extra = '') => `name: cli
llms:
  default: { base_url: ${url}, model: mock-model, max_concurrency: 2, max_retries: 0${extra} }
steps:
  - { name: rows, load: rows.jsonl }
  - { name: evolve, task: EvolInstruct, after: rows, with: { num_evolutions: 1 } }
output: out/evolved.jsonl
`;

describe('distillery run', () => {
  let mock: MockOpenAi;
  before(async () => {
    mock = await startMockOpenAi();
  });
  after(async () => {
    await mock.close();
  });
  beforeEach(() => {
    mock.clearFaults();
    mock.setLatency(0);
    mock.requireApiKey(undefined);
    mock.requests.length = 0;
  });

  test('an invalid pipeline: every problem as file:line:column: code message, exit 2, nothing sent or written', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'rows.jsonl'), instructionRows(2));
      const file = join(dir, 'bad.pipeline.yaml');
      await writeFile(file, pipeline(mock.url).replace('EvolInstruct', 'EvolInstrukt').replace('after: rows', 'after: seeds'));
      const run = await runCli(['run', file]);
      assert.equal(run.code, 2);
      // The editor's diagnostics, as `distillery check` prints them.
      assert.ok(run.stderr.includes(`${file}:6:27: unknown-task Unknown task "EvolInstrukt"; did you mean "EvolInstruct"?`), run.stderr);
      assert.ok(run.stderr.includes(`${file}:6:48: unknown-reference No step is named "seeds"`), run.stderr);
      assert.match(run.stderr, /\d+ problems in .*; nothing was sent\./);
      assert.equal(mock.requests.length, 0);
      assert.deepEqual((await readdir(dir)).sort(), ['bad.pipeline.yaml', 'rows.jsonl']);
    });
  });

  test('--no-step-files writes the output alone', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'rows.jsonl'), instructionRows(3));
      const file = join(dir, 'p.pipeline.yaml');
      await writeFile(file, pipeline(mock.url));
      const run = await runCli(['run', file, '--no-step-files', '--quiet']);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stderr, /\nWrote 3 rows to .*evolved\.jsonl\.\n/);
      assert.equal((await readRows(join(dir, 'out/evolved.jsonl'))).length, 3);
      assert.deepEqual(await readdir(join(dir, 'out')), ['evolved.jsonl']);
    });
  });

  test('progress and a table of the steps on stderr; the files of an earlier run are kept unless --force', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'rows.jsonl'), instructionRows(3));
      const file = join(dir, 'p.pipeline.yaml');
      await writeFile(file, pipeline(mock.url));
      const first = await runCli(['run', file]);
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stderr, /rows \d+ › evolve \d+ · \d+ requests/);
      assert.match(first.stderr, /\nevolve +task +3 +3 +0 +3 +[\d.k]+ +done\n/);
      assert.equal((await readRows(join(dir, 'out/evolved.jsonl'))).length, 3);
      assert.equal((await readRows(join(dir, 'out/steps/rows.jsonl'))).length, 3);

      const refused = await runCli(['run', file]);
      assert.equal(refused.code, 3);
      assert.match(refused.stderr, /out\/evolved\.jsonl and 2 more files of this run already exist\. Pass --force/);
      const forced = await runCli(['run', file, '--force', '--quiet']);
      assert.equal(forced.code, 0, forced.stderr);
      assert.doesNotMatch(forced.stderr, /›/, '--quiet has no progress line');
    });
  });

  test('rows that failed are written with their reason and the run exits 1; unreadable lines are listed', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'rows.jsonl'), `${instructionRows(3)}{"broken": }\n`);
      const file = join(dir, 'p.pipeline.yaml');
      await writeFile(file, pipeline(mock.url));
      mock.injectFaults({ kind: 'clientError', status: 400, message: 'model not loaded' });
      const run = await runCli(['run', file, '--quiet']);
      assert.equal(run.code, 1);
      assert.match(run.stderr, /rows\.jsonl:4:12: invalid JSON/);
      assert.match(run.stderr, /\nevolve +task +3 +3 +1 /);
      assert.match(run.stderr, /The rows counted as failed above are kept, with null outputs/);
      assert.match(run.stderr, /1 line or record of the loaded files could not be read/);
      const rows = await readRows(join(dir, 'out/evolved.jsonl'));
      assert.equal(rows.length, 3);
      assert.equal(rows.filter((row) => row.evolved_instruction === null).length, 1);
    });
  });

  test('Ctrl-C stops every step, keeps the finished rows as complete lines and exits 130', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'rows.jsonl'), instructionRows(100));
      const file = join(dir, 'p.pipeline.yaml');
      await writeFile(file, pipeline(mock.url));
      // Eight rows get their answer and every later request hangs, so the run cannot finish before
      // the Ctrl-C, however slow the machine, and must abandon requests in flight to exit.
      mock.failAllAfter(8, { kind: 'hang' });
      const out = join(dir, 'out/evolved.jsonl');
      const run = await runCli(['run', file, '--quiet'], { onStart: (child) => interruptAfterLines(child, out, 4) });
      assert.equal(run.code, 130, run.stderr);
      const rows = await readRows(out);
      assert.ok(rows.length > 4 && rows.length <= 8, `kept ${rows.length} rows`);
      for (const row of rows) assert.equal(typeof row.evolved_instruction, 'string');
      assert.match(run.stderr, /Interrupted: the rows finished before it are in the files above/);
    });
  });

  test('the API key named by api_key_env is sent but never written to the files or the terminal', async () => {
    await withTempDir(async (dir) => {
      const key = 'sk-test-9b2e7c41d0a8f356';
      mock.requireApiKey(key);
      await writeFile(join(dir, 'rows.jsonl'), instructionRows(2));
      const file = join(dir, 'p.pipeline.yaml');
      await writeFile(file, pipeline(mock.url, ', api_key_env: DISTILLERY_PIPELINE_KEY'));
      const run = await runCli(['run', file], { env: { DISTILLERY_PIPELINE_KEY: key } });
      assert.equal(run.code, 0, run.stderr);
      const written = await Promise.all([join(dir, 'out/evolved.jsonl'), join(dir, 'out/steps/evolve.jsonl')].map((path) => readFile(path, 'utf8')));
      for (const text of [...written, run.stdout, run.stderr]) assert.ok(!text.includes(key), 'the key leaked');
    });
  });

  test('a missing file exits 3; a missing argument exits 2', async () => {
    const missing = await runCli(['run', 'no/such.pipeline.yaml']);
    assert.equal(missing.code, 3);
    assert.match(missing.stderr, /cannot read no\/such\.pipeline\.yaml/);
    const usage = await runCli(['run']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /run takes exactly one pipeline file/);
  });
});
