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

const httpUrl = (field: string) =>
  z.url({ protocol: /^https?$/, error: `${field} must be an http(s) URL, such as http://localhost:11434/v1` });

/** One endpoint of a fleet: several base URLs serving the same model (see fleetClient.ts). */
const fleetMemberSchema = z.object({
  url: httpUrl('url'),
  /** Requests in flight at once at this endpoint; the config's `maxConcurrency` when absent. */
  maxConcurrency: z.int().min(1).optional(),
});

const endpointsAndSettingsSchema = z.object({
  /** Base URL of an OpenAI-compatible endpoint, usually ending in `/v1`. */
  baseUrl: httpUrl('baseUrl').optional(),
  /** Instead of `baseUrl`: a fleet of endpoints serving the same model, each with its own concurrency. */
  baseUrls: z.array(fleetMemberSchema).optional(),
  model: z.string().min(1, 'model must not be empty'),
  /** The key itself, for callers that already hold it (tests, the CLI's own flag). */
  apiKey: z.string().optional(),
  /** Name of the environment variable holding the key; ignored when `apiKey` is given. */
  apiKeyEnv: z.string().optional(),
  /** Requests in flight at once; in a fleet, at each member that gives no `maxConcurrency` of its own. */
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

/**
 * One endpoint (`baseUrl`) or a fleet (`baseUrls`, two or more), never both. Resolved, a fleet
 * keeps its first member's URL as `baseUrl`: the one its answers are cached under, whichever
 * member gave them, so a cache made with that URL alone serves the fleet. Its `maxConcurrency`
 * becomes the members' total, which is what the engine sizes the rows in flight by.
 */
export const llmClientConfigSchema = endpointsAndSettingsSchema
  .superRefine((config, context) => {
    if (config.baseUrl !== undefined && config.baseUrls !== undefined) {
      context.addIssue({ code: 'custom', path: ['baseUrls'], message: 'give baseUrl for one endpoint or baseUrls for a fleet, not both' });
    } else if (config.baseUrl === undefined && config.baseUrls === undefined) {
      context.addIssue({ code: 'custom', path: ['baseUrl'], message: 'baseUrl is required (or baseUrls, to spread requests over several endpoints serving the model)' });
    } else if (config.baseUrls !== undefined && config.baseUrls.length < 2) {
      context.addIssue({ code: 'custom', path: ['baseUrls'], message: 'baseUrls lists a fleet of at least two endpoints; for one, give baseUrl' });
    }
  })
  .transform(({ baseUrl, baseUrls, ...settings }): typeof settings & { baseUrl: string; baseUrls?: FleetMember[] } => {
    if (baseUrls === undefined) return { ...settings, baseUrl: baseUrl as string };
    const members = baseUrls.map((member) => ({ url: member.url, maxConcurrency: member.maxConcurrency ?? settings.maxConcurrency }));
    return {
      ...settings,
      baseUrl: (members[0] as FleetMember).url,
      baseUrls: members,
      maxConcurrency: members.reduce((total, member) => total + member.maxConcurrency, 0),
    };
  });

/** A fleet member with its concurrency resolved. */
export interface FleetMember {
  url: string;
  maxConcurrency: number;
}

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
