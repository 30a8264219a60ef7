import * as z from 'zod';

export const generationParamsSchema = z.object({
  temperature: z.number().min(0).optional(),
  top_p: z.number().min(0).max(1).optional(),
  max_tokens: z.int().min(1).optional(),
  stop: z.array(z.string()).optional(),
  seed: z.int().optional(),
  presence_penalty: z.number().optional(),
  frequency_penalty: z.number().optional(),
});

// VS Code settings say "no limit" with null, so null and absent mean the same here.
const optionalLimit = z
  .int()
  .min(1)
  .nullish()
  .transform((value) => value ?? undefined);

export const llmClientConfigSchema = z.object({
  /** Base URL of an OpenAI-compatible endpoint, usually ending in `/v1`. */
  baseUrl: z.url({ protocol: /^https?$/, error: 'baseUrl must be an http(s) URL, such as http://localhost:11434/v1' }),
  model: z.string().min(1, 'model must not be empty'),
  /** The key itself, for callers that already hold it (tests, the CLI's own flag). */
  apiKey: z.string().optional(),
  /** Name of the environment variable holding the key; ignored when `apiKey` is given. */
  apiKeyEnv: z.string().optional(),
  maxConcurrency: z.int().min(1).default(8),
  requestsPerMinute: optionalLimit,
  tokensPerMinute: optionalLimit,
  /** Time limit of one attempt, not of the whole call with its retries. */
  timeoutMs: z.number().positive().default(120_000),
  maxRetries: z.int().min(0).default(4),
  /** The model's context window in tokens, when the known-models table does not have it or the server serves less. */
  contextTokens: optionalLimit,
  /** Defaults for every request; a request's own generation parameters win. */
  generation: generationParamsSchema.optional(),
});

/** What callers write: limits and timeouts may be left out and take their defaults. */
export type LlmClientConfig = z.input<typeof llmClientConfigSchema>;
/** The config with defaults applied. */
export type ResolvedLlmClientConfig = z.output<typeof llmClientConfigSchema>;

/** Validates a config, throwing an Error that names every bad field. */
export function parseLlmClientConfig(input: unknown): ResolvedLlmClientConfig {
  const parsed = llmClientConfigSchema.safeParse(input);
  if (!parsed.success) throw new Error(`Invalid LLM endpoint settings:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** Where the key came from, so failure messages can say what to fix without showing it. */
export type ApiKeySource =
  | { kind: 'config' }
  | { kind: 'env'; name: string; found: boolean }
  | { kind: 'none' };

export interface ResolvedApiKey {
  value: string | undefined;
  source: ApiKeySource;
}

export function resolveApiKey(
  config: Pick<ResolvedLlmClientConfig, 'apiKey' | 'apiKeyEnv'>,
  env: Readonly<Record<string, string | undefined>> = process.env,
): ResolvedApiKey {
  if (config.apiKey) return { value: config.apiKey, source: { kind: 'config' } };
  if (config.apiKeyEnv) {
    const value = env[config.apiKeyEnv] || undefined;
    return { value, source: { kind: 'env', name: config.apiKeyEnv, found: value !== undefined } };
  }
  return { value: undefined, source: { kind: 'none' } };
}
