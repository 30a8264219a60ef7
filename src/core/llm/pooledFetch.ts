import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';

type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Content encodings a server may use even unasked; the body is decoded as `fetch` would. */
const DECODERS: Readonly<Record<string, () => NodeJS.ReadWriteStream>> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/**
 * A `fetch` for the `openai` SDK over Node's own HTTP client, with a keep-alive pool of exactly
 * `maxSockets` connections per endpoint. The global `fetch` costs about twice the CPU per request
 * (its web streams and per-request objects, measured in bench/requestPath.bench.mjs) and opens
 * its own pool, twice the concurrency in sockets. Requests whose body is not a string (file
 * uploads) go to the global `fetch`, which handles every body type.
 */
export function pooledFetch(maxSockets: number): Fetch {
  const agents = { http: new HttpAgent({ keepAlive: true, maxSockets }), https: new HttpsAgent({ keepAlive: true, maxSockets }) };
  return (input, init = {}) => {
    if (init.body !== undefined && init.body !== null && typeof init.body !== 'string') return fetch(input, init);
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const secure = url.protocol === 'https:';
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => (headers[name] = value));
    return new Promise<Response>((resolve, reject) => {
      const request = (secure ? httpsRequest : httpRequest)(
        url,
        { method: init.method ?? 'GET', headers, agent: secure ? agents.https : agents.http, ...(init.signal ? { signal: init.signal } : {}) },
        (response) => readResponse(response).then(resolve, reject),
      );
      request.on('error', reject);
      request.end(init.body ?? undefined);
    });
  };
}

async function readResponse(response: IncomingMessage): Promise<Response> {
  const encoding = String(response.headers['content-encoding'] ?? '').trim().toLowerCase();
  const decoder = DECODERS[encoding];
  const body: Readable = decoder ? (response.pipe(decoder()) as unknown as Readable) : response;
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    // The body is handed over decoded, so its encoding and length no longer apply.
    if (value === undefined || (decoder && (name === 'content-encoding' || name === 'content-length'))) continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const status = response.statusCode ?? 0;
  // A Response cannot carry a body with these statuses.
  const bodyless = status === 204 || status === 205 || status === 304;
  return new Response(bodyless ? null : Buffer.concat(chunks), { status, statusText: response.statusMessage ?? '', headers });
}
