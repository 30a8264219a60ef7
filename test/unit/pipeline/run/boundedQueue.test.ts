import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BoundedQueue } from '../../../../src/core/pipeline/run/boundedQueue';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('BoundedQueue', () => {
  test('a push waits while its items do not fit and goes on once the consumer takes a batch', async () => {
    const queue = new BoundedQueue<number>(3);
    await queue.push([1]);
    await queue.push([2, 3]);
    let third = false;
    const pushed = queue.push([4, 5]).then(() => (third = true));
    await tick();
    assert.equal(third, false, '3 items held, 2 more do not fit');
    const reader = queue[Symbol.asyncIterator]();
    assert.deepEqual(await reader.next(), { done: false, value: [1] });
    await tick();
    assert.equal(third, false, '2 held, 2 more still do not fit');
    assert.deepEqual(await reader.next(), { done: false, value: [2, 3] });
    await pushed;
    queue.close();
    assert.deepEqual([(await reader.next()).value, (await reader.next()).done], [[4, 5], true]);
  });

  test('a batch larger than the capacity still enters an empty queue', async () => {
    const queue = new BoundedQueue<number>(2);
    await queue.push([1, 2, 3, 4]);
    queue.close();
    const batches: (readonly number[])[] = [];
    for await (const batch of queue) batches.push(batch);
    assert.deepEqual(batches, [[1, 2, 3, 4]]);
  });

  test('the consumer sees the end only once every producer has closed', async () => {
    const queue = new BoundedQueue<string>(4, 2);
    const read = (async () => {
      const items: (readonly string[])[] = [];
      for await (const batch of queue) items.push(batch);
      return items;
    })();
    await queue.push(['a']);
    queue.close();
    await tick();
    await queue.push(['b', 'c']);
    queue.close();
    assert.deepEqual(await read, [['a'], ['b', 'c']]);
  });

  test('a consumer that stops early releases producers waiting for room', async () => {
    const queue = new BoundedQueue<number>(1);
    await queue.push([1]);
    const blocked = queue.push([2]);
    for await (const batch of queue) {
      assert.deepEqual(batch, [1]);
      break;
    }
    await blocked;
    await queue.push([3]);
  });
});
