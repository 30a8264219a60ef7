import type { LlmClientConfig } from '../../llm';
import type { LlmEntry } from '../schema';

/** Replaces the endpoint of every `llms` entry, e.g. to run a pipeline against a local server. */
export interface LlmOverrides {
  baseUrl?: string;
  model?: string;
}

/**
 * The pipeline's endpoints with the overrides applied. A pipeline with no `llms` at all gets a
 * `default` entry when both a base URL and a model are given, so a file written without
 * endpoints still runs from the command line.
 */
export function endpointsWithOverrides(llms: Readonly<Record<string, LlmEntry>> | undefined, overrides: LlmOverrides = {}): Record<string, LlmEntry> {
  const override = {
    ...(overrides.baseUrl !== undefined ? { base_url: overrides.baseUrl } : {}),
    ...(overrides.model !== undefined ? { model: overrides.model } : {}),
  };
  if (llms === undefined || Object.keys(llms).length === 0) {
    return overrides.baseUrl !== undefined && overrides.model !== undefined ? { default: { base_url: overrides.baseUrl, model: overrides.model } } : {};
  }
  return Object.fromEntries(Object.entries(llms).map(([name, entry]) => [name, { ...entry, ...override }]));
}

/** The client settings of one entry; the API key is read from `api_key_env` by the client, never copied here. */
export function clientConfigOf(entry: LlmEntry): LlmClientConfig {
  return {
    baseUrl: entry.base_url,
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
