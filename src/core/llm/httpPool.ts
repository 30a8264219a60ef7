import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { finished, type Readable } from 'node:stream';

type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Content encodings a server may use even unasked; the body is decoded as `fetch` would. */
const DECODERS: Readonly<Record<string, () => NodeJS.ReadWriteStream>> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

/** Statuses whose response carries no body, as a `Response` sees them. */
const BODYLESS_STATUSES: ReadonlySet<number> = new Set([204, 205, 304]);

/** A response read whole: the body decoded, and empty for the statuses that carry none. */
export interface PlainResponse {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The body was compressed and is handed over decoded: its encoding and length headers no longer apply. */
  decoded: boolean;
}

export interface PlainRequest {
  method: string;
  headers: OutgoingHttpHeaders;
  body?: string;
  signal?: AbortSignal;
}

export interface HttpPool {
  /** One request over the pool; rejects with the connection's error, or an AbortError when `signal` aborts. */
  send(url: URL, request: PlainRequest): Promise<PlainResponse>;
  /**
   * A `fetch` for the `openai` SDK over the same pool. Requests whose body is not a string
   * (file uploads) go to the global `fetch`, which handles every body type.
   */
  fetch: Fetch;
}

/**
 * Node's own HTTP client with a keep-alive pool of exactly `maxSockets` connections per
 * endpoint. The global `fetch` costs about twice the CPU per request (its web streams and
 * per-request objects, measured in bench/requestPath.bench.mjs) and opens its own pool, twice
 * the concurrency in sockets. `send` is the lean path the chat requests take; `fetch` serves
 * the SDK for the rest.
 */
export function createHttpPool(maxSockets: number): HttpPool {
  const agents = { http: new HttpAgent({ keepAlive: true, maxSockets }), https: new HttpsAgent({ keepAlive: true, maxSockets }) };
  const send = (url: URL, { method, headers, body, signal }: PlainRequest): Promise<PlainResponse> =>
    new Promise<PlainResponse>((resolve, reject) => {
      const secure = url.protocol === 'https:';
      const request = (secure ? httpsRequest : httpRequest)(
        url,
        { method, headers, agent: secure ? agents.https : agents.http, ...(signal ? { signal } : {}) },
        (response) => readResponse(response).then(resolve, reject),
      );
      request.on('error', reject);
      request.end(body);
    });
  const fetchOverPool: Fetch = async (input, init = {}) => {
    if (init.body !== undefined && init.body !== null && typeof init.body !== 'string') return fetch(input, init);
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => (headers[name] = value));
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const response = await send(url, { method: init.method ?? 'GET', headers, ...(typeof init.body === 'string' ? { body: init.body } : {}), ...(init.signal ? { signal: init.signal } : {}) });
    const { status, statusText, body } = response;
    return new Response(BODYLESS_STATUSES.has(status) ? null : body, { status, statusText, headers: fetchHeaders(response) });
  };
  return { send, fetch: fetchOverPool };
}

/** The response's headers as `fetch` hands them over: repeated ones joined, and those of a decoded body's encoding left out. */
export function fetchHeaders({ headers, decoded }: PlainResponse): Headers {
  const result = new Headers();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || (decoded && (name === 'content-encoding' || name === 'content-length'))) continue;
    result.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  return result;
}

async function readResponse(response: IncomingMessage): Promise<PlainResponse> {
  const encoding = String(response.headers['content-encoding'] ?? '').trim().toLowerCase();
  const decoder = DECODERS[encoding];
  const chunks = await readChunks(decoder ? decoded(response, decoder()) : response);
  const status = response.statusCode ?? 0;
  return {
    status,
    statusText: response.statusMessage ?? '',
    headers: response.headers,
    body: BODYLESS_STATUSES.has(status) || chunks.length === 0 ? EMPTY : chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks),
    decoded: decoder !== undefined,
  };
}

/** The body through `decoder`; a response cut short fails the decoder too, instead of leaving it waiting for the rest. */
function decoded(response: IncomingMessage, decoder: NodeJS.ReadWriteStream): Readable {
  const stream = decoder as unknown as Readable;
  response.on('error', (error) => stream.destroy(error));
  return response.pipe(stream as unknown as NodeJS.WritableStream) as unknown as Readable;
}

/**
 * Every chunk of `stream`, or its error. Read with listeners and `finished` rather than
 * `for await`, which costs an async iterator and a promise per chunk on every request; both
 * report a failure the same way (`finished` is what the iterator waits on).
 */
function readChunks(stream: Readable): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    finished(stream, { writable: false }, (error) => (error ? reject(error) : resolve(chunks)));
  });
}

const EMPTY = Buffer.alloc(0);
