import { requestKey, type JsonValue } from '../cache';
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import * as z from 'zod';
import { runAttempts, type AttemptPolicy, type SentAttempt } from './attempts';
import { parseLlmClientConfig, resolveApiKey, type LlmClientConfig, type ResolvedLlmClientConfig } from './config';
import { networkErrorCode, rootCauseMessage, safeDetail, type AttemptFailure } from './failure';
import { displayUrl, failureToLlmError, type EndpointFacts } from './failureMessage';
import { systemClock, type Clock } from './clock';
import { contextProblem, contextWindowFor } from './contextGuard';
import { EndpointBreaker } from './endpointBreaker';
import { RequestLimiter } from './limiter';
import { createHttpPool, fetchHeaders, type HttpPool, type PlainResponse } from './httpPool';
import { responseData, responseText } from './plainResponseBody';
import { readChatCompletion } from './chatCompletion';
import { readCachedAnswer, readCachedEmbedding, writeCached, type ResponseCache } from './responseCache';
import { estimateRequestTokens } from './tokenEstimate';
import { LlmError, type ChatRequest, type ChatResult, type CompleteOptions, type EmbeddingRequest, type EmbeddingResult, type GenerationParams, type LlmClient, type LlmEvent } from './types';

/** Sent when no key is configured: local servers ignore it, and the SDK refuses to run without one. */
const PLACEHOLDER_API_KEY = 'no-key';

/** Knobs for tests; production code leaves them at their defaults. */
export interface ClientTuning {
  /** Jitter source for the backoff. */
  random?: () => number;
  /** Time source of the rate limits, the backoff, the per-attempt time limit and the latency; the system clock by default. */
  clock?: Clock;
}

interface Completion {
  outputs: (string | null)[];
  model: string | undefined;
}

class MalformedResponseError extends Error {}

/** How a fleet runs one of its members (fleetClient.ts); absent for a client on its own. */
export interface FleetMembership {
  /** The fleet's base URL, which keys the request cache: an answer from any member is a hit for all. */
  cacheEndpoint: string;
  /** Request ids unique across the fleet, so that events from two members never share one. */
  nextRequestId: () => number;
}

/** The validated config, the key, the connection pool, an SDK instance over it set up for our own retries, and what errors may say of the endpoint. */
export function connect(configInput: LlmClientConfig) {
  const config = parseLlmClientConfig(configInput);
  if (config.baseUrls) throw new Error('An OpenAI client sends to one base URL; createLlmClient makes the fleet that baseUrls lists.');
  const apiKey = resolveApiKey(config);
  // A pool of exactly the concurrency, shared by the chat requests and the SDK (see httpPool.ts).
  const pool = createHttpPool(config.maxConcurrency);
  const sdk = new OpenAI({
    baseURL: config.baseUrl,
    apiKey: apiKey.value ?? PLACEHOLDER_API_KEY,
    maxRetries: 0,
    // Our per-attempt signal enforces the limit; this only stops the SDK's 10-minute default from cutting a longer one short.
    timeout: config.timeoutMs,
    // The config is the only source of settings: no OPENAI_ORG_ID/OPENAI_PROJECT_ID picked up from the environment.
    organization: null,
    project: null,
    // The SDK's console logging would bypass our events; errors reach the caller as LlmError.
    logLevel: 'off',
    fetch: pool.fetch,
  });
  const endpoint: EndpointFacts = { url: displayUrl(config.baseUrl), model: config.model, apiKeySource: apiKey.source };
  return { config, apiKey, sdk, pool, endpoint };
}

/**
 * An LlmClient for any OpenAI-compatible endpoint. The SDK's own retries are off
 * (`maxRetries: 0`): retries happen here, so that each one goes back through the rate limiter
 * and is reported as an event. The API key is sent in the Authorization header only; server
 * text that ends up in events or errors is scrubbed of it. As a fleet member (`membership`) it
 * keys the cache by the fleet's URL, takes its request ids from the fleet, and hands a request
 * whose connection is lost back to the fleet instead of retrying it here.
 */
