import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import OpenAI from 'openai';
import { createHttpPool } from '../../../src/core/llm/httpPool';
import { chatTargetOf, postChat } from '../../../src/core/llm/openAiClient';

/** What a request looked like on the wire, minus what differs by nature between two requests (the socket). */
interface SeenRequest {
  method: string | undefined;
  url: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

type Answer = (response: ServerResponse, request: IncomingMessage) => void;

/** A server that answers every request with `answer` and records what it received. */
async function withServer(test: (url: string, server: { answer: Answer; seen: SeenRequest[] }) => Promise<void>): Promise<void> {
  const state = { answer: ((response) => response.end()) as Answer, seen: [] as SeenRequest[] };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      state.seen.push({ method: request.method, url: request.url, headers: request.headers, body: Buffer.concat(chunks).toString() });
      state.answer(response, request);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await test(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, state);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}

const send = (status: number, headers: Record<string, string>, body: string | Buffer = ''): Answer => (response) => {
  response.writeHead(status, headers);
  response.end(body);
};

const completion = JSON.stringify({ model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'Hi.' } }], usage: { prompt_tokens: 3, completion_tokens: 1 } });
const json = { 'content-type': 'application/json' };

/** Answers of every kind the two paths must treat alike. */
const answers: Record<string, Answer> = {
  'a completion': send(200, json, completion),
  'a completion after a byte order mark': send(200, json, `\uFEFF${completion}`),
  'a gzip completion': send(200, { ...json, 'content-encoding': 'gzip' }, gzipSync(completion)),
  'a +json media type with parameters': send(200, { 'content-type': 'application/vnd.api+json; charset=utf-8' }, completion),
  'plain text': send(200, { 'content-type': 'text/plain' }, 'hello'),
  'no content type': send(200, {}, completion),
  'a JSON content type with a broken body': send(200, json, '{"choices": ['),
  'a JSON content type with a length of 0': send(200, { ...json, 'content-length': '0' }),
  'a 204': send(204, json),
  'a 201 with an empty JSON body': send(201, json),
  'a 429 with retry-after': send(429, { ...json, 'retry-after': '7', 'x-request-id': 'req-1' }, JSON.stringify({ error: { message: 'Rate limit reached.', type: 'requests', code: 'rate_limit_exceeded' } })),
  'a 400 whose message is an object': send(400, json, JSON.stringify({ error: { message: { why: 'bad' } } })),
  'a 422 whose error has no message': send(422, json, JSON.stringify({ error: { code: 'x' } })),
  'a 404 without an error key': send(404, json, JSON.stringify({ detail: 'Not Found' })),
  'a 500 in plain text': send(500, { 'content-type': 'text/plain' }, 'upstream broke'),
  'a 503 without a body': send(503, {}),
  'a 502 whose body is the JSON null': send(502, json, 'null'),
  'a gzip 401': send(401, { ...json, 'content-encoding': 'gzip' }, gzipSync(JSON.stringify({ error: { message: 'Incorrect API key provided.' } }))),
  'a redirect': send(307, { location: '/elsewhere' }),
  'a connection closed without an answer': (response) => response.socket?.destroy(),
  'a connection closed halfway through the body': (response) => {
    response.writeHead(200, { ...json, 'content-length': '1000' });
    response.write(completion.slice(0, 20), () => response.socket?.destroy());
  },
};

/** An outcome reduced to what the client reads of it: the data and status, or the error's class, message, status, headers and cause. */
async function outcomeOf(pending: Promise<{ data: unknown; status: number }>): Promise<unknown> {
  try {
    const { data, status } = await pending;
    return { status, data: data === undefined ? 'undefined' : data };
  } catch (error) {
    const { constructor, message, status, headers, cause } = error as Error & { status?: number; headers?: Headers; cause?: Error & { code?: string } };
    return {
      error: constructor.name,
      message,
      status,
      retryAfter: headers?.get('retry-after'),
      requestId: headers?.get('x-request-id'),
      cause: cause && { name: cause.name, message: cause.message, code: cause.code },
    };
  }
}

describe('postChat: a chat request without the SDK, with the outcomes of the SDK', () => {
  const body = { model: 'm', temperature: 0.5, messages: [{ role: 'user', content: 'Say hi. «unicode» ✓' }] };
  const sdkFor = (baseURL: string) =>
    new OpenAI({ baseURL, apiKey: 'sk-test', maxRetries: 0, organization: null, project: null, logLevel: 'off', fetch: createHttpPool(1).fetch });

  for (const [name, answer] of Object.entries(answers)) {
    it(`sends the same request and reads ${name} as the SDK does`, () =>
      withServer(async (url, server) => {
        server.answer = answer;
        const sdk = sdkFor(url);
        const signal = new AbortController().signal;
        const throughSdk = await outcomeOf(
          sdk.chat.completions
            .create(body as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming, { maxRetries: 0 })
            .withResponse()
            .then(({ data, response }) => ({ data, status: response.status })),
        );
        const lean = await outcomeOf(postChat(createHttpPool(1), await chatTargetOf(sdk), JSON.stringify(body), signal));
        assert.deepEqual(lean, throughSdk);
        assert.equal(server.seen.length, 2);
        assert.deepEqual(server.seen[1], server.seen[0]);
      }));
  }

  it('fails as the SDK does when nothing listens', async () => {
    const sdk = sdkFor('http://127.0.0.1:9/v1');
    const throughSdk = await outcomeOf(sdk.chat.completions.create(body as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming).withResponse().then(({ data, response }) => ({ data, status: response.status })));
    const lean = await outcomeOf(postChat(createHttpPool(1), await chatTargetOf(sdk), JSON.stringify(body), new AbortController().signal));
    assert.deepEqual(lean, throughSdk);
    assert.match(JSON.stringify(lean), /ECONNREFUSED/);
  });

  it('rejects with the SDK abort error when its signal aborts', () =>
    withServer(async (url, server) => {
      server.answer = () => {};
      const sdk = sdkFor(url);
      const first = new AbortController();
      const second = new AbortController();
      const throughSdk = outcomeOf(sdk.chat.completions.create(body as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming, { signal: first.signal }).withResponse().then(({ data, response }) => ({ data, status: response.status })));
      const lean = outcomeOf(postChat(createHttpPool(1), await chatTargetOf(sdk), JSON.stringify(body), second.signal));
      await new Promise<void>((resolve) => {
        const wait = () => (server.seen.length === 2 ? resolve() : setImmediate(wait));
        wait();
      });
      first.abort();
      second.abort();
      assert.deepEqual(await lean, await throughSdk);
      assert.equal((await lean as { error: string }).error, 'APIUserAbortError');
    }));
});
