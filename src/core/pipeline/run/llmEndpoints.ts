import type { LlmClientConfig } from '../../llm';
import type { LlmEntry } from '../schema';

/** Replaces the endpoint of every `llms` entry, e.g. to run a pipeline against a local server. */
export interface LlmOverrides {
  /** One base URL, or several serving the model (a fleet, each endpoint at the entry's `max_concurrency`). */
  baseUrls?: readonly string[];
  model?: string;
}

/**
 * The pipeline's endpoints with the overrides applied. A pipeline with no `llms` at all gets a
 * `default` entry when both a base URL and a model are given, so a file written without
 * endpoints still runs from the command line.
 */
export function endpointsWithOverrides(llms: Readonly<Record<string, LlmEntry>> | undefined, overrides: LlmOverrides = {}): Record<string, LlmEntry> {
  const endpoints = endpointsOf(overrides.baseUrls ?? []);
  const model = overrides.model !== undefined ? { model: overrides.model } : {};
  if (llms === undefined || Object.keys(llms).length === 0) {
    return endpoints !== undefined && overrides.model !== undefined ? { default: { ...endpoints, model: overrides.model } } : {};
  }
  return Object.fromEntries(Object.entries(llms).map(([name, entry]) => [name, { ...(endpoints ? withoutEndpoints(entry) : entry), ...endpoints, ...model }]));
}

/** The entry's settings without its base URL or URLs, for overrides to replace them. */
function withoutEndpoints(entry: LlmEntry): Omit<LlmEntry, 'base_url' | 'base_urls'> {
  const settings: LlmEntry = { ...entry };
  delete settings.base_url;
  delete settings.base_urls;
  return settings;
}

/** The `base_url` or `base_urls` of an entry for the given URLs; undefined for none. */
function endpointsOf(urls: readonly string[]): Pick<LlmEntry, 'base_url' | 'base_urls'> | undefined {
  const [only, ...more] = urls;
  if (only === undefined) return undefined;
  return more.length === 0 ? { base_url: only } : { base_urls: urls.map((url) => ({ url })) };
}

/** The client settings of one entry; the API key is read from `api_key_env` by the client, never copied here. */
export function clientConfigOf(entry: LlmEntry): LlmClientConfig {
  return {
    ...(entry.base_url !== undefined ? { baseUrl: entry.base_url } : {}),
    ...(entry.base_urls !== undefined
      ? { baseUrls: entry.base_urls.map(({ url, max_concurrency }) => ({ url, ...(max_concurrency !== undefined ? { maxConcurrency: max_concurrency } : {}) })) }
      : {}),
    model: entry.model,
    ...(entry.api_key_env !== undefined ? { apiKeyEnv: entry.api_key_env } : {}),
    ...(entry.max_concurrency !== undefined ? { maxConcurrency: entry.max_concurrency } : {}),
    ...(entry.requests_per_minute !== undefined ? { requestsPerMinute: entry.requests_per_minute } : {}),
    ...(entry.tokens_per_minute !== undefined ? { tokensPerMinute: entry.tokens_per_minute } : {}),
    ...(entry.timeout_seconds !== undefined ? { timeoutMs: entry.timeout_seconds * 1000 } : {}),
    ...(entry.max_retries !== undefined ? { maxRetries: entry.max_retries } : {}),
    ...(entry.context_tokens !== undefined ? { contextTokens: entry.context_tokens } : {}),
    ...(entry.generation !== undefined ? { generation: entry.generation } : {}),
  };
}

/** Where an entry, as written (perhaps invalid), sends requests: its `base_url`, or the URLs of its `base_urls`. */
export function describeEntryUrls(entry: { base_url?: unknown; base_urls?: unknown }): string {
  if (!Array.isArray(entry.base_urls)) return String(entry.base_url ?? '');
  const urls = entry.base_urls.map((member: unknown) => String((member as { url?: unknown } | null)?.url ?? '?'));
  return `${urls.join(', ')} (a fleet)`;
}
