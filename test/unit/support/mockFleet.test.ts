import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import OpenAI, { APIConnectionError, NotFoundError, toFile } from 'openai';
import { startMockFleet } from '../../support/mockFleet';
import { Gate } from '../../support/waiting';

const messages = [{ role: 'user' as const, content: 'Name a river.' }];

/** An SDK client for each member, in member order. */
function clientsOf(urls: readonly string[]): OpenAI[] {
  return urls.map((url) => new OpenAI({ baseURL: url, apiKey: 'test-key', maxRetries: 0 }));
}

/** The first two of `items`, which the test made sure exist. */
function firstTwo<T>(items: readonly T[]): [T, T] {
  const [first, second] = items;
  assert.ok(first !== undefined && second !== undefined);
  return [first, second];
}

describe('startMockFleet', () => {
  it('starts independent endpoints on ports of their own, and counts the chat requests each received', async () => {
    const fleet = await startMockFleet(3, { model: 'm1' });
    try {
      assert.equal(new Set(fleet.urls).size, 3);
      const [first, , third] = clientsOf(fleet.urls);
      assert.ok(first && third);
      await first.chat.completions.create({ model: 'm1', messages });
      await first.chat.completions.create({ model: 'm1', messages });
      await third.chat.completions.create({ model: 'm1', messages });
      await third.models.list();
      assert.deepEqual(fleet.chatRequestCounts(), [2, 0, 1]);
    } finally {
      await fleet.close();
    }
  });

  it('keeps each member’s files and batches to itself', async () => {
    const fleet = await startMockFleet(2);
    try {
      const [first, second] = firstTwo(clientsOf(fleet.urls));
      const line = JSON.stringify({ custom_id: 'a', method: 'POST', url: '/v1/chat/completions', body: { model: 'm', messages } });
      const file = await first.files.create({ file: await toFile(Buffer.from(line), 'in.jsonl'), purpose: 'batch' });
      const batch = await first.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' });
      await assert.rejects(second.files.retrieve(file.id), NotFoundError);
      await assert.rejects(second.batches.retrieve(batch.id), NotFoundError);
      assert.equal((await first.batches.retrieve(batch.id)).status, 'in_progress');
    } finally {
      await fleet.close();
    }
  });

  it('lets a test kill one member mid-request: its clients lose the connection, the others keep answering', async () => {
    const fleet = await startMockFleet(2, { model: 'm1' });
    try {
      const [doomed, survivor] = firstTwo(fleet.members);
      const [doomedClient, survivorClient] = firstTwo(clientsOf(fleet.urls));
      const never = new Gate();
      doomed.setLatency(() => never.opened);
      const cut = doomedClient.chat.completions.create({ model: 'm1', messages });
      await doomed.until(() => doomed.inFlight === 1);
      await doomed.close();
      await assert.rejects(cut, APIConnectionError);
      await assert.rejects(doomedClient.chat.completions.create({ model: 'm1', messages }), APIConnectionError, 'nothing listens there any more');
      const answer = await survivorClient.chat.completions.create({ model: 'm1', messages });
      assert.ok(answer.choices[0]?.message.content);
      assert.deepEqual(fleet.chatRequestCounts(), [1, 1]);
      assert.equal(survivor.requests.length, 1);
    } finally {
      await fleet.close();
    }
  });
});
