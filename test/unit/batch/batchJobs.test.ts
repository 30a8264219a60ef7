/**
 * `--batch` as a user meets it: the built CLI against the mock's Files and Batch APIs, run again
 * and again until it exits 0, killed in between, with the mock's request log as the bill.
 */
import { describe, test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { runCli, type CliRun } from '../../support/cli';
import type { MockBatchBehaviour, MockBatchLineFault } from '../../support/mockBatches';
import { startMockOpenAi, type MockOpenAi } from '../../support/mockOpenAi';
import { EXIT, REPO_ROOT, SEED_TASKS, withoutLatency } from './batchKit';

/** Fails the first two lines of the first batch the mock runs with `fault`; every other line is answered. */
function firstTwoLinesOfFirstBatch(fault: MockBatchLineFault): NonNullable<MockBatchBehaviour['lineFault']> {
  let firstBatch: string | undefined;
  return (line) => {
    firstBatch ??= line.batchId;
    return line.batchId === firstBatch && line.line <= 2 ? fault : undefined;
  };
}

describe('--batch against a Batch API', () => {
  let mock: MockOpenAi;
  let dir: string;
  const cacheDir = () => join(dir, 'cache');
  const jobsDir = () => join(cacheDir(), 'batch-jobs');
  const chatRequests = () => mock.requests.filter((request) => request.path === '/v1/chat/completions').length;
  const batchesCreated = () => mock.requests.filter((request) => request.method === 'POST' && request.path === '/v1/batches').length;

  before(async () => {
    mock = await startMockOpenAi({ model: 'mock-batch' });
  });
  after(async () => {
    await mock.close();
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'distillery-batch-'));
    mock.requests.length = 0;
    mock.batchLines.length = 0;
    mock.setBatchBehaviour({ pollsToFinish: 1 });
  });
  afterEach(async () => {
    await rm(dir, { recursive: true });
  });

  const evolve = (out: string, ...extra: string[]) => [
    'run-task', 'EvolInstruct', '--input', SEED_TASKS, '--lines', '1-8', '--param', 'num_evolutions=2', '--out', out,
    '--base-url', mock.url, '--model', 'mock-batch', '--cache-dir', cacheDir(), '--quiet', '--batch', ...extra,
  ];

  /** Runs the command until it exits with something other than 75; returns every run. */
  async function untilDone(args: readonly string[]): Promise<CliRun[]> {
    const runs: CliRun[] = [];
    for (;;) {
      const run = await runCli(args);
      runs.push(run);
      if (run.code !== EXIT.batchPending) return runs;
      assert.ok(runs.length < 12, `the runs end:\n${runs.map((r) => r.stderr).join('\n')}`);
    }
  }

  /** No request was put in two batches, and no batch line ran twice. */
  function assertNothingTwice(): void {
    const ids = mock.batchLines.map((line) => line.customId);
    assert.equal(new Set(ids).size, ids.length, 'no request ran in two batches');
  }

  test('a pipeline of EvolInstruct (2 evolutions) and ComplexityScorer completes with zero chat-completions requests, as an online run writes it', async () => {
    await cp(join(REPO_ROOT, 'examples'), join(dir, 'examples'), { recursive: true });
    const pipeline = join(dir, 'examples/evolve-and-score.pipeline.yaml');
    mock.setBatchBehaviour({ pollsToFinish: 2 });
    const runs = await untilDone(['run', pipeline, '--base-url', mock.url, '--out-dir', join(dir, 'batch'), '--cache-dir', cacheDir(), '--quiet', '--batch']);
    const last = runs.at(-1) as CliRun;
    assert.equal(last.code, 0, last.stderr);
    assert.equal(chatRequests(), 0, 'every answer came from a batch');
    // Three rounds (two evolutions, then the scores), each submitted, polled once in progress, then collected.
    assert.equal(batchesCreated(), 3);
    assert.equal(mock.batchLines.length, 60);
    assertNothingTwice();
    assert.match(runs[0]?.stderr ?? '', /Submitted batch batch_\S+ \(job job-\S+\): 20 requests to http:\/\/127\.0\.0\.1:\d+\/v1, model llama3\.1\.\n20 rows wait for the batch/);
    assert.match(runs[1]?.stderr ?? '', /batch batch_\S+ \(job job-\S+\) is in_progress/);
    assert.match(runs[2]?.stderr ?? '', /Collected batch batch_\S+ \(job job-\S+\), completed: 20 answers into the request cache\./);

    const online = await runCli(['run', pipeline, '--base-url', mock.url, '--out-dir', join(dir, 'online'), '--cache-dir', join(dir, 'online-cache'), '--quiet']);
    assert.equal(online.code, 0, online.stderr);
    assert.equal(chatRequests(), 60);
    assert.deepEqual(withoutLatency(await readFile(join(dir, 'batch', 'scored.jsonl'), 'utf8')), withoutLatency(await readFile(join(dir, 'online', 'scored.jsonl'), 'utf8')));
  });

  test('killed right after the job is recorded, then run again: every row done, nothing submitted twice', async () => {
    const out = join(dir, 'out.jsonl');
    let kills = 0;
    /** SIGKILLs the run once a job record appears: wherever it is then (making the batch, recording it, exiting), a rerun must go on from there. */
    const killOnRecord = (child: ChildProcess) => {
      const poll = setInterval(() => {
        void readdir(jobsDir()).then(
          (names) => {
            if (kills > 0 || !names.some((name) => name.endsWith('.json'))) return;
            clearInterval(poll);
            kills += 1;
            child.kill('SIGKILL');
          },
          () => undefined, // not made yet
        );
      }, 5);
      child.on('close', () => clearInterval(poll));
    };
    const killed = await runCli(evolve(out), { onStart: killOnRecord });
    assert.equal(kills, 1);
    assert.ok(killed.code === null || killed.code === EXIT.batchPending, `killed or done submitting: ${killed.code}`);

    const runs = await untilDone(evolve(out));
    assert.equal((runs.at(-1) as CliRun).code, 0, (runs.at(-1) as CliRun).stderr);
    assert.equal(batchesCreated(), 2, 'one batch per evolution');
    assert.equal(mock.batchLines.length, 16);
    assertNothingTwice();
    assert.equal(chatRequests(), 0);
    assert.equal((await readFile(out, 'utf8')).trim().split('\n').length, 8);
  });

  test('killed after the file was uploaded and the batch made, before its id was recorded: the rerun finds that batch instead of making another', async () => {
    const out = join(dir, 'out.jsonl');
    assert.equal((await runCli(evolve(out))).code, EXIT.batchPending);
    // What a kill between batches.create and the record's rewrite leaves: the record as it was after the upload.
    const [name] = (await readdir(jobsDir())).filter((file) => file.endsWith('.json'));
    const path = join(jobsDir(), name as string);
    const record = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
    delete record.batchId;
    delete record.status;
    delete record.counts;
    await writeFile(path, JSON.stringify({ ...record, state: 'uploaded' }));

    const runs = await untilDone(evolve(out));
    assert.equal((runs.at(-1) as CliRun).code, 0, (runs.at(-1) as CliRun).stderr);
    assert.equal(batchesCreated(), 2, 'the first batch was found, not made again');
    assertNothingTwice();
    assert.equal(chatRequests(), 0);
  });

  test('per-request errors are row errors with the reason, and succeed in the next round', async () => {
    const out = join(dir, 'out.jsonl');
    mock.setBatchBehaviour({ pollsToFinish: 1, lineFault: firstTwoLinesOfFirstBatch({ kind: 'status', status: 500, message: 'The server had an error processing your request.' }) });
    const runs = await untilDone(evolve(out));
    assert.equal((runs.at(-1) as CliRun).code, 0, (runs.at(-1) as CliRun).stderr);
    const collecting = runs[1]?.stderr ?? '';
    assert.match(collecting, /Collected batch \S+ \(job \S+\), completed: 6 answers into the request cache, 2 requests failed/);
    assert.match(collecting, new RegExp(`${SEED_TASKS}:1: its request failed in a batch \\(HTTP 500 \\(The server had an error processing your request\\.\\)\\) and goes into the next batch\\.`));
    assert.match(collecting, new RegExp(`${SEED_TASKS}:2: its request failed in a batch`));
    // Round 2 holds the 2 failed first evolutions and the 6 second ones; round 3 the 2 last second evolutions.
    assert.equal(batchesCreated(), 3);
    assert.equal(chatRequests(), 0);
    const rows = (await readFile(out, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { evolved_instruction: unknown });
    assert.equal(rows.length, 8);
    assert.ok(rows.every((row) => typeof row.evolved_instruction === 'string'));
  });

  test('--batch-fallback online sends the requests a batch failed online at once', async () => {
    const out = join(dir, 'out.jsonl');
    mock.setBatchBehaviour({ pollsToFinish: 1, lineFault: firstTwoLinesOfFirstBatch({ kind: 'error', code: 'request_timeout', message: 'The request timed out.' }) });
    const runs = await untilDone(evolve(out, '--batch-fallback', 'online'));
    assert.equal((runs.at(-1) as CliRun).code, 0, (runs.at(-1) as CliRun).stderr);
    assert.equal(chatRequests(), 2, 'the two failed requests, once each');
    assert.match(runs[1]?.stderr ?? '', /Sent 2 requests online that a batch had failed \(--batch-fallback online\)\./);
    assert.equal(batchesCreated(), 2);
    assertNothingTwice();
  });

  test('a request that keeps failing fails its row after --retries batches, with the reason, like an online request', async () => {
    const out = join(dir, 'out.jsonl');
    mock.setBatchBehaviour({ pollsToFinish: 1, lineFault: (line) => (line.line === 1 ? { kind: 'status', status: 400, message: 'Invalid prompt.' } : undefined) });
    const runs = await untilDone(evolve(out, '--retries', '1'));
    const last = runs.at(-1) as CliRun;
    assert.equal(last.code, 1, last.stderr);
    assert.match(last.stderr, /its request failed in 2 batches, the last time with HTTP 400 \(Invalid prompt\.\)/);
    const rows = (await readFile(out, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { evolved_instruction: unknown });
    assert.equal(rows.length, 8);
    assert.equal(rows.filter((row) => row.evolved_instruction === null).length, 1);
    assert.equal(chatRequests(), 0);
  });

  test('batch list, status and cancel show and stop the recorded jobs', async () => {
    const out = join(dir, 'out.jsonl');
    mock.setBatchBehaviour({ pollsToFinish: 5 });
    assert.equal((await runCli(evolve(out))).code, EXIT.batchPending);
    const list = await runCli(['batch', 'list', '--cache-dir', cacheDir()]);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /^job-\d+-[0-9a-f]{8} {2}batch_\S+ {2}validating {2}8 requests {2}mock-batch at http:\/\/127\.0\.0\.1:\d+\/v1 {2}created /);
    const status = await runCli(['batch', 'status', '--cache-dir', cacheDir()], { env: { OPENAI_API_KEY: '' } });
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /in_progress {2}8 requests .*, \d\/8 done/);
    const jobId = /^(job-\S+)/.exec(list.stdout)?.[1] as string;
    const cancel = await runCli(['batch', 'cancel', jobId, '--cache-dir', cacheDir()]);
    assert.equal(cancel.code, 0, cancel.stderr);
    assert.match(cancel.stdout, /Asked to cancel batch \S+ \(job job-\S+\): it is cancelling\./);
    const unknown = await runCli(['batch', 'cancel', 'job-nothing', '--cache-dir', cacheDir()]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no batch job job-nothing is recorded in .*batch-jobs; `distillery batch list` shows the jobs there/);
    // No key in any record.
    for (const name of await readdir(jobsDir())) assert.doesNotMatch(await readFile(join(jobsDir(), name), 'utf8'), /sk-|Bearer/);
  });
});