export function createOpenAiClient(
  configInput: LlmClientConfig,
  onEvent: (event: LlmEvent) => void = () => {},
  tuning: ClientTuning = {},
  cache?: ResponseCache,
  membership?: FleetMembership,
): LlmClient {
  const { config, apiKey, sdk, pool, endpoint } = connect(configInput);
  const keyConfig = membership ? { ...config, baseUrl: membership.cacheEndpoint } : config;
  const chatTarget = chatTargetOf(sdk);
  // Every chat attempt awaits it and would see a failure; until the first one, it must not count as unhandled.
  chatTarget.catch(() => {});
  const clock = tuning.clock ?? systemClock;
  const policy: AttemptPolicy = {
    limiter: new RequestLimiter(
      {
        maxConcurrency: config.maxConcurrency,
        requestsPerMinute: config.requestsPerMinute,
        tokensPerMinute: config.tokensPerMinute,
      },
      { clock },
    ),
    clock,
    maxRetries: config.maxRetries,
    timeoutMs: config.timeoutMs,
    random: tuning.random ?? Math.random,
    onEvent,
    breaker: new EndpointBreaker(config.maxConcurrency),
    handOffLostConnection: membership !== undefined,
  };
  const contextWindow = contextWindowFor(config.model, config.contextTokens);
  /** A request too long for the model fails at once, unsent: never retried, never an outage. */
  const refuseOverlong = (problem: string | undefined) => {
    if (problem !== undefined) throw new LlmError(problem, null, 0, false);
  };
  let lastId = 0;
  const nextId = membership?.nextRequestId ?? (() => ++lastId);
  // Set once the endpoint has refused `response_format`, so later requests do not pay for the refusal.
  let structuredOutputRefused = false;

  async function sendChat(request: ChatRequest, withFormat: boolean, options: CompleteOptions): Promise<ChatResult> {
    const built = chatBody(config, request, withFormat);
    const { body, generation } = built;
    const id = nextId();
    const key = cache && keyOfChat(keyConfig, request, built, options.sampleIndex ?? 0);
    const cached = cache && key ? readCachedAnswer(cache, key) : undefined;
    if (cached) {
      onEvent({ type: 'cached', id });
      // The key includes the response_format sent, so the body tells what an answer stored without the flag (a batch's) was asked with.
      return { ...cached, structuredOutput: cached.structuredOutput ?? body.response_format !== undefined, attempts: 0, cached: true };
    }
    refuseOverlong(contextProblem(config.model, contextWindow, { messages: request.messages }, generation.max_tokens));
    // A batch run fails the request here, unsent, once it is recorded for a batch.
    const deferred = cache?.deferMisses && key ? cache.deferMisses.take(key, body as unknown as Record<string, unknown>) : undefined;
    if (deferred) throw deferred;
    // The bytes the SDK would send (its encoder is JSON.stringify), made once for every attempt.
    const bodyText = JSON.stringify(body);
    const result = await runAttempts(
      {
        id,
        estimatedTokens: estimateRequestTokens(request.messages, generation.max_tokens, request.n ?? 1),
        ...(options.priority !== undefined ? { priority: options.priority } : {}),
        send: (signal) => sendCompletion(pool, chatTarget, bodyText, signal),
        classify: (error) => classifySdkError(error, apiKey.value, config.timeoutMs),
        toError: (failure, attempts) => failureToLlmError(failure, attempts, endpoint),
      },
      policy,
      options.signal,
    );
    const { usage, latencyMs, attempts } = result;
    const { outputs } = result.value;
    const model = result.value.model ?? config.model;
    const structuredOutput = body.response_format !== undefined;
    // Stored before the caller sees it, so a row never counts as done on an answer a crash could lose.
    if (cache && key) writeCached(cache, key, { outputs, model, usage, latencyMs, structuredOutput });
    // Spelled out rather than spread: Node 20 builds objects from a spread and more properties slowly, and this is every request.
    return { outputs, model, usage, latencyMs, structuredOutput, attempts, cached: false };
  }

  async function complete(request: ChatRequest, options: CompleteOptions = {}): Promise<ChatResult> {
    const wantsFormat = request.responseFormat !== undefined && !structuredOutputRefused;
    try {
      return await sendChat(request, wantsFormat, options);
    } catch (error) {
      // Many local servers answer 400/422 to a `response_format` they do not know; the same
      // request as plain text still works, and the task parses text either way.
      if (!wantsFormat || !(error instanceof LlmError) || (error.status !== 400 && error.status !== 422)) throw error;
      structuredOutputRefused = true;
      return sendChat(request, false, options);
    }
  }

  async function embed(request: EmbeddingRequest, options: CompleteOptions = {}): Promise<EmbeddingResult> {
    const id = nextId();
    const key = cache && embeddingCacheKey(keyConfig, request, options.sampleIndex ?? 0);
    const cached = cache && key ? readCachedEmbedding(cache, key) : undefined;
    if (cached) {
      onEvent({ type: 'cached', id });
      return { ...cached, attempts: 0, cached: true };
    }
    refuseOverlong(contextProblem(config.model, contextWindow, { texts: request.input }, undefined));
    const result = await runAttempts(
      {
        id,
        estimatedTokens: estimateRequestTokens(request.input.map((content) => ({ role: 'user', content })), 0),
        ...(options.priority !== undefined ? { priority: options.priority } : {}),
        send: (signal) => sendEmbedding(sdk, config.model, request.input, signal),
        classify: (error) => classifySdkError(error, apiKey.value, config.timeoutMs),
        toError: (failure, attempts) => failureToLlmError(failure, attempts, endpoint),
      },
      policy,
      options.signal,
    );
    const answer = { embeddings: result.value.embeddings, model: result.value.model ?? config.model, usage: result.usage, latencyMs: result.latencyMs };
    if (cache && key) writeCached(cache, key, answer);
    return { ...answer, attempts: result.attempts, cached: false };
  }

  return { model: config.model, maxConcurrency: config.maxConcurrency, complete, embed };
}

