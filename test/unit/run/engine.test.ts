import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { EndpointDownError } from '../../../src/core/llm/endpointBreaker';
import type { ChatRequest, ChatResult, CompleteOptions, LlmClient } from '../../../src/core/llm/types';
import { runTask, type RunProgress, type RunSummary, type RunTaskOptions } from '../../../src/core/run/engine';
import { defaultStepName, type RowInput, type RowResult } from '../../../src/core/run/rowRunner';
import { findTask } from '../../../src/core/tasks/registry';
import { FakeClock, settle } from '../../support/fakeClock';
import { limitedClient } from '../../support/limitedClient';
import { scriptedClient } from '../../support/scriptedClient';
import { givenPrompt, mutationsFromLabels, userContent } from '../tasks/kit';

/** Two tiny templates so prompts read "A: <instruction>"; the model appends "+". */
const TEMPLATES = { A: 'A: <PROMPT>', B: 'B: <PROMPT>' };
const STEP = defaultStepName('EvolInstruct');
const USAGE = { inputTokens: 10, outputTokens: 3 };

function given(content: string): string {
  return content.replace(/^[AB]: /, '');
}

interface Completion {
  text: string;
  at: number;
}

interface TimedClient extends LlmClient {
  /** Prompt texts (template prefix removed) in the order requests were sent. */
  readonly sent: string[];
  /** In the order requests completed. */
  readonly completions: Completion[];
  readonly maxActive: () => number;
}

/**
 * A client that answers `<given>+` after `latency(text)` ms of `clock` time; pending requests
 * end on abort. On a fake clock the order in which requests finish is set by the latencies
 * alone, not by how fast the machine runs them.
 */
function timedClient(clock: FakeClock, latency: (text: string) => number): TimedClient {
  const sent: string[] = [];
  const completions: Completion[] = [];
  let active = 0;
  let maxActive = 0;
  return {
    model: 'timed-model',
    sent,
    completions,
    maxActive: () => maxActive,
    async complete(request: ChatRequest, options?: CompleteOptions): Promise<ChatResult> {
      options?.signal?.throwIfAborted();
      const text = given(userContent(request.messages));
      sent.push(text);
      active += 1;
      maxActive = Math.max(maxActive, active);
      try {
        await clock.sleep(latency(text), options?.signal);
      } finally {
        active -= 1;
      }
      completions.push({ text, at: clock.now() });
      return { outputs: [`${text}+`], model: 'timed-model', usage: USAGE, latencyMs: 1, attempts: 1, structuredOutput: false, cached: false };
    },
    embed: () => Promise.reject(new Error('the engine tests make no embedding requests')),
  };
}

function rowsOf(instructions: readonly string[]): RowInput[] {
  return instructions.map((instruction, index) => ({ index, line: index + 1, value: { instruction } }));
}

function evolve(numEvolutions: number, extra: Record<string, unknown> = {}) {
  return findTask('EvolInstruct').configure({ num_evolutions: numEvolutions, mutation_templates: TEMPLATES, ...extra });
}

type Options = Omit<RunTaskOptions, 'stepName' | 'includeMetadata'> & Partial<Pick<RunTaskOptions, 'stepName' | 'includeMetadata'>>;

/** Drains runTask, moving `clock` only as far as each next result needs; `onResult` may act between results (e.g. cancel). */
async function drain(clock: FakeClock, options: Options, onResult?: (result: RowResult, yielded: RowResult[]) => void) {
  const generator = runTask({ stepName: STEP, includeMetadata: true, ...options });
  const results: RowResult[] = [];
  const yieldedAt: number[] = [];
  for (;;) {
    const next = await clock.runUntil(generator.next());
    if (next.done) return { results, yieldedAt, summary: next.value as RunSummary };
    results.push(next.value);
    yieldedAt.push(clock.now());
    onResult?.(next.value, results);
  }
}

