import type * as vscode from 'vscode';
import type { LlmEvent } from '../core/llm';

/**
 * One log line per request event. Only ids, statuses, timings, token counts and, in a fleet, the
 * endpoint that took the request: prompt text and keys never reach the log.
 */
export function logLlmEvent(log: vscode.LogOutputChannel, event: LlmEvent): void {
  switch (event.type) {
    case 'request':
      log.trace(`request #${event.id} attempt ${event.attempt} sent${at(event.endpoint)}`);
      break;
    case 'cached':
      log.info(`request #${event.id} answered from the request cache; nothing sent`);
      break;
    case 'response':
      log.info(
        `request #${event.id} → ${event.status} in ${Math.round(event.latencyMs)} ms${by(event.endpoint)}, ` +
          `${event.usage.inputTokens} in / ${event.usage.outputTokens} out tokens`,
      );
      break;
    case 'retry':
      log.warn(`request #${event.id} attempt ${event.attempt} failed${at(event.endpoint)} (${event.status ?? 'network'}: ${event.reason}); retrying in ${event.delayMs} ms`);
      break;
    case 'failure':
      log.error(`request #${event.id} failed after ${event.attempt} attempts${at(event.endpoint)} (${event.status ?? 'network'}): ${event.reason}`);
      break;
    case 'endpoint-out':
      log.warn(
        event.probeInMs === undefined
          ? `endpoint ${event.endpoint} is out, the last of the fleet: ${event.reason}`
          : `endpoint ${event.endpoint} is out: ${event.reason} Its requests go to the other endpoints; it is tried again in ${Math.round(event.probeInMs / 1000)} s.`,
      );
      break;
    case 'endpoint-back':
      log.info(`endpoint ${event.endpoint} answers again and takes requests`);
      break;
  }
}

const at = (endpoint: string | undefined) => (endpoint === undefined ? '' : ` at ${endpoint}`);
const by = (endpoint: string | undefined) => (endpoint === undefined ? '' : ` from ${endpoint}`);
