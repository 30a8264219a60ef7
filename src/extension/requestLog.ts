import type * as vscode from 'vscode';
import type { LlmEvent } from '../core/llm';

/**
 * One log line per request event. Only ids, statuses, timings and token counts: prompt text
 * and keys never reach the log.
 */
export function logLlmEvent(log: vscode.LogOutputChannel, event: LlmEvent): void {
  switch (event.type) {
    case 'request':
      log.trace(`request #${event.id} attempt ${event.attempt} sent`);
      break;
    case 'cached':
      log.info(`request #${event.id} answered from the request cache; nothing sent`);
      break;
    case 'response':
      log.info(
        `request #${event.id} → ${event.status} in ${Math.round(event.latencyMs)} ms, ` +
          `${event.usage.inputTokens} in / ${event.usage.outputTokens} out tokens`,
      );
      break;
    case 'retry':
      log.warn(`request #${event.id} attempt ${event.attempt} failed (${event.status ?? 'network'}: ${event.reason}); retrying in ${event.delayMs} ms`);
      break;
    case 'failure':
      log.error(`request #${event.id} failed after ${event.attempt} attempts (${event.status ?? 'network'}): ${event.reason}`);
      break;
  }
}