describe('runTask', () => {
  test('every row comes back once, with its index and line, and the summary adds up', async () => {
    const clock = new FakeClock();
    const client = timedClient(clock, (text) => (Number(/\d+/.exec(text)?.[0]) * 7) % 5);
    const instructions = Array.from({ length: 12 }, (_, i) => `row ${i}`);
    const { results, summary } = await drain(clock, { rows: rowsOf(instructions), task: evolve(2), client });
    assert.equal(results.length, 12);
    assert.deepEqual(results.map((result) => result.index).sort((a, b) => a - b), [...Array(12).keys()]);
    for (const result of results) {
      assert.equal(result.line, result.index + 1);
      assert.equal(result.status, 'ok');
      assert.equal(result.rows[0].evolved_instruction, `row ${result.index}++`);
    }
    assert.deepEqual(summary, { rowsStarted: 12, rowsDone: 12, rowsFailed: 0, requests: 24, retries: 0, cacheHits: 0, inputTokens: 240, outputTokens: 72, cancelled: false });
  });

  test('an async iterable input works, and is read no further ahead than maxRowsInFlight', async () => {
    const clock = new FakeClock();
    let pulled = 0;
    async function* source(): AsyncGenerator<RowInput> {
      for (let index = 0; index < 8; index++) {
        pulled += 1;
        yield { index, value: { instruction: `row ${index}` } };
      }
    }
    const pulledAtYield: number[] = [];
    const { results } = await drain(clock, { rows: source(), task: evolve(1), client: timedClient(clock, () => 2), maxRowsInFlight: 3 }, () =>
      pulledAtYield.push(pulled),
    );
    assert.equal(results.length, 8);
    assert.equal(pulledAtYield[0], 3);
    for (const [k, count] of pulledAtYield.entries()) assert.ok(count <= k + 1 + 3, `pulled ${count} rows when yielding result ${k + 1}`);
  });

  test('ordered: results come in input order even when later rows finish first', async () => {
    const clock = new FakeClock();
    const client = timedClient(clock, (text) => (text.includes('SLOW') ? 120 : 5));
    const instructions = ['SLOW zero', 'one', 'two', 'three', 'four', 'five'];
    const { results } = await drain(clock, { rows: rowsOf(instructions), task: evolve(1), client, ordered: true });
    assert.deepEqual(results.map((result) => result.index), [0, 1, 2, 3, 4, 5]);
    // The fast rows really did finish first: ordering came from buffering.
    assert.deepEqual(client.completions.map((c) => c.text), ['one', 'two', 'three', 'four', 'five', 'SLOW zero']);
  });

  test('unordered: results come in completion order', async () => {
    const clock = new FakeClock();
    const client = timedClient(clock, (text) => (text.includes('SLOW') ? 120 : 5));
    const instructions = ['SLOW zero', 'one', 'two', 'three', 'four', 'five'];
    const { results } = await drain(clock, { rows: rowsOf(instructions), task: evolve(1), client });
    assert.deepEqual(results.map((result) => result.index), [1, 2, 3, 4, 5, 0]);
  });

  test('pipelining: fast rows finish both evolutions before a slow row finishes its first', async () => {
    const clock = new FakeClock();
    const client = timedClient(clock, (text) => (text.includes('SLOW') ? 300 : 10));
    const instructions = ['SLOW zero', 'fast one', 'fast two', 'fast three', 'fast four'];
    const { results, yieldedAt } = await drain(clock, { rows: rowsOf(instructions), task: evolve(2), client });
    const order = client.completions.map((c) => c.text);
    const slowFirst = order.indexOf('SLOW zero');
    const slowFirstAt = client.completions[slowFirst]?.at ?? Infinity;
    for (const fast of instructions.slice(1)) {
      const second = order.indexOf(`${fast}+`);
      assert.ok(second !== -1 && second < slowFirst, `${fast}: second evolution completed at ${second}, slow first at ${slowFirst}`);
      assert.ok((client.completions[second]?.at ?? Infinity) < slowFirstAt);
    }
    assert.deepEqual(order.slice(-2), ['SLOW zero', 'SLOW zero+']);
    // Each fast row was yielded as soon as its second evolution was done, while the slow row was still on its first.
    assert.deepEqual(results.map((result) => result.index), [1, 2, 3, 4, 0]);
    assert.deepEqual(yieldedAt, [20, 20, 20, 20, 600]);
    assert.equal(results.at(-1)?.rows[0].evolved_instruction, 'SLOW zero++');
  });

  test('maxRowsInFlight bounds the rows worked on at once', async () => {
    const clock = new FakeClock();
    for (const max of [1, 3]) {
      const client = timedClient(clock, () => 5);
      const inFlight: number[] = [];
      const { results } = await drain(clock, {
        rows: rowsOf(Array.from({ length: 10 }, (_, i) => `row ${i}`)),
        task: evolve(2),
        client,
        maxRowsInFlight: max,
        onProgress: (progress) => inFlight.push(progress.rowsStarted - progress.rowsDone),
      });
      assert.equal(results.length, 10);
      assert.equal(client.maxActive(), max, `max ${max}`);
      assert.equal(Math.max(...inFlight), max);
      if (max === 1) assert.deepEqual(results.map((result) => result.index), [...Array(10).keys()]);
    }
  });

  test('progress counts rows, failures, requests and tokens', async () => {
    const clock = new FakeClock();
    const client = timedClient(clock, () => 1);
    const rows = rowsOf(['a', 'b', 'c', 'd', 'e']);
    rows.push({ index: 5, value: { instruction: 42 } });
    const events: RunProgress[] = [];
    const { results, summary } = await drain(clock, { rows, task: evolve(2), client, onProgress: (progress) => events.push(progress) });
    const expected = { rowsStarted: 6, rowsDone: 6, rowsFailed: 1, requests: 10, retries: 0, cacheHits: 0, inputTokens: 100, outputTokens: 30 };
    assert.deepEqual(events.at(-1), expected);
    assert.deepEqual(summary, { ...expected, cancelled: false });
    // Each request and each row is reported as it happens, never going backwards.
    assert.deepEqual([...new Set(events.map((e) => e.requests))], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].slice(events[0]?.requests ?? 0));
    assert.deepEqual([...new Set(events.map((e) => e.rowsDone))].filter((n) => n > 0), [1, 2, 3, 4, 5, 6]);
    for (const [i, event] of events.entries()) {
      const previous = events[i - 1];
      if (!previous) continue;
      for (const key of Object.keys(expected) as (keyof RunProgress)[]) assert.ok(event[key] >= previous[key], `${key} went backwards`);
      assert.equal(event.inputTokens, event.requests * 10);
      assert.equal(event.outputTokens, event.requests * 3);
    }
    assert.equal(results.find((r) => r.index === 5)?.status, 'input_error');
    assert.equal(results.reduce((total, r) => total + r.requests, 0), 10);
  });

  test('seeded determinism: the same seed gives the same mutations whatever order requests complete in', async () => {
    const instructions = Array.from({ length: 20 }, (_, i) => `instruction ${i}`);
    const rowOf = (messages: Parameters<Parameters<typeof scriptedClient>[0]>[0]) =>
      Number(/instruction (\d+)/.exec(givenPrompt(userContent(messages)) ?? '')?.[1]);
    const run = async (seed: number, latency: (row: number) => number, maxRowsInFlight?: number) => {
      const clock = new FakeClock();
      const client = scriptedClient(async (messages) => {
        await clock.sleep(latency(rowOf(messages)));
        return `#Rewritten Prompt#: ${givenPrompt(userContent(messages))}.`;
      });
      const { results } = await drain(clock, {
        rows: rowsOf(instructions),
        task: findTask('EvolInstruct').configure({ num_evolutions: 3, seed }),
        client,
        ...(maxRowsInFlight ? { maxRowsInFlight } : {}),
      });
      const mutations = [...results].sort((a, b) => a.index - b.index).map((result) => mutationsFromLabels(result, STEP));
      return { mutations, completionOrder: results.map((result) => result.index) };
    };
    const rising = await run(42, (row) => (row % 5) * 3);
    const falling = await run(42, (row) => ((20 - row) % 7) * 2);
    const sequential = await run(42, () => 0, 1);
    const otherSeed = await run(43, (row) => (row % 5) * 3);

    assert.notDeepEqual(rising.completionOrder, falling.completionOrder, 'the two runs completed in different orders');
    assert.deepEqual(falling.mutations, rising.mutations);
    assert.deepEqual(sequential.mutations, rising.mutations);
    assert.notDeepEqual(otherSeed.mutations, rising.mutations);
    for (const mutations of rising.mutations) assert.equal(mutations.length, 3);
    // The picks are spread over the templates, not constant.
    assert.ok(new Set(rising.mutations.flat()).size >= 4);
  });
});

