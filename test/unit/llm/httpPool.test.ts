import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { createHttpPool } from '../../../src/core/llm/httpPool';

const pooledFetch = (maxSockets: number) => createHttpPool(maxSockets).fetch;

/** A server answering every request with `answer`, after `delayMs`, on 127.0.0.1. */
async function withServer(answer: (path: string) => { status: number; headers?: Record<string, string>; body?: Buffer | string }, delayMs: number, test: (url: string) => Promise<void>): Promise<void> {
  const server: Server = createServer((request, response) => {
    setTimeout(() => {
      const { status, headers = {}, body } = answer(request.url ?? '/');
      response.writeHead(status, headers);
      response.end(body);
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await test(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('createHttpPool().fetch', () => {
  it('opens at most maxSockets connections, however many requests are in flight, and reuses them', () =>
    withServer(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' }), 5, async (url) => {
      const sockets = new Set<Socket>();
      const onSocket = (message: unknown) => sockets.add((message as { socket: Socket }).socket);
      subscribe('net.client.socket', onSocket);
      try {
        const fetchPooled = pooledFetch(3);
        for (let round = 0; round < 2; round++) {
          const answers = await Promise.all(Array.from({ length: 12 }, () => fetchPooled(`${url}/x`, { method: 'POST', body: '{}' }).then((response) => response.json())));
          assert.deepEqual(answers, Array.from({ length: 12 }, () => ({ ok: true })));
        }
      } finally {
        unsubscribe('net.client.socket', onSocket);
      }
      assert.equal(sockets.size, 3);
    }));

  it('decodes a gzip body as fetch does, and keeps the status, its text and the headers', () =>
    withServer(() => ({ status: 429, headers: { 'content-encoding': 'gzip', 'retry-after': '7', 'content-type': 'application/json' }, body: gzipSync('{"error":{"message":"slow down"}}') }), 0, async (url) => {
      const response = await pooledFetch(1)(url);
      assert.equal(response.status, 429);
      assert.equal(response.statusText, 'Too Many Requests');
      assert.equal(response.headers.get('retry-after'), '7');
      assert.equal(response.headers.get('content-encoding'), null, 'the body is handed over decoded');
      assert.deepEqual(await response.json(), { error: { message: 'slow down' } });
    }));

  it('answers a 204 with no body, and rejects with the connection error when nothing listens', async () => {
    await withServer(() => ({ status: 204 }), 0, async (url) => {
      const response = await pooledFetch(1)(url);
      assert.equal(response.status, 204);
      assert.equal(await response.text(), '');
    });
    await assert.rejects(pooledFetch(1)('http://127.0.0.1:9/v1/models'), { code: 'ECONNREFUSED' });
  });

  it('rejects when the connection closes halfway through a compressed body, as with a plain one', async () => {
    const compressed = gzipSync('{"answer":"' + 'x'.repeat(10_000) + '"}');
    for (const [headers, body] of [[{ 'content-encoding': 'gzip' }, compressed], [{}, Buffer.from('{"answer":"' + 'x'.repeat(10_000))]] as const) {
      const server: Server = createServer((_request, response) => {
        response.writeHead(200, { ...headers, 'content-length': String(body.length * 2) });
        response.write(body.subarray(0, body.length >> 1), () => response.socket?.destroy());
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
        await assert.rejects(createHttpPool(1).send(url, { method: 'GET', headers: {} }), { code: 'ECONNRESET' });
      } finally {
        server.closeAllConnections();
        await new Promise((resolve) => server.close(resolve));
      }
    }
  });

  it('an aborted signal ends the request with an AbortError', () =>
    withServer(() => ({ status: 200, body: 'late' }), 10_000, async (url) => {
      const controller = new AbortController();
      const pending = pooledFetch(1)(url, { signal: controller.signal });
      controller.abort();
      await assert.rejects(pending, { name: 'AbortError' });
    }));
});
