/**
 * A mock OpenAI-compatible endpoint on 127.0.0.1 for unit, demo and extension-host tests.
 * Node built-ins only, since it also runs bundled inside VS Code's extension host.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { countWords, mockAnswerFor, type MockMessage } from './mockAnswers';
import { MockBatches, type LoggedBatchLine, type MockBatchBehaviour } from './mockBatches';
import { handleFilesAndBatches } from './mockBatchRoutes';
import { CHAT_PATH, chatCompletion, chatUsage, completionId, parseChatBody, type ChatBody } from './mockChat';
import { MockFileStore } from './mockFiles';
import { isRecord, parseJson, readBody, sendError, sendJson, sendRaw } from './mockHttp';
import { ChangeNotifier } from './waiting';

export { countWords, mockAnswerFor, MOCK_CONSTRAINTS, MOCK_IMPROVEMENTS, type MockMessage } from './mockAnswers';
export type { MockBatchLine } from './mockBatchInput';
export type { LoggedBatchLine, MockBatchBehaviour, MockBatchInfo, MockBatchLineFault } from './mockBatches';

export type MockFault =
  | { kind: 'rateLimit'; retryAfterSeconds?: number; retryAfterMs?: number }
  | { kind: 'serverError'; status?: 500 | 502 | 503 }
  /** An error a retry cannot fix; `message` goes into the OpenAI-style error body. */
  | { kind: 'clientError'; status: 400 | 401 | 403 | 404 | 422; message?: string }
  /** Destroys the socket without any response. */
  | { kind: 'dropConnection' }
  /** 200 with a JSON content type and a body that is not JSON. */
  | { kind: 'malformed' }
  /** 200 with `content: null`. */
  | { kind: 'emptyContent' }
  /** Never answers; the request ends only when the client gives up. */
  | { kind: 'hang' };

export interface LatencyInfo {
  /** The chat's messages; for an embedding request, one user message per input text. */
  messages: MockMessage[];
  /** 0-based position of this request among all the server received of its kind (chat or embeddings). */
  index: number;
}

/**
 * How long before a chat or embedding request is answered: milliseconds, or, from a function,
 * milliseconds or a promise that holds the answer until it resolves (for tests that decide
 * when a request is answered instead of timing it).
 */
export type Latency = number | ((info: LatencyInfo) => number | Promise<void>);

export interface MockOpenAiOptions {
  /** 0 (any free port) when absent. */
  port?: number;
  /** Reported in every completion and listed first by GET /v1/models; 'mock-model' when absent. */
  model?: string;
  /** More model names for GET /v1/models. */
  extraModels?: string[];
  latencyMs?: Latency;
  /** How batches run: polls to finish, per-request faults, expiry. Every batch completes after 3 retrieves when absent. */
  batches?: MockBatchBehaviour;
}

export interface LoggedRequest {
  method: string;
  path: string;
  /** The parsed JSON body; undefined when there was none or it was not JSON. */
  body: unknown;
  /** Request headers with `authorization` left out. */
  headers: Record<string, string>;
  hadAuthorization: boolean;
  /** 0-based position among chat requests; absent for other paths. */
  chatIndex?: number;
  /** 0-based position among embedding requests; absent for other paths. */
  embeddingIndex?: number;
  fault?: MockFault;
}