describe('runTask cancellation', () => {
  test('cancelling mid-run keeps every completed row, stops new requests, reports cancelled', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const client = timedClient(clock, () => 15);
    let sentAtAbort = -1;
    const { results, summary } = await drain(
      clock,
      { rows: rowsOf(Array.from({ length: 10 }, (_, i) => `row ${i}`)), task: evolve(2), client, maxRowsInFlight: 2, signal: controller.signal },
      (_result, yielded) => {
        if (yielded.length === 3) {
          sentAtAbort = client.sent.length;
          controller.abort();
        }
      },
    );
    // Time for anything the run could still have scheduled.
    await clock.advance(1000);
    assert.equal(client.sent.length, sentAtAbort, 'no request sent after cancelling');
    assert.ok(results.length >= 3 && results.length < 10, `${results.length} rows`);
    for (const result of results) {
      assert.equal(result.status, 'ok');
      assert.equal(result.rows[0].evolved_instruction, `row ${result.index}++`);
    }
    assert.equal(new Set(results.map((r) => r.index)).size, results.length);
    assert.equal(summary.cancelled, true);
    assert.equal(summary.rowsDone, results.length);
    assert.equal(summary.rowsFailed, 0);
    assert.ok(summary.rowsStarted < 10);
    // Answered requests of rows cut short by the cancel still count (their tokens were spent).
    assert.equal(summary.requests, client.completions.length);
    assert.ok(summary.requests >= results.length * 2);
  });

  test('a cancel with a custom reason is still a cancel: no failed rows are yielded', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const client = timedClient(clock, () => 15);
    const { results, summary } = await drain(
      clock,
      { rows: rowsOf(Array.from({ length: 10 }, (_, i) => `row ${i}`)), task: evolve(2), client, maxRowsInFlight: 3, signal: controller.signal },
      (_result, yielded) => {
        if (yielded.length === 2) controller.abort(new Error('stopped by the user'));
      },
    );
    assert.deepEqual(
      results.map((result) => result.status),
      results.map(() => 'ok'),
    );
    assert.equal(summary.cancelled, true);
    assert.equal(summary.rowsFailed, 0);
  });

  test('ordered: on cancel, rows completed behind an unfinished row are held back, so the output stays a prefix of the run', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    const client = timedClient(clock, (text) => (text.includes('SLOW') ? 2000 : 5));
    const { results, summary } = await drain(clock, {
      rows: rowsOf(['SLOW zero', 'one', 'two', 'three']),
      task: evolve(1),
      client,
      ordered: true,
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.rowsDone === 3) controller.abort();
      },
    });
    assert.equal(clock.now(), 5, 'the run ended when the fast rows did: the slow request was abandoned, not waited for');
    assert.deepEqual(results.map((result) => result.index), []);
    assert.deepEqual(summary, { rowsStarted: 4, rowsDone: 3, rowsFailed: 0, requests: 3, retries: 0, cacheHits: 0, inputTokens: 30, outputTokens: 9, cancelled: true });
  });

  test('an already-cancelled signal sends nothing', async () => {
    const clock = new FakeClock();
    const controller = new AbortController();
    controller.abort();
    const client = timedClient(clock, () => 1);
    const { results, summary } = await drain(clock, { rows: rowsOf(['a', 'b']), task: evolve(1), client, signal: controller.signal });
    assert.deepEqual(results, []);
    assert.equal(client.sent.length, 0);
    assert.deepEqual(summary, { rowsStarted: 0, rowsDone: 0, rowsFailed: 0, requests: 0, retries: 0, cacheHits: 0, inputTokens: 0, outputTokens: 0, cancelled: true });
  });
});