/** What is sent for a chat request: the generation parameters over the configured defaults, `n`, and the JSON schema asked for. */
function chatBody(config: ResolvedLlmClientConfig, request: ChatRequest, withFormat: boolean) {
  const generation = mergeGeneration(config.generation, request.generation);
  const n = request.n ?? 1;
  const format = withFormat ? request.responseFormat : undefined;
  // Keys in this order, which is the order of the bytes sent; assigned rather than spread, which Node 20 does slowly.
  const body = Object.assign({}, generation) as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming;
  body.model = config.model;
  body.messages = request.messages.map(({ role, content }) => ({ role, content }));
  if (n > 1) body.n = n;
  if (format) body.response_format = { type: 'json_schema', json_schema: { name: format.name, schema: format.schema, strict: false } };
  return { body, generation };
}

/** The request cache's key of a chat request: what is sent, never the key or the task that sent it. */
export function chatCacheKey(config: ResolvedLlmClientConfig, request: ChatRequest, withFormat: boolean, sampleIndex: number): string {
  return keyOfChat(config, request, chatBody(config, request, withFormat), sampleIndex);
}

function keyOfChat(config: ResolvedLlmClientConfig, request: ChatRequest, { body, generation }: ReturnType<typeof chatBody>, sampleIndex: number): string {
  return requestKey({
    endpoint: config.baseUrl,
    model: config.model,
    kind: 'chat',
    messages: request.messages,
    generation: { ...generation, ...(typeof body.n === 'number' ? { n: body.n } : {}), ...(body.response_format ? { response_format: body.response_format as unknown as JsonValue } : {}) },
    sampleIndex,
  });
}

export function embeddingCacheKey(config: ResolvedLlmClientConfig, request: EmbeddingRequest, sampleIndex: number): string {
  return requestKey({ endpoint: config.baseUrl, model: config.model, kind: 'embedding', input: request.input, sampleIndex });
}

