/** Reads one response header; the fetch `Headers` class fits. */
export interface HeaderReader {
  get(name: string): string | null;
}

/**
 * Why one attempt failed, in terms the retry policy and the messages need. Every `detail` has
 * already been shortened and scrubbed of the API key by whoever built the failure.
 */
export type AttemptFailure =
  | { kind: 'http'; status: number; detail: string; headers?: HeaderReader }
  | { kind: 'network'; code: string | undefined; detail: string }
  | { kind: 'timeout'; timeoutMs: number }
  | { kind: 'malformed'; detail: string }
  | { kind: 'unexpected'; detail: string };

export function failureStatus(failure: AttemptFailure): number | null {
  return failure.kind === 'http' ? failure.status : null;
}

const NETWORK_PHRASES: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  UND_ERR_SOCKET: 'connection closed by the server',
  EPIPE: 'connection closed by the server',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
};

/** A short, key-free reason for events and logs, such as "HTTP 429 (Rate limit reached)". */
export function describeFailure(failure: AttemptFailure): string {
  switch (failure.kind) {
    case 'http':
      return failure.detail ? `HTTP ${failure.status} (${failure.detail})` : `HTTP ${failure.status}`;
    case 'network': {
      const phrase = failure.code === undefined ? undefined : NETWORK_PHRASES[failure.code];
      return phrase ?? `network error (${failure.code ?? failure.detail})`;
    }
    case 'timeout':
      return `no answer within ${formatSeconds(failure.timeoutMs)}`;
    case 'malformed':
      return `malformed response (${failure.detail})`;
    case 'unexpected':
      return failure.detail;
  }
}

export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/** The `code` of a network error, looked for along the `cause` chain where fetch and the SDK put it. */
export function networkErrorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Object && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

const MAX_DETAIL_LENGTH = 200;

/** Server text made fit for a message: one line, bounded, and never containing `secret`. */
export function safeDetail(text: string, secret: string | undefined): string {
  const scrubbed = secret ? text.split(secret).join('***') : text;
  const oneLine = scrubbed.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_DETAIL_LENGTH ? `${oneLine.slice(0, MAX_DETAIL_LENGTH - 1)}…` : oneLine;
}

/** The message at the end of the `cause` chain, where fetch keeps the specific network error. */
export function rootCauseMessage(error: unknown): string {
  let message = error instanceof Error ? error.message : String(error);
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    message = current.message || message;
    current = current.cause;
  }
  return message;
}
