/**
 * The offline loop as a user runs it: `batch export` the requests, answer them outside
 * Distillery (test/support/fakeBatchEngine.ts stands in for vLLM's run_batch), `batch import`
 * the results, again for each round, then the command itself finishes from the cache.
 */
import { describe, test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliRun } from '../../support/cli';
import { answerBatchInput } from '../../support/fakeBatchEngine';
import { startMockOpenAi, type MockOpenAi } from '../../support/mockOpenAi';
import { EXIT, SEED_TASKS, withoutLatency } from './batchKit';

const MODEL = 'mock-offline';

describe('batch export and import (offline engines)', () => {
  let mock: MockOpenAi;
  let dir: string;
  const cacheDir = () => join(dir, 'cache');
  const chatRequests = () => mock.requests.filter((request) => request.path === '/v1/chat/completions').length;

  before(async () => {
    mock = await startMockOpenAi({ model: MODEL });
  });
  after(async () => {
    await mock.close();
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'distillery-offline-'));
    mock.requests.length = 0;
  });
  afterEach(async () => {
    await rm(dir, { recursive: true });
  });

  const evolve = (out: string) => ['run-task', 'EvolInstruct', '--input', SEED_TASKS, '--lines', '1-12', '--param', 'num_evolutions=2', '--param', 'store_evolutions=true', '--out', out, '--base-url', mock.url, '--model', MODEL, '--quiet'];
  const score = (input: string, out: string) => ['run-task', 'ComplexityScorer', '--input', input, '--input-mapping', 'instructions=evolved_instructions', '--out', out, '--base-url', mock.url, '--model', MODEL, '--quiet'];

  /** Exports, answers and imports until nothing is pending; returns how many requests each round exported. */
  async function answerOffline(commandLine: readonly string[], failFirst = 0): Promise<number[]> {
    const requests = join(dir, 'requests.jsonl');
    const results = join(dir, 'results.jsonl');
    const rounds: number[] = [];
    for (;;) {
      const exported = await runCli(['batch', 'export', '--out', requests, '--', ...commandLine, '--cache-dir', cacheDir()]);
      const text = await readFile(requests, 'utf8');
      if (exported.code === 0) {
        assert.equal(text, '', 'nothing pending leaves an empty file');
        return rounds;
      }
      assert.equal(exported.code, EXIT.batchPending, exported.stderr);
      rounds.push(text.split('\n').length - 1);
      await writeFile(results, answerBatchInput(text, { model: MODEL, failFirst: rounds.length === 1 ? failFirst : 0 }));
      const imported = await runCli(['batch', 'import', results, '--cache-dir', cacheDir()]);
      assert.equal(imported.code, rounds.length === 1 && failFirst > 0 ? 1 : 0, imported.stderr);
      assert.ok(rounds.length < 5, 'the rounds end');
    }
  }

  test('EvolInstruct (2 evolutions) then ComplexityScorer: answered offline, the runs send nothing and write what online runs write', async () => {
    const evolved = join(dir, 'evolved.jsonl');
    const scored = join(dir, 'scored.jsonl');
    assert.deepEqual(await answerOffline(evolve(evolved)), [12, 12], 'one round per evolution');
    const evolveRun = await runCli([...evolve(evolved), '--cache-dir', cacheDir()]);
    assert.equal(evolveRun.code, 0, evolveRun.stderr);
    assert.deepEqual(await answerOffline(score(evolved, scored)), [12]);
    const scoreRun = await runCli([...score(evolved, scored), '--cache-dir', cacheDir()]);
    assert.equal(scoreRun.code, 0, scoreRun.stderr);
    assert.equal(chatRequests(), 0, 'no request went to the endpoint');
    assert.match(scoreRun.stderr, /12\/12 rows · 0 requests · 12 from the cache/);

    // The same two commands online, with a cache of their own.
    const onlineEvolved = join(dir, 'online-evolved.jsonl');
    const onlineScored = join(dir, 'online-scored.jsonl');
    const online = (args: string[]) => runCli([...args, '--cache-dir', join(dir, 'online-cache')]);
    assert.equal((await online(evolve(onlineEvolved))).code, 0);
    assert.equal((await online(score(onlineEvolved, onlineScored))).code, 0);
    assert.equal(chatRequests(), 36);
    assert.deepEqual(withoutLatency(await readFile(scored, 'utf8')), withoutLatency(await readFile(onlineScored, 'utf8')));

    // Byte for byte: the rows are those an online run from this cache writes, however often.
    const again = await runCli([...score(evolved, join(dir, 'again.jsonl')), '--cache-dir', cacheDir()]);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(await readFile(join(dir, 'again.jsonl'), 'utf8'), await readFile(scored, 'utf8'));
  });

  test('a request that failed in the engine is reported with its line and reason, and the next export asks it again', async () => {
    const evolved = join(dir, 'evolved.jsonl');
    // Round 1: 12 requests, 3 failed; they come back in round 2 with the 9 rows' second evolutions.
    assert.deepEqual(await answerOffline(evolve(evolved), 3), [12, 12, 3]);
    const run = await runCli([...evolve(evolved), '--cache-dir', cacheDir()]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(chatRequests(), 0);
  });

  test('import counts what it took and rejects, with file:line and the reason', async () => {
    const evolved = join(dir, 'evolved.jsonl');
    const requests = join(dir, 'requests.jsonl');
    assert.equal((await runCli(['batch', 'export', '--out', requests, ...evolve(evolved), '--cache-dir', cacheDir()])).code, EXIT.batchPending);
    const answered = answerBatchInput(await readFile(requests, 'utf8'), { model: MODEL, failFirst: 1 }).trim().split('\n');
    const results = join(dir, 'results.jsonl');
    await writeFile(results, [...answered.slice(0, 3), '{not json', JSON.stringify({ custom_id: 'request-1', response: { status_code: 200, body: {} }, error: null }), ''].join('\n'));
    const imported: CliRun = await runCli(['batch', 'import', results, '--cache-dir', cacheDir()]);
    assert.equal(imported.code, 1);
    assert.match(imported.stdout, /Imported 2 answers into the request cache .*; 2 lines rejected, 1 request failed\./);
    assert.match(imported.stderr, new RegExp(`${results}:1: the request failed: HTTP 500 \\(The server had an error while processing your request\\.\\)`));
    assert.match(imported.stderr, new RegExp(`${results}:4: rejected: not JSON`));
    assert.match(imported.stderr, new RegExp(`${results}:5: rejected: custom_id "request-1" is not a Distillery request key`));

    const next = await runCli(['batch', 'export', '--out', requests, ...evolve(evolved), '--cache-dir', cacheDir()]);
    assert.equal(next.code, EXIT.batchPending);
    // The 9 first evolutions never answered, the failed one, and the second evolutions of the 2 answered rows.
    assert.match(next.stdout, /Wrote 12 requests \(12 for mock-offline\), for 12 rows/);
  });

  test('mistakes on the command line say what to do', async () => {
    const out = join(dir, 'out.jsonl');
    const noCache = await runCli([...evolve(out), '--batch', '--no-cache']);
    assert.equal(noCache.code, 2);
    assert.match(noCache.stderr, /--batch puts the answers in the request cache, which --no-cache turns off/);
    const fallback = await runCli([...evolve(out), '--batch-fallback', 'online']);
    assert.equal(fallback.code, 2);
    assert.match(fallback.stderr, /--batch-fallback .* needs --batch/);
    const missing = await runCli(['batch', 'import', join(dir, 'nothing.jsonl')]);
    assert.equal(missing.code, 3);
    assert.match(missing.stderr, /does not exist\. Give the output file of the batch engine/);
    const noCommand = await runCli(['batch', 'export', '--out', join(dir, 'r.jsonl')]);
    assert.equal(noCommand.code, 2);
    assert.match(noCommand.stderr, /batch export takes the command line whose requests to write/);
  });
});
