/**
 * Endpoint profiles: `distillery.llm.profiles` validated, the active one chosen, and turned into
 * the client's config. Pure (no vscode import) so the rules are unit-tested in plain node; the
 * glue that reads the settings and SecretStorage is in profileService.ts.
 */
import * as z from 'zod';
// From config.ts itself, not the llm index: the status bar's bundle (profileStatusBar.ts) loads
// this file, and the index would bring the `openai` SDK with it.
import { generationParamsSchema, type LlmClientConfig } from '../core/llm/config';
import { displayUrl } from '../core/llm/failureMessage';
import { modelPriceSchema } from '../core/estimate/cost';

/** The profile made from the flat `distillery.llm.*` settings when no profiles are defined. */
export const IMPLICIT_PROFILE_NAME = 'default';

const pricingSchema = modelPriceSchema;
export type Pricing = z.output<typeof pricingSchema>;

// VS Code settings say "no limit" with null, so null and absent mean the same.
const optionalLimit = z
  .int()
  .min(1, 'must be at least 1, or null for no limit')
  .nullish()
  .transform((value) => value ?? undefined);

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL, such as http://localhost:11434/v1' });

const profileSchema = z
  .strictObject({
    name: z.string().trim().min(1, 'must not be empty'),
    baseUrl: httpUrl.optional(),
    /** Instead of `baseUrl`: a fleet of endpoints serving the same model (see fleetClient.ts). */
    baseUrls: z.array(z.strictObject({ url: httpUrl, maxConcurrency: z.int().min(1, 'must be at least 1').optional() })).optional(),
    model: z.string().trim().min(1, 'must not be empty'),
    apiKeyEnv: z.string().trim().min(1, 'must name an environment variable, or be left out').optional(),
    maxConcurrency: z.int().min(1, 'must be at least 1').optional(),
    requestsPerMinute: optionalLimit,
    tokensPerMinute: optionalLimit,
    timeoutSeconds: z.number().positive('must be more than 0').optional(),
    maxRetries: z.int().min(0, 'must be 0 or more').optional(),
    contextTokens: z.int().min(1, 'must be at least 1').optional(),
    // Strict, so that a misspelt parameter is reported instead of silently not sent.
    generation: z.strictObject(generationParamsSchema.shape).optional(),
    pricing: pricingSchema.optional(),
  })
  .superRefine((profile, context) => {
    if (profile.baseUrl !== undefined && profile.baseUrls !== undefined) {
      context.addIssue({ code: 'custom', path: ['baseUrls'], message: 'cannot go with baseUrl: give baseUrl for one endpoint or baseUrls for a fleet' });
    } else if (profile.baseUrl === undefined && profile.baseUrls === undefined) {
      context.addIssue({ code: 'custom', path: ['baseUrl'], message: 'is required (or baseUrls, a list of endpoints serving the model)' });
    } else if (profile.baseUrls !== undefined && profile.baseUrls.length < 2) {
      context.addIssue({ code: 'custom', path: ['baseUrls'], message: 'lists a fleet of at least two endpoints ({ "url", "maxConcurrency" }); for one, give baseUrl' });
    }
  });

export type EndpointProfile = z.output<typeof profileSchema>;

/** The flat `distillery.llm.*` settings, as `WorkspaceConfiguration.get` returns them. */
export interface FlatLlmSettings {
  baseUrl: unknown;
  model: unknown;
  apiKeyEnv: unknown;
  maxConcurrency: unknown;
  requestsPerMinute: unknown;
  tokensPerMinute: unknown;
  timeoutSeconds: unknown;
  maxRetries: unknown;
  temperature: unknown;
  maxTokens: unknown;
}

export interface ProfileSettings {
  /** `distillery.llm.profiles`; undefined or an empty list means "use the flat settings". */
  profiles: unknown;
  /** `distillery.llm.activeProfile`; empty means the first profile. */
  activeProfile: unknown;
  flat: FlatLlmSettings;
}

export type ResolvedProfiles =
  | {
      ok: true;
      profiles: EndpointProfile[];
      active: EndpointProfile;
      /** True when the one profile comes from the flat settings. */
      implicit: boolean;
    }
  | { ok: false; error: string };

/** The flat setting that feeds each field of the implicit profile, for error messages. */
const FLAT_SETTING_OF: Readonly<Record<string, string>> = {
  baseUrl: 'baseUrl',
  model: 'model',
  apiKeyEnv: 'apiKeyEnv',
  maxConcurrency: 'maxConcurrency',
  requestsPerMinute: 'requestsPerMinute',
  tokensPerMinute: 'tokensPerMinute',
  timeoutSeconds: 'timeoutSeconds',
  maxRetries: 'maxRetries',
  'generation.temperature': 'temperature',
  'generation.max_tokens': 'maxTokens',
};