/** Request parameters over the configured defaults; a parameter left undefined does not erase a default. */
function mergeGeneration(defaults: GenerationParams | undefined, overrides: GenerationParams | undefined): GenerationParams {
  const merged: Record<string, unknown> = Object.assign({}, defaults) as Record<string, unknown>;
  for (const [name, value] of Object.entries(overrides ?? {})) {
    if (value !== undefined) merged[name] = value;
  }
  return merged as GenerationParams;
}

/** Where chat requests go and the headers they carry, exactly as the SDK builds them for each request. */
export interface ChatTarget {
  url: URL;
  headers: Record<string, string>;
}

/**
 * The URL and headers of a chat request, asked of the SDK once per client. They never change
 * between requests (the key is fixed, the SDK's own retries are off). Going through the SDK for
 * each request cost a tenth of the CPU per request in its own header merging and request
 * logging (which runs even when off), and as much again in the `Response` objects of its
 * `fetch` (bench/requestPath.bench.mjs).
 */
export async function chatTargetOf(sdk: OpenAI): Promise<ChatTarget> {
  const { url, req } = await sdk.buildRequest({ method: 'post', path: '/chat/completions', body: {} });
  const headers: Record<string, string> = {};
  new Headers(req.headers).forEach((value, name) => (headers[name] = value));
  return { url: new URL(url), headers };
}

/** One attempt at a chat completion: the answer validated, or what the SDK would have thrown. */
async function sendCompletion(pool: HttpPool, target: Promise<ChatTarget>, bodyText: string, signal: AbortSignal): Promise<SentAttempt<Completion>> {
  const { data, status } = await postChat(pool, await target, bodyText, signal);
  return completionFrom(data, status);
}

/**
 * A chat completion request sent straight over the pool rather than through
 * `sdk.chat.completions.create(...).withResponse()`: the same URL, headers and body bytes, and
 * the same outcome, the body as the SDK hands it over or the error it throws (its own classes,
 * built by its own rules), so classifySdkError reads both paths alike.
 * test/unit/llm/postChat.test.ts compares the two on the same answers.
 */
export async function postChat(pool: HttpPool, { url, headers }: ChatTarget, bodyText: string, signal: AbortSignal): Promise<{ data: unknown; status: number }> {
  let response: PlainResponse;
  try {
    response = await pool.send(url, { method: 'POST', headers, body: bodyText, signal });
  } catch (error) {
    throw signal.aborted ? new APIUserAbortError() : connectionError(error);
  }
  if (response.status < 200 || response.status > 299) throw statusError(response);
  return { data: responseData(response), status: response.status };
}

/** The SDK's error for a request that got no answer: a timeout when the error says so, a connection error otherwise. */
function connectionError(thrown: unknown): APIConnectionError {
  const error = thrown instanceof Error ? thrown : new Error(String(thrown));
  const timedOut = error.name === 'AbortError' || /timed? ?out/i.test(String(error) + ('cause' in error ? String(error.cause) : ''));
  return timedOut ? new APIConnectionTimeoutError() : new APIConnectionError({ cause: error });
}

/** The SDK's error for an answer with a status outside 2xx, built from the body as the SDK reads it. */
function statusError(response: PlainResponse): APIError {
  const text = responseText(response);
  let json: object | undefined;
  try {
    json = JSON.parse(text) as object | undefined;
  } catch {
    json = undefined;
  }
  return APIError.generate(response.status, json, json ? undefined : text, fetchHeaders(response));
}

/** What we rely on in a chat completion: validated here because the SDK only casts it to its types. */
function completionFrom(data: unknown, status: number): SentAttempt<Completion> {
  const read = readChatCompletion(data);
  if ('problem' in read) throw new MalformedResponseError(read.problem);
  const { outputs, model, usage } = read.completion;
  return { value: { outputs, model }, status, usage };
}