describe('runTask scheduling', () => {
  // Templates that are the instruction itself, so the limited client's prompt is the row's text.
  const evolveAsIs = (numEvolutions: number) => findTask('EvolInstruct').configure({ num_evolutions: numEvolutions, mutation_templates: { SAME: '<PROMPT>' } });

  test("a started row goes first: its next request overtakes later rows' first ones", async () => {
    const clock = new FakeClock();
    const client = limitedClient(clock, 1, () => 10);
    const { results } = await drain(clock, { rows: rowsOf(['a', 'b', 'c']), task: evolveAsIs(2), client, ordered: true });
    assert.deepEqual(client.served.map((request) => request.prompt), ['a', 'a+', 'b', 'b+', 'c', 'c+']);
    assert.deepEqual(results.map((result) => result.rows[0].evolved_instruction), ['a++', 'b++', 'c++']);
  });

  test('rows finish in the order they started, so the first rows are written early', async () => {
    const clock = new FakeClock();
    const client = limitedClient(clock, 4, (prompt) => 10 + (prompt.length % 3));
    const rows = rowsOf(Array.from({ length: 40 }, (_, i) => `row ${i}`));
    const { results, yieldedAt } = await drain(clock, { rows, task: evolveAsIs(3), client, ordered: true });
    assert.equal(results.length, 40);
    // With 4 slots and 3 requests a row, the first row is done after its own 3 requests, not after the whole run's 120.
    assert.ok((yieldedAt[0] ?? Infinity) <= 3 * 12, `first row written at ${yieldedAt[0]} ms`);
    assert.ok(client.served.length === 120);
  });

  test('by default about twice the concurrency of rows are in flight', async () => {
    const clock = new FakeClock();
    const client = limitedClient(clock, 3, () => 5);
    let mostStarted = 0;
    await drain(clock, {
      rows: rowsOf(Array.from({ length: 30 }, (_, i) => `row ${i}`)),
      task: evolveAsIs(1),
      client,
      onProgress: (progress) => (mostStarted = Math.max(mostStarted, progress.rowsStarted - progress.rowsDone)),
    });
    assert.equal(mostStarted, 6);
  });

  test('ordered output keeps a bounded number of finished rows behind a stalled one', async () => {
    const clock = new FakeClock();
    const client = timedClient(clock, (text) => (text === 'STALLED' ? 1_000_000 : 1));
    const rows = rowsOf(['STALLED', ...Array.from({ length: 2000 }, (_, i) => `row ${i}`)]);
    let startedWhileStalled = 0;
    const { results } = await drain(clock, {
      rows,
      task: evolve(1),
      client,
      ordered: true,
      maxRowsInFlight: 8,
      maxBufferedRows: 50,
      onProgress: (progress) => {
        if (clock.now() < 1_000_000) startedWhileStalled = Math.max(startedWhileStalled, progress.rowsStarted);
      },
    });
    assert.ok(startedWhileStalled <= 1 + 50 + 8, `${startedWhileStalled} rows started behind the stalled one`);
    assert.deepEqual(results.map((result) => result.index), [...Array(2001).keys()], 'every row, in order, once the stalled one finished');
  });
});

