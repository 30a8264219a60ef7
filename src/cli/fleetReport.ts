import type { LlmEvent } from '../core/llm';
import { formatSeconds } from '../core/llm/failure';

/**
 * What the CLI tells of a fleet of endpoints: a line when one is taken out or comes back, and
 * at the end how many requests each answered. Silent for a single endpoint, whose events carry
 * no `endpoint`.
 */
export class FleetReport {
  private readonly answered = new Map<string, number>();

  constructor(private readonly print: (line: string) => void) {}

  readonly onEvent = (event: LlmEvent): void => {
    switch (event.type) {
      case 'response':
        if (event.endpoint !== undefined) this.answered.set(event.endpoint, (this.answered.get(event.endpoint) ?? 0) + 1);
        break;
      case 'endpoint-out':
        this.print(
          event.probeInMs === undefined
            ? `Endpoint ${event.endpoint} is out, the last of the fleet: ${event.reason}`
            : `Endpoint ${event.endpoint} is out: ${event.reason} Its requests go to the other endpoints; it is tried again in ${formatSeconds(event.probeInMs)}.`,
        );
        break;
      case 'endpoint-back':
        this.print(`Endpoint ${event.endpoint} answers again and takes requests.`);
        break;
      default:
        break;
    }
  };

  /** "Answered by endpoint: http://a/v1 133 · http://b/v1 134", or undefined when no fleet answered. */
  summary(): string | undefined {
    if (this.answered.size === 0) return undefined;
    const counts = [...this.answered].map(([endpoint, count]) => `${endpoint} ${count.toLocaleString('en-US')}`);
    return `Answered by endpoint: ${counts.join(' · ')}.`;
  }
}