export interface MockOpenAi {
  /** Base URL ending in `/v1`. */
  readonly url: string;
  /**
   * Every HTTP request, Files and Batch API calls included. Requests run inside a batch are
   * not HTTP requests and are not here: a run answered by batches has no `/v1/chat/completions` entry.
   */
  readonly requests: LoggedRequest[];
  /** The batch lines the mock has run (answered or faulted), in the order it ran them. */
  readonly batchLines: LoggedBatchLine[];
  /** Chat and embedding requests being handled right now, and the most there ever were at once. */
  readonly inFlight: number;
  readonly maxInFlight: number;
  /** Faults for the next chat or embedding requests, one each, first in first out. */
  injectFaults(...faults: MockFault[]): void;
  /** Every chat or embedding request after the next `n` gets `fault`, until `clearFaults`. */
  failAllAfter(n: number, fault: MockFault): void;
  clearFaults(): void;
  setLatency(latency: Latency): void;
  /** How the batches created from now on run; batches already created keep theirs. */
  setBatchBehaviour(behaviour: MockBatchBehaviour): void;
  /**
   * Answers 401 to every request (models included) whose `Authorization` is not
   * `Bearer <key>`; undefined accepts any. The key is compared, never logged.
   */
  requireApiKey(key: string | undefined): void;
  /**
   * Resolves once `condition` holds, checked at once and whenever a request is logged or ends:
   * a test waits for requests to arrive instead of sleeping.
   */
  until(condition: () => boolean): Promise<void>;
  /**
   * Stops listening and closes every open connection, hung ones included: to its clients, the
   * endpoint is gone, as if killed. Closing again does nothing more (a fleet test closes a
   * member mid-run and everything at the end).
   */
  close(): Promise<void>;
}

const MODELS_PATH = '/v1/models';
const EMBEDDINGS_PATH = '/v1/embeddings';

/** Length of the mock's embedding vectors. */
export const MOCK_EMBEDDING_DIMENSIONS = 8;

/**
 * The mock's vector for a text: MOCK_EMBEDDING_DIMENSIONS components from hashes of the text,
 * scaled to unit length and rounded to 6 decimals (so they survive JSON unchanged).
 */
export function mockEmbeddingFor(text: string): number[] {
  const raw = Array.from({ length: MOCK_EMBEDDING_DIMENSIONS }, (_, dimension) => (hash32(`${dimension}:${text}`) / 0xffffffff) * 2 - 1);
  const norm = Math.hypot(...raw) || 1;
  return raw.map((value) => Math.round((value / norm) * 1e6) / 1e6);
}

