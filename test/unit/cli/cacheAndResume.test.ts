/**
 * Never paying twice, as a user meets it: the built CLI against the mock endpoint, killed and
 * rerun, with the mock's request log as the bill.
 */
import { describe, test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { runCli, type CliOptions } from '../../support/cli';
import { startMockOpenAi, type MockOpenAi } from '../../support/mockOpenAi';

const SEED_TASKS = join(process.cwd(), 'examples/data/self-instruct-seed-tasks.jsonl');
const CONCURRENCY = 4;

/** The body of every chat request the mock received, as text: equal texts are the same request paid twice. */
const chatBodies = (mock: MockOpenAi) => mock.requests.filter((request) => request.path === '/v1/chat/completions').map((request) => JSON.stringify(request.body));

/** Latency is the one value two honest runs may differ in; everything else must be equal. */
function withoutLatency(text: string): unknown[] {
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line, (key, value: unknown) => (key === 'latency_ms' ? 0 : value)) as unknown);
}

describe('the request cache and --resume', () => {
  let mock: MockOpenAi;
  let dir: string;
  const out = () => join(dir, 'out.jsonl');
  const cacheDir = () => join(dir, 'cache');

  before(async () => {
    mock = await startMockOpenAi({ model: 'mock-cache' });
  });
  after(async () => {
    await mock.close();
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'distillery-cache-'));
    mock.clearFaults();
    mock.requests.length = 0;
  });
  afterEach(async () => {
    await rm(dir, { recursive: true });
  });

  /**
   * Lets the endpoint answer `answers` more requests, then hang, and kills the CLI with SIGKILL
   * once a request hangs: a crash at a point set by the test, never by the machine's speed, with
   * at most the concurrency of requests in flight.
   */
  const killAfterAnswers = (child: ChildProcess, answers: number) => {
    const before = chatBodies(mock).length;
    mock.clearFaults();
    mock.failAllAfter(answers, { kind: 'hang' });
    void mock.until(() => chatBodies(mock).length > before + answers).then(() => child.kill('SIGKILL'));
  };

  const evolveArgs = (lines: string) => [
    'run-task', 'EvolInstruct', '--input', SEED_TASKS, '--lines', lines, '--param', 'num_evolutions=2',
    '--concurrency', String(CONCURRENCY), '--base-url', mock.url, '--model', 'mock-cache', '--quiet',
  ];
  const evolve = (lines: string, ...extra: string[]) => [...evolveArgs(lines), '--cache-dir', cacheDir(), ...extra];
  const evolveUncached = (lines: string, ...extra: string[]) => [...evolveArgs(lines), '--no-cache', ...extra];

  test('a rerun with --force sends nothing and writes the same bytes; the summary says where answers came from', async () => {
    const first = await runCli(evolve('1-20', '--out', out()));
    assert.equal(first.code, 0, first.stderr);
    assert.equal(chatBodies(mock).length, 40);
    assert.match(first.stderr, new RegExp(`Request cache ${cacheDir()}: 0 answers reused; it holds 40\\.`));
    const written = await readFile(out(), 'utf8');

    const again = await runCli(evolve('1-20', '--out', out(), '--force'));
    assert.equal(again.code, 0, again.stderr);
    assert.equal(chatBodies(mock).length, 40, 'nothing was sent again');
    assert.match(again.stderr, /20\/20 rows · 0 requests · 40 from the cache ·/);
    assert.match(again.stderr, /40 answers reused; it holds 40\./);
    assert.equal(await readFile(out(), 'utf8'), written);
  });

  test('killed (SIGKILL) three times and resumed: each request paid once but those in flight, and the rows of an uninterrupted run', async () => {
    const kills = [20, 35, 30];
    for (const answers of kills) {
      const killed = await runCli(evolve('1-60', '--out', out(), '--resume'), { onStart: (child) => killAfterAnswers(child, answers) });
      assert.equal(killed.code, null, `the run was killed after ${answers} new answers, not finished: ${killed.stderr}`);
    }
    mock.clearFaults();
    const resumed = await runCli(evolve('1-60', '--out', out(), '--resume'));
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stderr, /Kept the \d+ rows already in .* and wrote \d+ more\./);

    const bodies = chatBodies(mock);
    const distinct = new Set(bodies);
    assert.equal(distinct.size, 120, 'two evolutions of 60 rows');
    assert.ok(bodies.length - distinct.size <= kills.length * CONCURRENCY, `${bodies.length - distinct.size} requests paid twice`);

    const resumedText = await readFile(out(), 'utf8');
    // A replay of the whole run from the cache gives the same bytes...
    const replay = join(dir, 'replay.jsonl');
    assert.equal((await runCli(evolve('1-60', '--out', replay))).code, 0);
    assert.equal(await readFile(replay, 'utf8'), resumedText);
    assert.equal(chatBodies(mock).length, bodies.length, 'the replay sent nothing');
    // ...and an uninterrupted run with no cache gives the same rows.
    const fresh = join(dir, 'fresh.jsonl');
    assert.equal((await runCli(evolveUncached('1-60', '--out', fresh))).code, 0);
    assert.deepEqual(withoutLatency(resumedText), withoutLatency(await readFile(fresh, 'utf8')));
  });

  test('a pipeline killed (SIGKILL) twice and rerun with --force: each request paid once but those in flight, and the same files as a replay', async () => {
    const seeds = (await readFile(SEED_TASKS, 'utf8')).split('\n').slice(0, 40).join('\n');
    await writeFile(join(dir, 'rows.jsonl'), `${seeds}\n`);
    const pipeline = join(dir, 'p.pipeline.yaml');
    await writeFile(
      pipeline,
      `name: p\nllms:\n  default: { base_url: ${mock.url}, model: mock-cache, max_concurrency: ${CONCURRENCY} }\nsteps:\n  - { name: rows, load: rows.jsonl }\n  - { name: evolve, task: EvolInstruct, after: rows, with: { num_evolutions: 2 } }\noutput: out/evolved.jsonl\n`,
    );
    const output = join(dir, 'out/evolved.jsonl');
    const run = (options?: CliOptions) => runCli(['run', pipeline, '--quiet', '--force', '--cache-dir', cacheDir()], options);
    const kills = [25, 30];
    for (const answers of kills) {
      const killed = await run({ onStart: (child) => killAfterAnswers(child, answers) });
      assert.equal(killed.code, null, `the run was killed after ${answers} new answers, not finished: ${killed.stderr}`);
    }
    mock.clearFaults();
    assert.equal((await run()).code, 0);
    const bodies = chatBodies(mock);
    assert.equal(new Set(bodies).size, 80, 'two evolutions of 40 rows');
    assert.ok(bodies.length - new Set(bodies).size <= kills.length * CONCURRENCY, `${bodies.length - new Set(bodies).size} requests paid twice`);
    const finished = await readFile(output, 'utf8');
    assert.equal((await run()).code, 0);
    assert.equal(chatBodies(mock).length, bodies.length, 'the replay sent nothing');
    assert.equal(await readFile(output, 'utf8'), finished);
  });

  test('--resume refuses an --out made by another command, and writes nothing to it', async () => {
    await writeFile(out(), '{"instruction":"not from this run"}\n');
    const run = await runCli(evolve('1-3', '--out', out(), '--resume'));
    assert.equal(run.code, 3);
    assert.match(
      run.stderr,
      /--out .*out\.jsonl line 1 is not the row this run writes there, so it was not made by this command \(other input, task or parameters\)\. Pass --force to rewrite the file/,
    );
    assert.equal(await readFile(out(), 'utf8'), '{"instruction":"not from this run"}\n');
  });

  test('a file run in two --lines pieces gives the rows of one run of the whole', async () => {
    const pieces = [join(dir, 'a.jsonl'), join(dir, 'b.jsonl')];
    assert.equal((await runCli(evolveUncached('1-12', '--out', pieces[0] as string, '--no-metadata'))).code, 0);
    assert.equal((await runCli(evolve('13-30', '--out', pieces[1] as string, '--no-metadata'))).code, 0);
    assert.equal((await runCli(evolve('1-30', '--out', out(), '--no-metadata'))).code, 0);
    const joined = (await readFile(pieces[0] as string, 'utf8')) + (await readFile(pieces[1] as string, 'utf8'));
    assert.equal(await readFile(out(), 'utf8'), joined);
  });

  test('another output mapping reparses cached answers and sends nothing; --refresh and --no-cache send again', async () => {
    assert.equal((await runCli(evolve('1-5', '--out', out()))).code, 0);
    assert.equal(chatBodies(mock).length, 10);
    const renamed = join(dir, 'renamed.jsonl');
    assert.equal((await runCli(evolve('1-5', '--out', renamed, '--output-mapping', 'evolved_instruction=harder'))).code, 0);
    assert.equal(chatBodies(mock).length, 10, 'the mapping changed no request');
    const rows = (await readFile(renamed, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.ok(rows.every((row) => typeof row.harder === 'string' && !('evolved_instruction' in row)));

    assert.equal((await runCli(evolve('1-5', '--out', out(), '--force', '--refresh'))).code, 0);
    assert.equal(chatBodies(mock).length, 20);
    assert.equal((await runCli(evolveUncached('1-5', '--out', out(), '--force'))).code, 0);
    assert.equal(chatBodies(mock).length, 30);
  });

  test('the API key is sent but never enters the cache', async () => {
    const key = 'sk-cache-test-4d1f9e2a7b';
    mock.requireApiKey(key);
    try {
      const run = await runCli(evolve('1-3', '--out', out(), '--api-key-env', 'DISTILLERY_TEST_KEY'), { env: { DISTILLERY_TEST_KEY: key } });
      assert.equal(run.code, 0, run.stderr);
    } finally {
      mock.requireApiKey(undefined);
    }
    const files = await readdir(cacheDir());
    assert.ok(files.some((file) => file.endsWith('.seg')), files.join(', '));
    for (const file of files) assert.ok(!(await readFile(join(cacheDir(), file))).includes(key), `the key leaked into ${file}`);
  });

  test('distillery cache stats and clear', async () => {
    assert.equal((await runCli(evolve('1-3', '--out', out()))).code, 0);
    const stats = await runCli(['cache', 'stats', '--cache-dir', cacheDir()]);
    assert.equal(stats.code, 0, stats.stderr);
    assert.match(stats.stdout, new RegExp(`^${cacheDir()}: 6 answers, \\d+\\.\\d MB in 1 file\\.\\n$`));
    const cleared = await runCli(['cache', 'clear'], { env: { DISTILLERY_CACHE_DIR: cacheDir() } });
    assert.match(cleared.stdout, new RegExp(`^${cacheDir()}: removed 3 files \\(\\d+\\.\\d MB\\)\\.\\n$`));
    const empty = await runCli(['cache', 'stats', '--cache-dir', cacheDir()]);
    assert.equal(empty.stdout, `${cacheDir()}: 0 answers, 0.0 MB in 0 files.\n`);
    const none = await runCli(['cache', 'stats', '--cache-dir', join(dir, 'none')]);
    assert.equal(none.stdout, `${join(dir, 'none')}: no request cache yet (it is made by the first run that sends a request).\n`);
  });
});
