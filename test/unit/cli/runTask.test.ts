import { describe, test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { interruptAfterLines, runCli } from '../../support/cli';
import { startMockOpenAi, type MockOpenAi } from '../../support/mockOpenAi';

const SEED_TASKS = join(process.cwd(), 'examples/data/self-instruct-seed-tasks.jsonl');

async function readRows(path: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(path, 'utf8');
  assert.ok(text === '' || text.endsWith('\n'), 'every written line is complete');
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('distillery run-task', () => {
  let mock: MockOpenAi;
  let dir: string;

  before(async () => {
    mock = await startMockOpenAi({ model: 'mock-cli' });
  });
  after(async () => {
    await mock.close();
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'distillery-cli-'));
    mock.clearFaults();
    mock.setLatency(0);
    mock.requests.length = 0;
  });

  const endpoint = () => ['--base-url', mock.url, '--model', 'mock-cli', '--quiet'];

  test('EvolInstruct with 3 evolutions over the 175 seed tasks yields 175 rows in input order', async () => {
    const out = join(dir, 'evolved.jsonl');
    const run = await runCli(['run-task', 'EvolInstruct', '--input', SEED_TASKS, '--param', 'num_evolutions=3', '--out', out, ...endpoint()]);
    assert.equal(run.code, 0, run.stderr);
    const rows = await readRows(out);
    assert.equal(rows.length, 175);
    rows.forEach((row, index) => {
      assert.equal(row.id, `seed_task_${index}`);
      assert.equal(typeof row.evolved_instruction, 'string');
      assert.notEqual(row.evolved_instruction, row.instruction);
      assert.equal(row.model_name, 'mock-cli');
    });
    assert.equal(mock.requests.filter((r) => r.path === '/v1/chat/completions').length, 175 * 3);
    assert.match(run.stderr, /175\/175 rows · 525 requests/);
    await rm(dir, { recursive: true });
  });

  test('--lines takes only that range, and the rows keep their content', async () => {
    const out = join(dir, 'out.jsonl');
    const run = await runCli(['run-task', 'EvolInstruct', '--input', SEED_TASKS, '--lines', '3-5', '--param', 'num_evolutions=1', '--out', out, ...endpoint()]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual((await readRows(out)).map((row) => row.id), ['seed_task_2', 'seed_task_3', 'seed_task_4']);
  });

  test('invalid input lines are reported as file:line:column, the other rows still run, exit 1', async () => {
    const input = join(dir, 'in.jsonl');
    await writeFile(input, '{"instruction":"a"}\n{"instruction": }\n[1,2]\n{"instruction":"b"}\n');
    const out = join(dir, 'out.jsonl');
    const run = await runCli(['run-task', 'EvolInstruct', '--input', input, '--param', 'num_evolutions=1', '--out', out, ...endpoint()]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, new RegExp(`${input.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:\\d+: `));
    assert.match(run.stderr, /:3:1: .*array/);
    assert.match(run.stderr, /2 input lines could not be read/);
    assert.deepEqual((await readRows(out)).map((row) => row.instruction), ['a', 'b']);
  });

  test('rows whose requests fail are still written, with null outputs and the reason', async () => {
    const input = join(dir, 'in.jsonl');
    await writeFile(input, '{"instruction":"a"}\n{"instruction":"b"}\n');
    mock.failAllAfter(0, { kind: 'clientError', status: 400, message: 'model not loaded' });
    const out = join(dir, 'out.jsonl');
    const run = await runCli(['run-task', 'EvolInstruct', '--input', input, '--param', 'num_evolutions=1', '--out', out, ...endpoint()]);
    assert.equal(run.code, 1);
    const rows = await readRows(out);
    assert.equal(rows.length, 2);
    for (const row of rows) {
      assert.equal(row.evolved_instruction, null);
      const metadata = row.distilabel_metadata as Record<string, unknown>;
      assert.match(String(metadata.error_evol_instruct_0), /400/);
    }
    const reason = (rows[0]?.distilabel_metadata as Record<string, unknown>).error_evol_instruct_0;
    assert.equal((rows[1]?.distilabel_metadata as Record<string, unknown>).error_evol_instruct_0, reason);
    assert.ok(
      run.stderr.endsWith(`Wrote 2 rows to ${out}.\n2 of them have null outputs; the reason is in each row's distilabel_metadata. Most common:\n  2 × ${String(reason)}\n`),
      run.stderr,
    );
  });

  test('an API key from the environment is sent, but never written to the output or the terminal', async () => {
    const key = 'sk-test-4f1c9a7e2b8d6035';
    const input = join(dir, 'in.jsonl');
    await writeFile(input, '{"instruction":"a"}\n{"instruction":"b"}\n');
    const out = join(dir, 'out.jsonl');
    // The first request is refused as unauthorised, which stops the run: the message must stay clean.
    mock.injectFaults({ kind: 'clientError', status: 401, message: `Incorrect API key provided: ${key}` });
    const run = await runCli(
      ['run-task', 'EvolInstruct', '--input', input, '--param', 'num_evolutions=1', '--api-key-env', 'DISTILLERY_TEST_KEY', '--out', out, ...endpoint()],
      { env: { DISTILLERY_TEST_KEY: key } },
    );
    assert.equal(run.code, 4);
    assert.ok(mock.requests.every((request) => request.hadAuthorization));
    const written = await readFile(out, 'utf8');
    assert.match(run.stderr, /HTTP 401 \(Incorrect API key provided: \*\*\*\)/, 'the reason is shown, the key masked');
    for (const text of [written, run.stdout, run.stderr]) assert.ok(!text.includes(key), 'the key leaked');
  });

  test('argument mistakes exit 2 with a message saying what to do', async () => {
    const unknownTask = await runCli(['run-task', 'evolinstruct', '--input', SEED_TASKS, '--out', join(dir, 'x.jsonl'), ...endpoint()]);
    assert.equal(unknownTask.code, 2);
    assert.equal(unknownTask.stderr, 'error: Unknown task "evolinstruct"; did you mean "EvolInstruct"?\nRun "distillery --help" for usage.\n');

    const badParam = await runCli(['run-task', 'EvolInstruct', '--input', SEED_TASKS, '--out', join(dir, 'x.jsonl'), ...endpoint()]);
    assert.equal(badParam.code, 2);
    assert.equal(
      badParam.stderr,
      'error: EvolInstruct needs parameter `num_evolutions` (integer ≥ 1): How many times each instruction is evolved, each evolution building on the last. Pass --param num_evolutions=VALUE.\nRun "distillery --help" for usage.\n',
    );

    const badLines = await runCli(['run-task', 'EvolInstruct', '--lines', '9-3', '--input', SEED_TASKS, '--out', join(dir, 'x.jsonl'), ...endpoint()]);
    assert.equal(badLines.code, 2);
    assert.equal(badLines.stderr, 'error: --lines expects A-B with 1 <= A <= B (e.g. 3-40), got "9-3"\nRun "distillery --help" for usage.\n');

    const missing = await runCli(['run-task', 'EvolInstruct', '--input', SEED_TASKS]);
    assert.equal(missing.code, 2);
    assert.equal(missing.stderr, 'error: --out is required\nRun "distillery --help" for usage.\n');
  });

  test('an existing output file is refused unless --force', async () => {
    const out = join(dir, 'out.jsonl');
    await writeFile(out, 'precious\n');
    const args = ['run-task', 'EvolInstruct', '--input', SEED_TASKS, '--lines', '1-1', '--param', 'num_evolutions=1', '--out', out, ...endpoint()];
    const refused = await runCli(args);
    assert.equal(refused.code, 3);
    assert.equal(refused.stderr, `error: --out ${out} already exists. Pass --resume to continue it or --force to rewrite it (answers already paid for come from the cache either way), or choose another path.\n`);
    assert.equal(await readFile(out, 'utf8'), 'precious\n');
    const forced = await runCli([...args, '--force']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal((await readRows(out)).length, 1);
  });

  test('Ctrl-C keeps every finished row as a complete line and exits 130', async () => {
    const out = join(dir, 'out.jsonl');
    // Twenty rows get their answer and every later request hangs, so the run cannot finish before
    // the Ctrl-C, however slow the machine, and must abandon the requests in flight to exit.
    mock.failAllAfter(20, { kind: 'hang' });
    const run = await runCli(
      ['run-task', 'EvolInstruct', '--input', SEED_TASKS, '--param', 'num_evolutions=1', '--concurrency', '4', '--unordered', '--out', out, ...endpoint()],
      { onStart: (child) => interruptAfterLines(child, out, 10) },
    );
    assert.equal(run.code, 130, run.stderr);
    const rows = await readRows(out);
    assert.ok(rows.length > 10 && rows.length <= 20, `kept ${rows.length} rows`);
    for (const row of rows) assert.equal(typeof row.evolved_instruction, 'string');
    assert.match(run.stderr, /Interrupted: \d+ rows were not finished/);
  });
});