describe('runTask when the endpoint goes down', () => {
  /**
   * Answers like timedClient until the row "DEAD" is asked; then, as a tripped breaker does,
   * the requests in flight and every later one throw the stop.
   */
  function dyingClient(clock: FakeClock) {
    const client = timedClient(clock, (text) => (text === 'DEAD' ? 3 : 5));
    const stop = new AbortController();
    const state: { down?: EndpointDownError } = {};
    return {
      ...client,
      async complete(request: ChatRequest, options?: CompleteOptions): Promise<ChatResult> {
        if (state.down) throw state.down.withAttempts(0);
        if (given(userContent(request.messages)) === 'DEAD') {
          await clock.sleep(3, options?.signal);
          state.down = new EndpointDownError('http://127.0.0.1:9/v1 answered HTTP 401 after 1 attempt. Check the API key.', 401, 1);
          stop.abort(state.down);
          throw state.down;
        }
        try {
          return await client.complete(request, { signal: options?.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal });
        } catch (error) {
          if (stop.signal.aborted) throw (stop.signal.reason as EndpointDownError).withAttempts(1);
          throw error;
        }
      },
    };
  }

  test('no row starts after the stop, rows cut short are not yielded, ordered output stays a prefix, and the summary says why', async () => {
    const clock = new FakeClock();
    const client = dyingClient(clock);
    const { results, summary } = await drain(clock, {
      rows: rowsOf(['a', 'b', 'DEAD', 'c', 'd', 'e', 'f']),
      task: evolve(2),
      client,
      ordered: true,
      maxRowsInFlight: 4,
    });
    // a and b finish their first evolution at 5 and their second would at 10; DEAD stops the run at 3.
    assert.deepEqual(results.map((result) => result.index), []);
    assert.equal(summary.rowsStarted, 4);
    assert.equal(summary.rowsDone, 0);
    assert.equal(summary.rowsFailed, 0);
    assert.equal(summary.cancelled, false);
    assert.equal(summary.endpointDown?.message, 'http://127.0.0.1:9/v1 answered HTTP 401 after 1 attempt. Check the API key.');
    assert.equal(summary.requests, 4, "DEAD's attempt and the first ones of a, b and c, cut short; nothing after");
    assert.equal(client.completions.length, 0);
  });

  test('rows finished before the stop are yielded, in order', async () => {
    const clock = new FakeClock();
    const client = dyingClient(clock);
    const { results, summary } = await drain(clock, { rows: rowsOf(['a', 'b', 'c', 'DEAD', 'e']), task: evolve(1), client, ordered: true, maxRowsInFlight: 3 });
    assert.deepEqual(results.map((result) => [result.index, result.rows[0].evolved_instruction]), [[0, 'a+'], [1, 'b+'], [2, 'c+']]);
    assert.equal(summary.rowsDone, 3);
    assert.equal(summary.rowsStarted, 5, 'e started while DEAD was in flight, and stopped with it');
    assert.deepEqual(client.completions.map((completion) => completion.text), ['a', 'b', 'c']);
    assert.ok(summary.endpointDown);
  });
});

