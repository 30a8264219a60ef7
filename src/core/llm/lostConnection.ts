import type { AttemptFailure } from './failure';
import { LlmError } from './types';

/**
 * Network errors that say the server itself is gone or unreachable (refused, reset, closed,
 * no route), rather than that one request was unlucky: the request got no answer, so sending it
 * elsewhere cannot pay for it twice.
 */
const LOST_CONNECTION_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'UND_ERR_SOCKET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export function isLostConnection(failure: AttemptFailure): boolean {
  return failure.kind === 'network' && failure.code !== undefined && LOST_CONNECTION_CODES.has(failure.code);
}

/**
 * Thrown, instead of retrying at the same server, by a fleet member's request whose connection
 * was lost: the fleet takes the member out and hands the request to another one.
 */
export class LostConnectionError extends LlmError {
  constructor(cause: LlmError) {
    super(cause.message, cause.status, cause.attempts, true);
    this.name = 'LostConnectionError';
  }
}

export function isLostConnectionError(error: unknown): error is LostConnectionError {
  return error instanceof LostConnectionError;
}
