/**
 * The CLI's messages as a user sees them, with their exit codes: a few runs of the built CLI
 * per behaviour. The wording of each case is in messages.test.ts.
 */
import { describe, test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { USAGE } from '../../../src/cli/usage';
import { runCli } from '../../support/cli';
import { startMockOpenAi, type MockOpenAi } from '../../support/mockOpenAi';

const USAGE_HINT = 'Run "distillery --help" for usage.\n';
const ROWS = '{"instruction":"a"}\n{"instruction":"b"}\n{"instruction":"c"}\n';
/** An endpoint nothing listens on: these runs must stop before sending. */
const NOWHERE = ['--base-url', 'http://127.0.0.1:9/v1', '--model', 'm'];

describe('distillery speaks plainly', () => {
  let mock: MockOpenAi;
  let dir: string;
  const cli = (...args: string[]) => runCli(args, { cwd: dir });

  before(async () => {
    mock = await startMockOpenAi({ model: 'mock-cli' });
  });
  after(async () => {
    await mock.close();
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'distillery-exit-'));
    await writeFile(join(dir, 'in.jsonl'), ROWS);
    await writeFile(join(dir, 'file'), 'not a folder\n');
    await mkdir(join(dir, 'folder'));
    mock.clearFaults();
    mock.requests.length = 0;
  });
  afterEach(async () => {
    await rm(dir, { recursive: true });
  });

  const evolve = (...args: string[]) => cli('run-task', 'EvolInstruct', '--param', 'num_evolutions=1', ...args);

  test('argument mistakes: our words, the usage hint, exit 2', async () => {
    assert.deepEqual(await evolve('--input', 'in.jsonl', '--concurency', '3'), {
      code: 2,
      stdout: '',
      stderr: `error: unknown option --concurency; did you mean "--concurrency"?\n${USAGE_HINT}`,
    });
    assert.deepEqual(await cli('rn', 'p.pipeline.yaml'), { code: 2, stdout: '', stderr: `error: unknown command "rn"; did you mean "run"?\n${USAGE_HINT}` });
    const twoProblems = await cli('run-task', 'EvolInstruct', '--input', 'in.jsonl', '--out', 'o.jsonl', ...NOWHERE, '--param', 'num_evolutions=two', '--param', 'seed=1.5');
    assert.deepEqual(twoProblems, {
      code: 2,
      stdout: '',
      stderr: `error: Invalid \`num_evolutions\` for EvolInstruct: expected a number, got a string ("two").\nerror: Invalid \`seed\` for EvolInstruct: expected an integer, got a number (1.5).\n${USAGE_HINT}`,
    });
  });

  test('--help after a command prints the usage and exits 0', async () => {
    const help = await cli('run-task', '--help');
    assert.deepEqual({ code: help.code, stderr: help.stderr }, { code: 0, stderr: '' });
    assert.equal(help.stdout, `${USAGE}\n`);
  });

  test('a misspelt task, as the editor words it', async () => {
    const misspelt = await cli('generate', 'EvolInstructGenerater', '--rows', '2', '--out', 'o.jsonl', ...NOWHERE);
    assert.deepEqual(misspelt, { code: 2, stdout: '', stderr: `error: Unknown task "EvolInstructGenerater"; did you mean "EvolInstructGenerator"?\n${USAGE_HINT}` });
  });

  test('check: a missing file or a directory, exit 2', async () => {
    assert.deepEqual(await cli('check', 'no-such.pipeline.yaml'), { code: 2, stdout: '', stderr: `error: cannot read no-such.pipeline.yaml: no such file. Check the path.\n${USAGE_HINT}` });
    assert.deepEqual(await cli('check', 'folder'), { code: 2, stdout: '', stderr: `error: cannot read folder: it is a directory. Give the path of a file.\n${USAGE_HINT}` });
  });

  test('run-task: an --input that is a directory, an --out that cannot be made: exit 3, nothing sent', async () => {
    assert.deepEqual(await evolve('--input', 'folder', '--out', 'o.jsonl', ...NOWHERE), {
      code: 3,
      stdout: '',
      stderr: 'error: cannot read --input folder: it is a directory. Give the path of a file.\n',
    });
    assert.deepEqual(await evolve('--input', 'in.jsonl', '--out', 'file/o.jsonl', ...NOWHERE), {
      code: 3,
      stdout: '',
      stderr: 'error: cannot write --out file/o.jsonl: file is a file, not a directory. Choose another path.\n',
    });
    assert.deepEqual(await evolve('--input', 'in.jsonl', '--out', 'folder', '--force', ...NOWHERE), {
      code: 3,
      stdout: '',
      stderr: 'error: --out folder is a directory. Give a file path, such as folder/results.jsonl.\n',
    });
  });

  test('generate: an --out under a file, exit 3', async () => {
    assert.deepEqual(await cli('generate', 'EvolInstructGenerator', '--rows', '2', '--out', 'file/o.jsonl', ...NOWHERE), {
      code: 3,
      stdout: '',
      stderr: 'error: cannot write --out file/o.jsonl: file is a file, not a directory. Choose another path.\n',
    });
  });

  test('run: a directory as the pipeline, an --out-dir under a file: exit 3, nothing written', async () => {
    assert.deepEqual(await cli('run', 'folder'), { code: 3, stdout: '', stderr: 'error: cannot read folder: it is a directory. Give the path of a file.\n' });
    await writeFile(
      join(dir, 'p.pipeline.yaml'),
      `name: p\nllms:\n  default: { base_url: ${mock.url}, model: mock-cli }\nsteps:\n  - { name: rows, load: in.jsonl }\n  - { name: evolve, task: EvolInstruct, after: rows, with: { num_evolutions: 1 } }\n`,
    );
    assert.deepEqual(await cli('run', 'p.pipeline.yaml', '--out-dir', 'file/out'), {
      code: 3,
      stdout: '',
      stderr: 'error: cannot write --out-dir file/out: file is a file, not a directory. Choose another path.\n',
    });
    await writeFile(join(dir, 'q.pipeline.yaml'), `${await readFile(join(dir, 'p.pipeline.yaml'), 'utf8')}output: file/evolved.jsonl\n`);
    assert.deepEqual(await cli('run', 'q.pipeline.yaml'), {
      code: 3,
      stdout: '',
      stderr: 'error: cannot write the output folder file: file is a file, not a directory. Choose another path.\n',
    });
    assert.equal(mock.requests.length, 0);
  });

  test('--lines wholly past the end: a warning, exit 1, nothing sent or written', async () => {
    assert.deepEqual(await evolve('--input', 'in.jsonl', '--lines', '500-600', '--out', 'o.jsonl', ...NOWHERE), {
      code: 1,
      stdout: '',
      stderr: 'warning: --lines 500-600 is past the end of in.jsonl, which has 3 lines; nothing was sent or written.\n',
    });
    assert.deepEqual((await readdir(dir)).sort(), ['file', 'folder', 'in.jsonl']);
  });

  test('--lines partly past the end runs the lines there, into an --out folder that is made', async () => {
    const run = await evolve('--input', 'in.jsonl', '--lines', '2-5', '--out', 'new/sub/o.jsonl', '--base-url', mock.url, '--model', 'mock-cli', '--quiet');
    assert.equal(run.code, 0, run.stderr);
    const [warning, , , cost, wrote] = run.stderr.split('\n');
    assert.equal(warning, 'warning: in.jsonl has 3 lines, so --lines 2-5 runs lines 2-3; lines 4-5 are not there.');
    assert.match(cost ?? '', /^Cost: no price is known for "mock-cli" \(give one with --prices FILE\); \d+ prompt and \d+ output tokens sent\.$/);
    assert.equal(wrote, 'Wrote 2 rows to new/sub/o.jsonl.');
    const rows = (await readFile(join(dir, 'new/sub/o.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { instruction: string });
    assert.deepEqual(rows.map((row) => row.instruction), ['b', 'c']);
  });

  test('run: failed rows end with their most common reasons, as run-task does', async () => {
    await writeFile(
      join(dir, 'p.pipeline.yaml'),
      `name: p\nllms:\n  default: { base_url: ${mock.url}, model: mock-cli, max_retries: 0 }\nsteps:\n  - { name: rows, load: in.jsonl }\n  - { name: evolve, task: EvolInstruct, after: rows, with: { num_evolutions: 1 } }\n`,
    );
    mock.failAllAfter(1, { kind: 'clientError', status: 400, message: 'model not loaded' });
    const run = await cli('run', 'p.pipeline.yaml', '--quiet');
    assert.equal(run.code, 1, run.stderr);
    // The reason's own words belong to the LLM client; the summary quotes what the rows keep.
    const output = await readFile(join(dir, 'out/p/p.jsonl'), 'utf8');
    const reasons = output.trim().split('\n').flatMap((line) => {
      const reason = (JSON.parse(line) as { distilabel_metadata: { error_evolve?: string } }).distilabel_metadata.error_evolve;
      return reason === undefined ? [] : [reason];
    });
    assert.equal(reasons.length, 2);
    assert.equal(reasons[0], reasons[1]);
    assert.ok(
      run.stderr.endsWith(
        "The rows counted as failed above are kept, with null outputs; the reason is in each row's distilabel_metadata.error_<step>. Most common:\n" +
          `  2 × evolve: ${reasons[0]}\n`,
      ),
      run.stderr,
    );
  });
});