describe('runTask memory', () => {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;

  /** Consumes `consume` results of a 300-row run, then counts how many of rows 1..200 are still reachable. */
  async function aliveAfterYield(options: { slowFirstRow: boolean; signal: boolean }): Promise<number> {
    const refs: WeakRef<object>[] = [];
    function* rows(): Generator<RowInput> {
      for (let index = 0; index < 300; index++) {
        const payload = { index };
        refs.push(new WeakRef(payload));
        yield { index, value: { instruction: index === 0 && options.slowFirstRow ? 'SLOW row' : `row ${index}`, payload } };
      }
    }
    const controller = new AbortController();
    // The slow row's answer is never due: the clock only moves as far as the fast rows need.
    const clock = new FakeClock();
    const generator = runTask({
      rows: rows(),
      task: evolve(1),
      client: timedClient(clock, (text) => (text.includes('SLOW') ? 1500 : 0)),
      stepName: STEP,
      includeMetadata: true,
      maxRowsInFlight: 4,
      ...(options.signal ? { signal: controller.signal } : {}),
    });
    for (let i = 0; i < 250; i++) await clock.runUntil(generator.next());
    for (let round = 0; round < 3; round++) {
      gc();
      // A WeakRef holds its target until the current job ends.
      await settle();
    }
    const alive = refs.slice(1, 201).filter((ref) => ref.deref() !== undefined).length;
    controller.abort();
    await generator.return({} as RunSummary);
    return alive;
  }

  for (const signal of [true, false]) {
    test(`results already yielded are not kept alive by the run (${signal ? 'with' : 'without'} a signal)`, async () => {
      const alive = await aliveAfterYield({ slowFirstRow: false, signal });
      assert.ok(alive < 5, `${alive} of 200 yielded rows are still in memory`);
    });
  }

  test('nor while one slow row stays in flight', async () => {
    const alive = await aliveAfterYield({ slowFirstRow: true, signal: true });
    assert.ok(alive < 5, `${alive} of 200 yielded rows are still in memory`);
  });
});