const embeddingSchema = z.object({
  model: z.string().nullish(),
  data: z.array(z.object({ index: z.number().nullish(), embedding: z.array(z.number()) })),
  usage: z.object({ prompt_tokens: z.number().nullish() }).nullish(),
});

async function sendEmbedding(
  sdk: OpenAI,
  model: string,
  input: string[],
  signal: AbortSignal,
): Promise<SentAttempt<{ embeddings: number[][]; model: string | undefined }>> {
  // `float` keeps the SDK from asking for base64 and decoding it: not every server supports that.
  const { data, response } = await sdk.embeddings
    .create({ model, input, encoding_format: 'float' }, { signal, maxRetries: 0 })
    .withResponse();
  const parsed = embeddingSchema.safeParse(data);
  if (!parsed.success || parsed.data.data.length !== input.length) {
    throw new MalformedResponseError(`expected ${input.length} embeddings, got ${parsed.success ? parsed.data.data.length : 'an unexpected shape'}`);
  }
  const ordered = [...parsed.data.data].sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
  return {
    value: { embeddings: ordered.map((item) => item.embedding), model: parsed.data.model || undefined },
    status: response.status,
    usage: { inputTokens: parsed.data.usage?.prompt_tokens ?? 0, outputTokens: 0 },
  };
}

export function classifySdkError(error: unknown, apiKey: string | undefined, timeoutMs: number): AttemptFailure {
  if (error instanceof MalformedResponseError) return { kind: 'malformed', detail: safeDetail(error.message, apiKey) };
  // Thrown by the SDK's response.json() when a JSON content type comes with a broken body.
  if (error instanceof SyntaxError) return { kind: 'malformed', detail: 'the body is not valid JSON' };
  if (error instanceof APIConnectionTimeoutError) return { kind: 'timeout', timeoutMs };
  if (error instanceof APIConnectionError) {
    return { kind: 'network', code: networkErrorCode(error), detail: safeDetail(rootCauseMessage(error), apiKey) };
  }
  if (error instanceof APIError && typeof error.status === 'number') {
    return { kind: 'http', status: error.status, detail: safeDetail(serverMessage(error), apiKey), headers: error.headers };
  }
  return { kind: 'unexpected', detail: safeDetail(rootCauseMessage(error), apiKey) };
}

/** The server's own error message, without the status the SDK puts in front of it. */
function serverMessage(error: APIError): string {
  const text = error.message.startsWith(`${error.status} `) ? error.message.slice(`${error.status} `.length) : error.message;
  return text === 'status code (no body)' ? '' : text;
}

const modelListSchema = z.array(z.object({ id: z.string() }));

/**
 * The model names the endpoint lists at GET `/models`, sorted: what a connection test shows.
 * One attempt, no retries: a connection test should answer quickly and say what is wrong.
 */
export async function listModels(configInput: LlmClientConfig, options: CompleteOptions = {}): Promise<string[]> {
  const { config, apiKey, sdk, endpoint } = connect(configInput);
  const result = await runAttempts(
    {
      id: 0,
      estimatedTokens: 0,
      send: async (signal) => {
        const { data, response } = await sdk.models.list({ signal, maxRetries: 0 }).withResponse();
        const parsed = modelListSchema.safeParse((data as { data?: unknown }).data);
        if (!parsed.success) throw new MalformedResponseError('expected a list of models with an "id" each');
        return { value: parsed.data.map((model) => model.id), status: response.status, usage: { inputTokens: 0, outputTokens: 0 } };
      },
      classify: (error) => classifySdkError(error, apiKey.value, config.timeoutMs),
      toError: (failure, attempts) => failureToLlmError(failure, attempts, endpoint),
    },
    {
      limiter: new RequestLimiter({ maxConcurrency: 1 }),
      clock: systemClock,
      maxRetries: 0,
      timeoutMs: config.timeoutMs,
      random: Math.random,
      onEvent: () => {},
    },
    options.signal,
  );
  return [...new Set(result.value)].sort((a, b) => a.localeCompare(b));
}
