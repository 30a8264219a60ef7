/** The contract every LLM backend meets; tasks and the engine see nothing else. */

export type ChatRole = 'system' | 'user' | 'assistant';

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

/** Generation parameters passed through to the endpoint unchanged (OpenAI names). */
export interface GenerationParams {
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  stop?: string[];
  seed?: number;
  presence_penalty?: number;
  frequency_penalty?: number;
}

/** A JSON schema the answer must follow, sent as OpenAI's `response_format: json_schema`. */
export interface StructuredOutputFormat {
  name: string;
  schema: Record<string, unknown>;
}

export interface ChatRequest {
  messages: ChatMessage[];
  generation?: GenerationParams;
  /** Number of completions wanted for this prompt (`n`); 1 when absent. */
  n?: number;
  /**
   * Ask for JSON following this schema. Endpoints that refuse `response_format` get the same
   * request without it, and the result says so: callers must parse text either way.
   */
  responseFormat?: StructuredOutputFormat;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface ChatResult {
  /** One entry per requested completion; null when the endpoint returned no content. */
  outputs: (string | null)[];
  /** The model name the endpoint reported, or the configured one when it reported none. */
  model: string;
  usage: TokenUsage;
  /** Wall time of the successful attempt, in milliseconds. */
  latencyMs: number;
  /** Attempts made, 1 when the first succeeded. */
  attempts: number;
  /** True when a `responseFormat` was requested and the endpoint accepted it. */
  structuredOutput: boolean;
  /** True when the answer came from the request cache: nothing was sent (attempts 0). */
  cached: boolean;
}

export interface EmbeddingRequest {
  input: string[];
}

export interface EmbeddingResult {
  /** One vector per input, in input order. */
  embeddings: number[][];
  model: string;
  usage: TokenUsage;
  latencyMs: number;
  attempts: number;
  cached: boolean;
}

export interface CompleteOptions {
  signal?: AbortSignal;
  /**
   * Which of several identical requests this is (0 when absent): the request cache keeps each
   * sample of a prompt asked `num_generations` times apart instead of answering all with one.
   */
  sampleIndex?: number;
  /**
   * Where the request queues when the endpoint is busy: lower goes first, equals in arrival
   * order. The engine passes the row's start order, so started rows finish first.
   */
  priority?: number;
}

export interface LlmClient {
  /** The configured model name; results carry the name the endpoint reports. */
  readonly model: string;
  /** Requests it sends at once, when it limits them: the engine keeps about twice as many rows going. */
  readonly maxConcurrency?: number;
  complete(request: ChatRequest, options?: CompleteOptions): Promise<ChatResult>;
  /** Vectors from the endpoint's `/v1/embeddings`. */
  embed(request: EmbeddingRequest, options?: CompleteOptions): Promise<EmbeddingResult>;
}

/**
 * What a client reports as it works, for progress bars and logs (never prompt text or keys).
 * A fleet's members add `endpoint` (the member's URL as `displayUrl` shows it) to their events,
 * and ids are unique across the fleet.
 */
export type LlmEvent =
  | { type: 'request'; id: number; attempt: number; endpoint?: string }
  /** Answered from the request cache: nothing was sent. */
  | { type: 'cached'; id: number; endpoint?: string }
  | { type: 'response'; id: number; attempt: number; status: number; latencyMs: number; usage: TokenUsage; endpoint?: string }
  | { type: 'retry'; id: number; attempt: number; status: number | null; delayMs: number; reason: string; endpoint?: string }
  | { type: 'failure'; id: number; attempt: number; status: number | null; reason: string; endpoint?: string }
  /**
   * A fleet member is out (taken out, or it failed its probe): no request goes to it until a
   * probe in `probeInMs` gets an answer; no probe follows when every member is out.
   */
  | { type: 'endpoint-out'; endpoint: string; reason: string; probeInMs?: number }
  /** A fleet member answered its probe and takes requests again. */
  | { type: 'endpoint-back'; endpoint: string };

/** A failure after all retries, or one not worth retrying. */
export class LlmError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly attempts: number,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'LlmError';
  }
}