/** Validates the profiles and picks the active one; every problem named by profile and field. */
export function resolveProfiles(settings: ProfileSettings): ResolvedProfiles {
  const activeName = typeof settings.activeProfile === 'string' ? settings.activeProfile.trim() : '';
  const raw = settings.profiles;
  if (raw === undefined || raw === null || (Array.isArray(raw) && raw.length === 0)) {
    return implicitProfile(settings.flat, activeName);
  }
  if (!Array.isArray(raw)) {
    return { ok: false, error: 'distillery.llm.profiles must be a list of profiles ({ "name", "baseUrl", "model", ... }).' };
  }

  const problems: string[] = [];
  const profiles: EndpointProfile[] = [];
  for (const [index, item] of raw.entries()) {
    const parsed = profileSchema.safeParse(item);
    if (parsed.success) {
      profiles.push(parsed.data);
      continue;
    }
    const name = isRecord(item) && typeof item.name === 'string' && item.name.trim() ? `profile "${item.name.trim()}"` : `profile ${index + 1}`;
    for (const issue of parsed.error.issues) problems.push(`${name}: ${describeIssue(issue)}`);
  }
  const seen = new Set<string>();
  for (const profile of profiles) {
    if (seen.has(profile.name)) problems.push(`profile "${profile.name}" is defined twice: profile names must be unique`);
    seen.add(profile.name);
  }
  if (problems.length > 0) return { ok: false, error: `distillery.llm.profiles: ${problems.join('; ')}.` };

  const active = activeName ? profiles.find((profile) => profile.name === activeName) : profiles[0];
  if (!active) {
    return {
      ok: false,
      error: `distillery.llm.activeProfile is "${activeName}", but distillery.llm.profiles has no profile of that name (it has ${profiles.map((profile) => `"${profile.name}"`).join(', ')}).`,
    };
  }
  return { ok: true, profiles, active, implicit: false };
}

function implicitProfile(flat: FlatLlmSettings, activeName: string): ResolvedProfiles {
  if (activeName && activeName !== IMPLICIT_PROFILE_NAME) {
    return {
      ok: false,
      error: `distillery.llm.activeProfile is "${activeName}", but distillery.llm.profiles defines no profiles. Define it there, or clear the setting to use the distillery.llm.* settings.`,
    };
  }
  const candidate = {
    name: IMPLICIT_PROFILE_NAME,
    baseUrl: flat.baseUrl,
    model: flat.model,
    ...(typeof flat.apiKeyEnv === 'string' && flat.apiKeyEnv.trim() ? { apiKeyEnv: flat.apiKeyEnv } : {}),
    ...definedEntries({
      maxConcurrency: flat.maxConcurrency,
      requestsPerMinute: flat.requestsPerMinute,
      tokensPerMinute: flat.tokensPerMinute,
      timeoutSeconds: flat.timeoutSeconds,
      maxRetries: flat.maxRetries,
    }),
    generation: definedEntries({ temperature: flat.temperature, max_tokens: flat.maxTokens }),
  };
  const parsed = profileSchema.safeParse(candidate);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const setting = FLAT_SETTING_OF[issue.path.join('.')];
      return setting ? `distillery.llm.${setting} ${issue.message}` : describeIssue(issue);
    });
    return { ok: false, error: `Invalid endpoint settings: ${problems.join('; ')}.` };
  }
  return { ok: true, profiles: [parsed.data], active: parsed.data, implicit: true };
}

/** Entries whose value is neither undefined nor null (null is how settings say "unset"). */
function definedEntries(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined && value !== null));
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') {
    const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return `${where}unknown field${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) return `${issue.path.join('.')} is required`;
  return `${issue.path.join('.') || '(profile)'} ${issue.message}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Where a profile's key is kept in SecretStorage. */
export function apiKeySecretName(profileName: string): string {
  return `distillery.apiKey.${profileName}`;
}

/** The client's config for a profile; the key (from SecretStorage) wins over the environment variable. */
export function profileClientConfig(profile: EndpointProfile, apiKey: string | undefined): LlmClientConfig {
  return {
    ...(profile.baseUrl !== undefined ? { baseUrl: profile.baseUrl } : {}),
    ...(profile.baseUrls !== undefined ? { baseUrls: profile.baseUrls } : {}),
    model: profile.model,
    ...(apiKey ? { apiKey } : {}),
    ...(profile.apiKeyEnv ? { apiKeyEnv: profile.apiKeyEnv } : {}),
    ...(profile.maxConcurrency !== undefined ? { maxConcurrency: profile.maxConcurrency } : {}),
    ...(profile.requestsPerMinute !== undefined ? { requestsPerMinute: profile.requestsPerMinute } : {}),
    ...(profile.tokensPerMinute !== undefined ? { tokensPerMinute: profile.tokensPerMinute } : {}),
    ...(profile.timeoutSeconds !== undefined ? { timeoutMs: profile.timeoutSeconds * 1000 } : {}),
    ...(profile.maxRetries !== undefined ? { maxRetries: profile.maxRetries } : {}),
    ...(profile.contextTokens !== undefined ? { contextTokens: profile.contextTokens } : {}),
    ...(profile.generation ? { generation: profile.generation } : {}),
  };
}

/** One line for tooltips and pickers: "llama3.1 at http://localhost:11434/v1", or "llama3.1 at http://gpu1:8000/v1 + 2 more" for a fleet. */
export function describeProfile(profile: EndpointProfile): string {
  const [first, ...more] = profile.baseUrls?.map((member) => member.url) ?? [profile.baseUrl ?? ''];
  return `${profile.model} at ${displayUrl(first ?? '')}${more.length > 0 ? ` + ${more.length} more` : ''}`;
}
