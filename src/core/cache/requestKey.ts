import { hash } from 'node:crypto';
import { canonicalJson } from './canonicalJson';
import type { JsonValue } from './jsonValue';

/** A chat message as far as the answer depends on it. */
export interface KeyedMessage {
  role: string;
  content: string;
}

/**
 * Every parameter sent with a request that can change its answer (OpenAI names). A parameter
 * the client starts sending must be added here, or requests differing only in it would share
 * an answer. There is deliberately no field for credentials.
 */
export interface GenerationIdentity {
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  max_completion_tokens?: number;
  stop?: string | readonly string[];
  seed?: number;
  presence_penalty?: number;
  frequency_penalty?: number;
  logit_bias?: Readonly<Record<string, number>>;
  logprobs?: boolean;
  top_logprobs?: number;
  reasoning_effort?: string;
  /** Completions per request. */
  n?: number;
  /** As sent, e.g. `{ type: 'json_schema', json_schema: { ... } }`. */
  response_format?: JsonValue;
  /** Embeddings only. */
  dimensions?: number;
  /** Embeddings only. */
  encoding_format?: string;
}

interface IdentityCommon {
  /** The endpoint's base URL; scheme and host case, default ports and trailing slashes do not matter. */
  endpoint: string;
  model: string;
  /** Absent and `{}` are the same. */
  generation?: GenerationIdentity;
  /**
   * Which of several otherwise identical requests this is (0, 1, ...), so that asking for
   * `num_generations` samples of one prompt caches each sample rather than one answer for all.
   */
  sampleIndex: number;
}

export interface ChatRequestIdentity extends IdentityCommon {
  kind: 'chat';
  messages: readonly KeyedMessage[];
}

export interface EmbeddingRequestIdentity extends IdentityCommon {
  kind: 'embedding';
  input: string | readonly string[];
}

/** Everything that decides an endpoint's answer to a request, and nothing else (no API key). */
export type RequestIdentity = ChatRequestIdentity | EmbeddingRequestIdentity;

/** Bumped whenever what goes into a key changes, so old entries become misses rather than wrong hits. */
const KEY_FORMAT = 1;

/** The cache key of a request: the hex SHA-256 of its identity's canonical JSON. */
export function requestKey(identity: RequestIdentity): string {
  if (!Number.isInteger(identity.sampleIndex) || identity.sampleIndex < 0) {
    throw new RangeError(`Cannot make a request cache key: sampleIndex must be a whole number from 0, got ${identity.sampleIndex}.`);
  }
  // Fields are picked one by one, so whatever else an object passed here carries stays out of the key.
  const canonical = {
    keyFormat: KEY_FORMAT,
    endpoint: normaliseEndpoint(identity.endpoint),
    model: identity.model,
    kind: identity.kind,
    messages: identity.kind === 'chat' ? identity.messages.map(({ role, content }) => ({ role, content })) : undefined,
    input: identity.kind === 'embedding' ? identity.input : undefined,
    generation: identity.generation ?? {},
    sampleIndex: identity.sampleIndex,
  };
  return hash('sha256', canonicalJson(canonical), 'hex');
}

/** Whether `text` has the shape of a key `requestKey` makes (64 lower-case hex digits), as a batch line's custom_id must. */
export function isRequestKey(text: string): boolean {
  return /^[0-9a-f]{64}$/.test(text);
}

/**
 * The base URL with the spellings of one endpoint made alike: lower-case scheme and host (WHATWG
 * URL parsing does that and drops default ports), no trailing slash, no fragment. User and
 * password are removed: they can be credentials, which never belong in a key.
 */
function normaliseEndpoint(endpoint: string): string {
  let url: URL;
  try {
    url = new URL(endpoint.trim());
  } catch {
    // The text is not echoed: a malformed URL can still hold a key.
    throw new TypeError('Cannot make a request cache key: the endpoint base URL is not an absolute URL (such as http://localhost:11434/v1). Check the endpoint setting.');
  }
  return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}${url.search}`;
}
