import * as z from 'zod';
import type { JsonValue } from '../cache';
import type { DeferredRequests } from './deferredRequests';

/** Where answered requests are kept: the RequestStore of src/core/cache, or a test double. */
export interface ResponseStore {
  get(key: string): JsonValue | undefined;
  put(key: string, value: JsonValue): void;
}

/** How a client uses the store: read answers from it (unless refreshing) and write every new one. */
export interface ResponseCache {
  store: ResponseStore;
  /** Ignore what the store holds and overwrite it with new answers (`--refresh`). */
  refresh?: boolean;
  /** A batch run: chat requests the store lacks are handed here instead of being sent. */
  deferMisses?: DeferredRequests;
}

/**
 * What is kept of an answer: everything the task and the metadata read, latency included, so a
 * run replayed from the cache writes the same bytes as the run that paid for it.
 */
const cachedAnswerSchema = z.object({
  outputs: z.array(z.string().nullable()),
  model: z.string(),
  usage: z.object({ inputTokens: z.number(), outputTokens: z.number() }),
  latencyMs: z.number(),
  /** Left out by answers from a batch, which do not say; the request's body does (see openAiClient). */
  structuredOutput: z.boolean().optional(),
});
export type CachedAnswer = z.infer<typeof cachedAnswerSchema>;

const cachedEmbeddingSchema = z.object({
  embeddings: z.array(z.array(z.number())),
  model: z.string(),
  usage: z.object({ inputTokens: z.number(), outputTokens: z.number() }),
  latencyMs: z.number(),
});
export type CachedEmbedding = z.infer<typeof cachedEmbeddingSchema>;

/** The stored answer for `key`, or undefined: absent, refreshing, or not in the shape this version writes (then it is paid for again). */
export function readCachedAnswer(cache: ResponseCache, key: string): CachedAnswer | undefined {
  return readCached(cache, key, cachedAnswerSchema);
}

export function readCachedEmbedding(cache: ResponseCache, key: string): CachedEmbedding | undefined {
  return readCached(cache, key, cachedEmbeddingSchema);
}

function readCached<T>(cache: ResponseCache, key: string, schema: z.ZodType<T>): T | undefined {
  if (cache.refresh) return undefined;
  const parsed = schema.safeParse(cache.store.get(key));
  return parsed.success ? parsed.data : undefined;
}

/** Keeps a new answer, in the shape the readers above accept. */
export function writeCached(cache: ResponseCache, key: string, answer: CachedAnswer | CachedEmbedding): void {
  cache.store.put(key, answer);
}
