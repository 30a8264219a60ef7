import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RequestLimiter, type Permit } from '../../../src/core/llm/limiter';
import { FakeClock, settle } from '../../support/fakeClock';

/** Starts an acquisition and records when (and whether) it is admitted. */
function track(limiter: RequestLimiter, tokens: number, signal?: AbortSignal) {
  const state: { permit?: Permit; error?: unknown } = {};
  limiter.acquire(tokens, signal).then(
    (permit) => (state.permit = permit),
    (error: unknown) => (state.error = error),
  );
  return state;
}

describe('RequestLimiter', () => {
  it('holds in-flight requests to maxConcurrency and admits waiters in arrival order', async () => {
    const limiter = new RequestLimiter({ maxConcurrency: 2 }, { clock: new FakeClock() });
    const order: number[] = [];
    const permits = [1, 2, 3, 4].map((n) =>
      limiter.acquire(1).then((permit) => {
        order.push(n);
        return permit;
      }),
    );
    await settle();
    assert.deepEqual(order, [1, 2]);
    assert.equal(limiter.inFlight, 2);
    assert.equal(limiter.waiting, 2);
    (await permits[1])?.release();
    await settle();
    assert.deepEqual(order, [1, 2, 3]);
    (await permits[0])?.release();
    await settle();
    assert.deepEqual(order, [1, 2, 3, 4]);
  });

  it('admits waiters by priority, lowest first, and in arrival order among equals', async () => {
    const limiter = new RequestLimiter({ maxConcurrency: 1 }, { clock: new FakeClock() });
    const order: string[] = [];
    const first = await limiter.acquire(1, undefined, 9);
    // Each waiter, once admitted, records itself and hands the slot on.
    const waiters: [string, number][] = [['b', 3], ['c', 1], ['d', 3], ['e', 0]];
    const done = waiters.map(([name, priority]) =>
      limiter.acquire(1, undefined, priority).then((permit) => {
        order.push(name);
        permit.release();
      }),
    );
    await settle();
    assert.deepEqual(order, [], 'all wait while the slot is taken');
    first.release();
    await Promise.all(done);
    assert.deepEqual(order, ['e', 'c', 'b', 'd']);
  });

  it('ignores a second release of the same permit', async () => {
    const limiter = new RequestLimiter({ maxConcurrency: 1 }, { clock: new FakeClock() });
    const first = await limiter.acquire(1);
    const second = track(limiter, 1);
    const third = track(limiter, 1);
    first.release();
    first.release();
    await settle();
    assert.ok(second.permit);
    assert.equal(third.permit, undefined);
  });

  it('starts at most requestsPerMinute requests in any window', async () => {
    const clock = new FakeClock();
    const limiter = new RequestLimiter({ maxConcurrency: 10, requestsPerMinute: 3 }, { clock });
    const states = [1, 2, 3, 4, 5].map(() => track(limiter, 1));
    await settle();
    states.forEach((state) => state.permit?.release());
    assert.equal(states.filter((s) => s.permit).length, 3);
    await clock.advance(59_999);
    assert.equal(states.filter((s) => s.permit).length, 3);
    await clock.advance(1);
    assert.equal(states.filter((s) => s.permit).length, 5);
  });

  it('spaces starts by the start times of the oldest requests in the window', async () => {
    const clock = new FakeClock();
    const limiter = new RequestLimiter({ maxConcurrency: 10, requestsPerMinute: 2 }, { clock, windowMs: 1000 });
    const first = track(limiter, 1);
    await clock.advance(400);
    const second = track(limiter, 1);
    const third = track(limiter, 1);
    const fourth = track(limiter, 1);
    await settle();
    assert.ok(first.permit && second.permit);
    assert.equal(third.permit, undefined);
    await clock.advance(600); // t = 1000: the first start leaves the window
    assert.ok(third.permit);
    assert.equal(fourth.permit, undefined);
    await clock.advance(400); // t = 1400: the second leaves
    assert.ok(fourth.permit);
  });

  it('keeps the token estimates of the window under tokensPerMinute', async () => {
    const clock = new FakeClock();
    const limiter = new RequestLimiter({ maxConcurrency: 10, tokensPerMinute: 1000 }, { clock });
    const states = [1, 2, 3].map(() => track(limiter, 400));
    await settle();
    assert.equal(states.filter((s) => s.permit).length, 2);
    await clock.advance(60_000);
    assert.equal(states.filter((s) => s.permit).length, 3);
  });

  it('replaces the estimate with the reported usage on release', async () => {
    const clock = new FakeClock();
    const limiter = new RequestLimiter({ maxConcurrency: 10, tokensPerMinute: 1000 }, { clock });
    const [first, second, third] = [1, 2, 3].map(() => track(limiter, 400));
    await settle();
    assert.equal(third?.permit, undefined);
    first?.permit?.release(100); // 100 + 400 + 400 fits
    await settle();
    assert.ok(third?.permit);
    assert.ok(second?.permit);
  });

  it('lets a request larger than the whole token budget run once the window is empty', async () => {
    const clock = new FakeClock();
    const limiter = new RequestLimiter({ maxConcurrency: 10, tokensPerMinute: 100 }, { clock, windowMs: 1000 });
    const big = track(limiter, 500);
    const next = track(limiter, 500);
    await settle();
    assert.ok(big.permit);
    assert.equal(next.permit, undefined);
    await clock.advance(1000);
    assert.ok(next.permit);
  });

  it('rejects a waiter whose signal aborts, removes it, and keeps the slot count right', async () => {
    const limiter = new RequestLimiter({ maxConcurrency: 1 }, { clock: new FakeClock() });
    const holder = await limiter.acquire(1);
    const controller = new AbortController();
    const cancelled = track(limiter, 1, controller.signal);
    await settle();
    controller.abort();
    await settle();
    assert.equal((cancelled.error as Error | undefined)?.name, 'AbortError');
    assert.equal(limiter.waiting, 0);
    holder.release();
    const later = await limiter.acquire(1);
    assert.equal(limiter.inFlight, 1);
    later.release();
    assert.equal(limiter.inFlight, 0);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const limiter = new RequestLimiter({ maxConcurrency: 1 });
    await assert.rejects(limiter.acquire(1, AbortSignal.abort()), { name: 'AbortError' });
    assert.equal(limiter.waiting, 0);
  });

  it('lets the queue move on when the head that held it back is cancelled', async () => {
    const clock = new FakeClock();
    const limiter = new RequestLimiter({ maxConcurrency: 10, tokensPerMinute: 1000 }, { clock });
    const started = await limiter.acquire(900);
    const controller = new AbortController();
    const head = track(limiter, 500, controller.signal);
    const small = track(limiter, 50);
    await settle();
    assert.equal(small.permit, undefined, 'a small request does not overtake the head');
    controller.abort();
    await settle();
    assert.equal((head.error as Error | undefined)?.name, 'AbortError');
    assert.ok(small.permit);
    started.release();
  });
});
