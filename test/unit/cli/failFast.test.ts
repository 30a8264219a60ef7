/**
 * A dead endpoint, as a user meets it: the built CLI stops with one message and exit 4, writes
 * no row it had no answer for, and a rerun once the endpoint is back finishes from the cache.
 */
import { describe, test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../support/cli';
import { startMockOpenAi, type MockOpenAi } from '../../support/mockOpenAi';

const ROWS = 1000;
const CONCURRENCY = 4;

const chatRequests = (mock: MockOpenAi) => mock.requests.filter((request) => request.path === '/v1/chat/completions');
const answeredBodies = (mock: MockOpenAi) => chatRequests(mock).filter((request) => !request.fault).map((request) => JSON.stringify(request.body));
const lines = (text: string) => text.split('\n').filter((line) => line !== '');

describe('fail fast on a dead endpoint', () => {
  let mock: MockOpenAi;
  let dir: string;
  const input = () => join(dir, 'in.jsonl');
  const out = () => join(dir, 'out.jsonl');
  const evolveUncached = (baseUrl: string, ...extra: string[]) => [
    'run-task', 'EvolInstruct', '--input', input(), '--param', 'num_evolutions=1', '--concurrency', String(CONCURRENCY),
    '--base-url', baseUrl, '--model', 'mock-model', '--quiet', ...extra,
  ];
  const evolve = (baseUrl: string, ...extra: string[]) => evolveUncached(baseUrl, '--cache-dir', join(dir, 'cache'), ...extra);

  before(async () => {
    mock = await startMockOpenAi();
  });
  after(async () => {
    await mock.close();
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'distillery-fail-fast-'));
    await writeFile(input(), Array.from({ length: ROWS }, (_, i) => `${JSON.stringify({ instruction: `Write a haiku about the number ${i}.` })}\n`).join(''));
    mock.clearFaults();
    mock.requireApiKey(undefined);
    mock.requests.length = 0;
  });
  afterEach(async () => {
    await rm(dir, { recursive: true });
  });

  test('an endpoint failing every request: exit 4 after a bounded number of requests, no null rows, and --resume finishes from the cache', async () => {
    mock.failAllAfter(30, { kind: 'serverError', status: 503 });
    const stopped = await runCli(evolve(mock.url, '--out', out()));
    assert.equal(stopped.code, 4, stopped.stderr);
    assert.match(stopped.stderr, new RegExp(`Stopped: the endpoint is not usable\\. ${mock.url} answered HTTP 503 \\(.*\\) after \\d attempts?\\. The server is failing or overloaded`));
    // After the 30 answers every request fails, and the stop comes once 8 requests (twice the
    // concurrency, at least 8) have failed with nothing answered in between. Only the requests
    // sent before the failures began can still be answered and restart that count, at most
    // CONCURRENCY - 1 times; the stop also cuts short at most CONCURRENCY - 1 requests in flight.
    // So at most 8 * CONCURRENCY + CONCURRENCY - 1 requests ever fail, each with at most its 5
    // attempts: a bound, where the run used to send 1,000 rows of 5 attempts each.
    const mostFailing = 8 * CONCURRENCY + CONCURRENCY - 1;
    const failed = new Set(chatRequests(mock).filter((request) => request.fault).map((request) => JSON.stringify(request.body)));
    assert.ok(failed.size <= mostFailing, `${failed.size} requests failed`);
    const sent = chatRequests(mock).length;
    assert.ok(sent <= 30 + mostFailing * 5, `${sent} requests`);
    const kept = lines(await readFile(out(), 'utf8')).map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.ok(kept.length <= 30);
    for (const [i, row] of kept.entries()) {
      assert.equal(row.instruction, `Write a haiku about the number ${i}.`, 'the rows kept are the first ones, in order');
      assert.equal(typeof row.evolved_instruction, 'string', 'no null rows');
    }
    assert.match(stopped.stderr, new RegExp(`${ROWS - kept.length} rows were not run and are not in ${out()} \\(no null rows were written for them\\)\\. Once the endpoint works, run the same command with --resume`));

    mock.clearFaults();
    const resumed = await runCli(evolve(mock.url, '--out', out(), '--resume'));
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.equal(answeredBodies(mock).length, ROWS, 'every request answered once, none twice');
    assert.equal(new Set(answeredBodies(mock)).size, ROWS);

    const uninterrupted = join(dir, 'whole.jsonl');
    const whole = await runCli(evolveUncached(mock.url, '--out', uninterrupted, '--no-cache'));
    assert.equal(whole.code, 0, whole.stderr);
    const withoutMetadata = (text: string) => lines(text).map((line) => {
      const { distilabel_metadata: _metadata, ...row } = JSON.parse(line) as Record<string, unknown>;
      return row;
    });
    assert.deepEqual(withoutMetadata(await readFile(out(), 'utf8')), withoutMetadata(await readFile(uninterrupted, 'utf8')));
  });

  test('many requests in flight print no listener warnings (every one listens to the breaker)', async () => {
    const run = await runCli([...evolveUncached(mock.url, '--out', out(), '--no-cache'), '--concurrency', '64']);
    assert.equal(run.code, 0, run.stderr);
    assert.doesNotMatch(run.stderr, /Warning/);
  });

  test('an endpoint failing from the first request: at most 8 + CONCURRENCY - 1 requests fail, and nothing is written', async () => {
    mock.failAllAfter(0, { kind: 'serverError', status: 502 });
    const run = await runCli(evolve(mock.url, '--out', out()));
    assert.equal(run.code, 4, run.stderr);
    // With nothing ever answered the count never restarts: the 8th failing request stops the run,
    // and only the requests already in flight then also went out.
    const failed = new Set(chatRequests(mock).map((request) => JSON.stringify(request.body)));
    assert.ok(failed.size <= 8 + CONCURRENCY - 1, `${failed.size} requests failed`);
    assert.ok(chatRequests(mock).length <= (8 + CONCURRENCY - 1) * 5, `${chatRequests(mock).length} attempts`);
    assert.equal(await readFile(out(), 'utf8'), '');
    assert.match(run.stderr, /1000 rows were not run and are not in .* \(no null rows were written for them\)/);
  });

  test('an endpoint refusing connections stops the run with what to check', async () => {
    const gone = await startMockOpenAi();
    const { url } = gone;
    await gone.close();
    const run = await runCli(evolve(url, '--out', out(), '--retries', '1'));
    assert.equal(run.code, 4, run.stderr);
    assert.match(run.stderr, new RegExp(`Stopped: the endpoint is not usable\\. Could not reach ${url} \\(connection refused\\) after \\d attempts?\\. Is the server running\\? Check the base URL\\.\\n`));
    assert.equal(await readFile(out(), 'utf8'), '');
    assert.match(run.stderr, /1000 rows were not run/);
  });

  test('a refused API key stops at the first answer; the progress line counts what was sent', async () => {
    mock.requireApiKey('sk-right');
    const run = await runCli(evolve(mock.url, '--out', out(), '--api-key-env', 'KEY'), { env: { KEY: 'sk-wrong' } });
    assert.equal(run.code, 4, run.stderr);
    assert.ok(chatRequests(mock).length <= CONCURRENCY, `${chatRequests(mock).length} requests`);
    assert.match(run.stderr, /^0\/1000 rows · \d requests? · 0 tokens · [\d.]+ rows\/s\n/m);
    assert.match(run.stderr, /answered HTTP 401 .* after 1 attempt\. Check the API key in the environment variable KEY\./);
    assert.ok(!run.stderr.includes('sk-wrong'));
  });

  test('a pipeline stops the same way, with exit 4, and --force finishes it from the cache', async () => {
    await writeFile(join(dir, 'rows.jsonl'), (await readFile(input(), 'utf8')).split('\n').slice(0, 40).join('\n'));
    const file = join(dir, 'p.pipeline.yaml');
    await writeFile(file, `name: p
llms:
  default: { base_url: ${mock.url}, model: mock-model, max_concurrency: 2 }
steps:
  - { name: rows, load: rows.jsonl }
  - { name: evolve, task: EvolInstruct, after: rows, with: { num_evolutions: 1 } }
output: out/evolved.jsonl
`);
    mock.failAllAfter(10, { kind: 'clientError', status: 404, message: 'The model `mock-model` does not exist.' });
    const cache = ['--cache-dir', join(dir, 'cache')];
    const stopped = await runCli(['run', file, '--quiet', ...cache]);
    assert.equal(stopped.code, 4, stopped.stderr);
    assert.match(stopped.stderr, /\nevolve +task .* failed\n/);
    assert.match(stopped.stderr, /Stopped: the endpoint is not usable\. .* answered HTTP 404 \(The model `mock-model` does not exist\.\) after 1 attempt\. Check the model name \("mock-model"\)/);
    assert.match(stopped.stderr, /run the same command with --force/);
    const written = lines(await readFile(join(dir, 'out/evolved.jsonl'), 'utf8')).map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.ok(written.length <= 10 && written.every((row) => typeof row.evolved_instruction === 'string'), 'no null rows');

    mock.clearFaults();
    const finished = await runCli(['run', file, '--quiet', '--force', ...cache]);
    assert.equal(finished.code, 0, finished.stderr);
    assert.equal(lines(await readFile(join(dir, 'out/evolved.jsonl'), 'utf8')).length, 40);
    assert.equal(new Set(answeredBodies(mock)).size, answeredBodies(mock).length, 'no request answered twice');
  });
});
