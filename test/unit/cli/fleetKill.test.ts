import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../../support/cli';
import { startMockOpenAi, type MockOpenAi } from '../../support/mockOpenAi';

const ROWS = 300;
const CONCURRENCY_EACH = 4;

/** A mock endpoint and the prompts it answered, counted when its answer went out and never after it was killed. */
interface CountedMock {
  mock: MockOpenAi;
  answered: string[];
  killed: boolean;
}

/**
 * Every request is held for one turn of the test's event loop before it is answered, so that
 * when an endpoint is killed some of its requests are in flight and get no answer. An answer is
 * counted as it is released: the mock writes it in the same turn, before anything else (a kill)
 * can run, and an answer released after the kill is not counted (its socket is gone).
 */
function countAnswers(counted: CountedMock, onAnswer: () => void): void {
  counted.mock.setLatency(
    ({ messages }) =>
      new Promise<void>((release) =>
        setImmediate(() => {
          if (!counted.killed) {
            counted.answered.push(JSON.stringify(messages));
            onAnswer();
          }
          release();
        }),
      ),
  );
}

/** Kills the endpoint: closes it with every connection, and holds its port with a listener that drops every connection, so that no other test's server can take the port while this run still probes it. */
async function kill(counted: CountedMock): Promise<Server> {
  counted.killed = true;
  const port = Number(new URL(counted.mock.url).port);
  await counted.mock.close();
  const dead = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    dead.once('error', reject);
    dead.listen(port, '127.0.0.1', () => resolve());
  });
  return dead;
}

describe('an endpoint fleet with one endpoint killed mid-run', () => {
  test(`${ROWS} EvolInstruct rows over three mock endpoints at ${CONCURRENCY_EACH} each, the second killed after a third of the rows: every row done, every request answered once, the other two evenly loaded`, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'distillery-fleet-'));
    const mocks: CountedMock[] = await Promise.all([0, 1, 2].map(async () => ({ mock: await startMockOpenAi({ model: 'mock-fleet' }), answered: [], killed: false })));
    const [first, victim, third] = mocks as [CountedMock, CountedMock, CountedMock];
    let dead: Promise<Server> | undefined;
    let total = 0;
    for (const counted of mocks) {
      countAnswers(counted, () => {
        total += 1;
        // Once the answers this turn released have gone out.
        if (total === ROWS / 3) setImmediate(() => (dead = kill(victim)));
      });
    }
    try {
      const input = join(dir, 'rows.jsonl');
      const rows = Array.from({ length: ROWS }, (_, i) => JSON.stringify({ id: i, instruction: `Write a short note about topic number ${i}.` }));
      await writeFile(input, `${rows.join('\n')}\n`);
      const out = join(dir, 'evolved.jsonl');
      const endpoints = mocks.flatMap(({ mock }) => ['--base-url', mock.url]);
      const run = await runCli([
        'run-task', 'EvolInstruct', '--input', input, '--param', 'num_evolutions=1', '--out', out,
        ...endpoints, '--concurrency', String(CONCURRENCY_EACH), '--model', 'mock-fleet', '--quiet',
      ]);
      assert.equal(run.code, 0, run.stderr);
      assert.ok(dead, 'the second endpoint was killed during the run');

      const written = (await readFile(out, 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line) as { id: number; evolved_instruction: unknown });
      assert.deepEqual(written.map((row) => row.id), Array.from({ length: ROWS }, (_, i) => i), 'every row, in order');
      assert.ok(written.every((row) => typeof row.evolved_instruction === 'string'), 'every row done');

      const answered = mocks.map(({ answered }) => answered.length);
      assert.equal(answered.reduce((sum, count) => sum + count, 0), ROWS, `answers ${answered.join(' + ')}: as many as the rows needed`);
      assert.equal(new Set(mocks.flatMap(({ answered }) => answered)).size, ROWS, 'no request answered twice');
      assert.ok(victim.answered.length > 0 && victim.answered.length < ROWS / 2, `the killed endpoint answered ${victim.answered.length} before it died`);
      const [a, b] = [first.answered.length, third.answered.length];
      assert.ok(Math.abs(a - b) <= 0.1 * ((a + b) / 2), `the healthy endpoints answered ${a} and ${b}: within 10% of even`);

      assert.match(run.stderr, new RegExp(`Endpoint ${victim.mock.url} is out: .*Its requests go to the other endpoints`));
      const summary = /Answered by endpoint: (.*)\.\n/.exec(run.stderr)?.[1] ?? '';
      assert.deepEqual(summary.split(' · ').sort(), mocks.map(({ mock, answered }) => `${mock.url} ${answered.length}`).sort(), 'the summary counts what each endpoint answered');
      // The summary's own figures, for the report of this test: "answers x + y + z".
      process.stdout.write(`# fleet answers: ${answered.join(' + ')} = ${ROWS}; healthy split ${a}/${b}\n`);
    } finally {
      await Promise.all([first.mock.close(), third.mock.close(), dead?.then((server) => new Promise((resolve) => server.close(resolve)))]);
      await rm(dir, { recursive: true, force: true });
    }
  });
});