/** 32-bit FNV-1a. */
function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export async function startMockOpenAi(options: MockOpenAiOptions = {}): Promise<MockOpenAi> {
  const model = options.model ?? 'mock-model';
  const models = [model, ...(options.extraModels ?? [])];
  const requests: LoggedRequest[] = [];
  const faultQueue: MockFault[] = [];
  let failAfter: { remaining: number; fault: MockFault } | undefined;
  let latency: Latency = options.latencyMs ?? 0;
  let requiredKey: string | undefined;
  let chatCount = 0;
  let embeddingCount = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const notifier = new ChangeNotifier();
  const batchLines: LoggedBatchLine[] = [];
  const files = new MockFileStore();
  const batches = new MockBatches(files, model, options.batches ?? {}, batchLines);

  function nextFault(): MockFault | undefined {
    const queued = faultQueue.shift();
    if (queued) return queued;
    if (!failAfter) return undefined;
    if (failAfter.remaining > 0) {
      failAfter.remaining -= 1;
      return undefined;
    }
    return failAfter.fault;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const body = parseJson(rawBody.toString('utf8'));
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname.replace(/\/+$/, '');
    const entry: LoggedRequest = {
      method: req.method ?? 'GET',
      path,
      body,
      headers: loggableHeaders(req),
      hadAuthorization: req.headers.authorization !== undefined,
    };
    requests.push(entry);
    // Once the rest of this turn has classified the request and counted it in flight.
    queueMicrotask(() => notifier.changed());

    if (requiredKey !== undefined && req.headers.authorization !== `Bearer ${requiredKey}`) {
      sendError(res, 401, 'Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key');
      return;
    }
    if (req.method === 'GET' && path === MODELS_PATH) {
      sendJson(res, 200, {
        object: 'list',
        data: models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'mock' })),
      });
      return;
    }
    if (req.method === 'POST' && path === EMBEDDINGS_PATH) {
      await handleEmbeddings(entry, body, res);
      return;
    }
    if (req.method !== 'POST' || path !== CHAT_PATH) {
      // Awaited only off the chat path: a chat request must be counted in flight within this turn.
      if (await handleFilesAndBatches({ req, res, path, query: url.searchParams, rawBody }, files, batches)) {
        // A retrieve may have moved a batch on (and run its lines), which a test may be waiting for.
        notifier.changed();
        return;
      }
      sendError(res, 404, `Unknown request URL: ${entry.method} ${path}`, 'invalid_request_error', 'unknown_url');
      return;
    }

    const chat = parseChatBody(body);
    if (typeof chat === 'string') {
      sendError(res, 400, chat, 'invalid_request_error', null);
      return;
    }
    entry.chatIndex = chatCount++;
    entry.fault = nextFault();

    trackInFlight(res);
    if (!(await waitUnlessClosed(latencyOf({ messages: chat.messages, index: entry.chatIndex }), res))) return;
    respond(res, chat, entry.fault, model);
  }

  function trackInFlight(res: ServerResponse): void {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.once('close', () => {
      inFlight -= 1;
      notifier.changed();
    });
  }

  function latencyOf(info: LatencyInfo): number | Promise<void> {
    return typeof latency === 'function' ? latency(info) : latency;
  }

  async function handleEmbeddings(entry: LoggedRequest, body: unknown, res: ServerResponse): Promise<void> {
    const request = parseEmbeddingBody(body);
    if (typeof request === 'string') {
      sendError(res, 400, request, 'invalid_request_error', null);
      return;
    }
    entry.embeddingIndex = embeddingCount++;
    entry.fault = nextFault();
    trackInFlight(res);
    const messages = request.inputs.map((content) => ({ role: 'user', content }));
    if (!(await waitUnlessClosed(latencyOf({ messages, index: entry.embeddingIndex }), res))) return;
    respondEmbeddings(res, request, entry.fault, model);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 500, `mock failure: ${String(error)}`, 'server_error', null);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    batchLines,
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    injectFaults: (...faults) => {
      faultQueue.push(...faults);
    },
    failAllAfter: (n, fault) => {
      failAfter = { remaining: n, fault };
    },
    clearFaults: () => {
      faultQueue.length = 0;
      failAfter = undefined;
    },
    setLatency: (next) => {
      latency = next;
    },
    setBatchBehaviour: (behaviour) => batches.setBehaviour(behaviour),
    requireApiKey: (key) => {
      requiredKey = key;
    },
    until: (condition) => notifier.until(condition),
    close: () => {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

interface EmbeddingBody {
  inputs: string[];
  base64: boolean;
}

/** The texts to embed, or a message saying what is wrong with the request. */
function parseEmbeddingBody(body: unknown): EmbeddingBody | string {
  if (!isRecord(body)) return 'The request body must be a JSON object.';
  const input = body.input;
  const inputs = typeof input === 'string' ? [input] : input;
  if (!Array.isArray(inputs) || inputs.length === 0) return "'input' must be a string or a non-empty array of strings.";
  if (!inputs.every((item): item is string => typeof item === 'string')) return "'input' must hold text: the mock does not take token arrays.";
  if (inputs.some((item) => item === '')) return "'$.input' is invalid: empty strings cannot be embedded.";
  const format = body.encoding_format ?? 'float';
  if (format !== 'float' && format !== 'base64') return "'encoding_format' must be 'float' or 'base64'.";
  return { inputs, base64: format === 'base64' };
}

function respondEmbeddings(res: ServerResponse, request: EmbeddingBody, fault: MockFault | undefined, model: string): void {
  switch (fault?.kind) {
    case 'rateLimit':
    case 'serverError':
    case 'clientError':
    case 'dropConnection':
    case 'hang':
      respondWithFault(res, fault, model);
      return;
    case 'malformed':
      sendRaw(res, 200, 'application/json', '{"object": "list", "data": [');
      return;
    case 'emptyContent':
    case undefined: {
      // emptyContent: a well-formed answer without any vector.
      const data = fault
        ? []
        : request.inputs.map((text, index) => {
            const vector = mockEmbeddingFor(text);
            const embedding = request.base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector;
            return { object: 'embedding', index, embedding };
          });
      const promptTokens = request.inputs.reduce((total, text) => total + countWords(text), 0);
      sendJson(res, 200, { object: 'list', data, model, usage: { prompt_tokens: promptTokens, total_tokens: promptTokens } });
      return;
    }
  }
}

/** The faults that look the same whatever was asked: HTTP errors, a dropped socket, no answer. */
function respondWithFault(res: ServerResponse, fault: Exclude<MockFault, { kind: 'malformed' | 'emptyContent' }>, model: string): void {
  switch (fault.kind) {
    case 'rateLimit': {
      const headers: Record<string, string> = {};
      if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
      if (fault.retryAfterMs !== undefined) headers['retry-after-ms'] = String(fault.retryAfterMs);
      sendError(res, 429, `Rate limit reached for ${model}. Please try again later.`, 'requests', 'rate_limit_exceeded', { headers });
      return;
    }
    case 'serverError':
      sendError(res, fault.status ?? 500, 'The server had an error while processing your request.', 'server_error', null);
      return;
    case 'clientError':
      sendError(res, fault.status, fault.message ?? `Mock client error ${fault.status}.`, 'invalid_request_error', null);
      return;
    case 'dropConnection':
      res.socket?.destroy();
      return;
    case 'hang':
      return;
  }
}

function respond(res: ServerResponse, chat: ChatBody, fault: MockFault | undefined, model: string): void {
  switch (fault?.kind) {
    case 'rateLimit':
    case 'serverError':
    case 'clientError':
    case 'dropConnection':
    case 'hang':
      respondWithFault(res, fault, model);
      return;
    case 'malformed':
      if (chat.stream) sendSse(res, ['{"id": "chatcmpl-broken", "choices": [']);
      else sendRaw(res, 200, 'application/json', '{"id": "chatcmpl-broken", "choices": [');
      return;
    case 'emptyContent':
    case undefined:
      sendCompletion(res, chat, fault ? null : mockAnswerFor(chat.messages, chat.schema), model);
      return;
  }
}

function sendCompletion(res: ServerResponse, chat: ChatBody, content: string | null, model: string): void {
  if (!chat.stream) {
    sendJson(res, 200, chatCompletion(chat, content, model));
    return;
  }
  const id = completionId();
  const created = Math.floor(Date.now() / 1000);
  const chunk = (choices: unknown[], extra: object = {}): string =>
    JSON.stringify({ id, object: 'chat.completion.chunk', created, model, choices, ...(chat.includeUsage ? { usage: null } : {}), ...extra });
  const pieces = content?.match(/\s*\S+/g) ?? [];
  const events: string[] = [];
  for (let index = 0; index < chat.n; index++) {
    events.push(chunk([{ index, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }]));
    for (const piece of pieces) events.push(chunk([{ index, delta: { content: piece }, logprobs: null, finish_reason: null }]));
    events.push(chunk([{ index, delta: {}, logprobs: null, finish_reason: 'stop' }]));
  }
  if (chat.includeUsage) events.push(chunk([], { usage: chatUsage(chat, content) }));
  sendSse(res, events);
}

function sendSse(res: ServerResponse, events: string[]): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const event of events) res.write(`data: ${event}\n\n`);
  res.end('data: [DONE]\n\n');
}

/** Resolves true once `wait` is over, or false as soon as the client goes away (its answer is then moot). */
function waitUnlessClosed(wait: number | Promise<void>, res: ServerResponse): Promise<boolean> {
  if (typeof wait === 'number' && wait <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const onClose = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const over = (): void => {
      res.off('close', onClose);
      resolve(true);
    };
    if (typeof wait === 'number') timer = setTimeout(over, wait);
    else void wait.then(over);
    res.once('close', onClose);
  });
}

function loggableHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name === 'authorization' || value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}
