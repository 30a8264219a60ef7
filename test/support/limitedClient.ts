/**
 * An in-process endpoint for scheduling tests and benchmarks: the client's real RequestLimiter
 * (so requests queue by priority exactly as they do in a run) in front of a latency per request,
 * all on a FakeClock, so the order and the simulated wall time depend only on the latencies.
 */
import { RequestLimiter, type RateLimits } from '../../src/core/llm/limiter';
import type { ChatRequest, ChatResult, CompleteOptions, LlmClient } from '../../src/core/llm/types';
import type { FakeClock } from './fakeClock';
import { lastUserContent } from './scriptedClient';

/** One answered request: its prompt (the last user message) and when it held a slot. */
export interface ServedRequest {
  prompt: string;
  startedAt: number;
  endedAt: number;
}

export interface LimitedClient extends LlmClient {
  /** In the order they got a slot. */
  readonly served: ServedRequest[];
}

export interface LimitedClientOptions {
  /** Ignore the requests' priorities, as the limiter did before row-first scheduling: the benchmark's baseline. */
  firstInFirstOut?: boolean;
  /** Rate limits besides the concurrency, and the tokens each request is charged against them. */
  rates?: Omit<RateLimits, 'maxConcurrency'> & { tokensPerRequest: number };
}

/** Answers each prompt with the prompt and "+", after `latency(prompt)` ms of `clock` time. */
export function limitedClient(clock: FakeClock, maxConcurrency: number, latency: (prompt: string) => number, options: LimitedClientOptions = {}): LimitedClient {
  const { rates, firstInFirstOut = false } = options;
  const limiter = new RequestLimiter({ maxConcurrency, ...rates }, { clock });
  const served: ServedRequest[] = [];
  return {
    model: 'limited-model',
    maxConcurrency,
    served,
    async complete(request: ChatRequest, requestOptions: CompleteOptions = {}): Promise<ChatResult> {
      const permit = await limiter.acquire(rates?.tokensPerRequest ?? 1, requestOptions.signal, firstInFirstOut ? 0 : requestOptions.priority);
      const prompt = lastUserContent({ messages: request.messages });
      const entry = { prompt, startedAt: clock.now(), endedAt: Number.NaN };
      served.push(entry);
      try {
        await clock.sleep(latency(prompt), requestOptions.signal);
      } finally {
        permit.release();
      }
      entry.endedAt = clock.now();
      return { outputs: [`${prompt}+`], model: 'limited-model', usage: { inputTokens: 1, outputTokens: 1 }, latencyMs: entry.endedAt - entry.startedAt, attempts: 1, structuredOutput: false, cached: false };
    },
    embed: () => Promise.reject(new Error('the limited client makes no embeddings')),
  };
}
