import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BoundedQueue } from '../../../../src/core/pipeline/run/boundedQueue';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('BoundedQueue', () => {
  test('a push waits while the queue is full and goes on once the consumer takes an item', async () => {
    const queue = new BoundedQueue<number>(2);
    await queue.push(1);
    await queue.push(2);
    let third = false;
    const pushed = queue.push(3).then(() => (third = true));
    await tick();
    assert.equal(third, false);
    const reader = queue[Symbol.asyncIterator]();
    assert.deepEqual(await reader.next(), { done: false, value: 1 });
    await pushed;
    queue.close();
    assert.deepEqual([(await reader.next()).value, (await reader.next()).value, (await reader.next()).done], [2, 3, true]);
  });

  test('the consumer sees the end only once every producer has closed', async () => {
    const queue = new BoundedQueue<string>(4, 2);
    const read = (async () => {
      const items: string[] = [];
      for await (const item of queue) items.push(item);
      return items;
    })();
    await queue.push('a');
    queue.close();
    await tick();
    await queue.push('b');
    queue.close();
    assert.deepEqual(await read, ['a', 'b']);
  });

  test('a consumer that stops early releases producers waiting for room', async () => {
    const queue = new BoundedQueue<number>(1);
    await queue.push(1);
    const blocked = queue.push(2);
    for await (const item of queue) {
      assert.equal(item, 1);
      break;
    }
    await blocked;
    await queue.push(3);
  });
});
