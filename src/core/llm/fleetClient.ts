import { isAbortError } from './cancellation';
import type { Clock } from './clock';
import type { FleetMember, LlmClientConfig, ResolvedLlmClientConfig } from './config';
import { EndpointDownError, isEndpointDown } from './endpointBreaker';
import { displayUrl } from './failureMessage';
import { isLostConnectionError } from './lostConnection';
import type { FleetMembership } from './openAiClient';
import type { ChatRequest, ChatResult, CompleteOptions, EmbeddingRequest, EmbeddingResult, LlmClient, LlmError, LlmEvent } from './types';

/** Wait before the first probe of a member taken out; each failed probe doubles it, up to the cap. */
export const PROBE_FIRST_DELAY_MS = 2_000;
export const PROBE_MAX_DELAY_MS = 60_000;

/** What a fleet is built from; tests pass scripted members, a scripted probe and a fake clock. */
export interface FleetParts {
  /** A member's client: made at the start, and made anew each time the member comes back. */
  createMember(config: LlmClientConfig, onEvent: (event: LlmEvent) => void, membership: FleetMembership): LlmClient;
  /** Resolves when the member answers again, rejects when it does not. */
  probe(config: LlmClientConfig): Promise<unknown>;
  /** Times the probes; their timers do not keep the process running. */
  clock: Clock;
}

interface Member {
  /** As logs and messages show it: no credentials, no query. */
  readonly endpoint: string;
  readonly config: LlmClientConfig;
  readonly maxConcurrency: number;
  /** Undefined while the member is out. */
  client: LlmClient | undefined;
  /** Requests handed to it and not yet settled, queued at its limiter or sent. */
  inFlight: number;
  /** Why it went out, for the message when every member is out. */
  lastFailure: string;
  /** Probes that failed since it went out. */
  failedProbes: number;
  cancelProbe: (() => void) | undefined;
}

type Fleet = ResolvedLlmClientConfig & { baseUrls: FleetMember[] };

/**
 * One LlmClient over several endpoints serving the same model, each with its own connection
 * pool, limiter and endpoint breaker (a member client each). A request goes to the healthy
 * member with the lowest load, requests in flight over its concurrency, so faster members take
 * more and each stays within its own limits. A member whose breaker trips, or whose connection
 * is lost, is taken out: the request it failed goes to another member, which is safe because it
 * got no answer (an answered request never comes back here). Every answer is cached under the
 * fleet's URL, so it serves a later request whichever member gets it. A member that is out is
 * probed after 2 s, then 4, 8, ... up to a minute, and takes requests again once it answers. The
 * fleet is down, and every request fails with EndpointDownError, only once every member is out.
 */
export function createFleetClient(config: Fleet, onEvent: (event: LlmEvent) => void, parts: FleetParts): LlmClient {
  const { baseUrls, ...settings } = config;
  let lastId = 0;
  const membership: FleetMembership = { cacheEndpoint: config.baseUrl, nextRequestId: () => ++lastId };
  const members: Member[] = baseUrls.map((member) => {
    const endpoint = displayUrl(member.url);
    const memberConfig: LlmClientConfig = { ...settings, baseUrl: member.url, maxConcurrency: member.maxConcurrency };
    return { endpoint, config: memberConfig, maxConcurrency: member.maxConcurrency, client: undefined, inFlight: 0, lastFailure: '', failedProbes: 0, cancelProbe: undefined };
  });
  for (const member of members) member.client = startMember(member);
  let down: EndpointDownError | undefined;

  function startMember(member: Member): LlmClient {
    const tagged = (event: LlmEvent) => onEvent({ ...event, endpoint: member.endpoint });
    return parts.createMember(member.config, tagged, membership);
  }

  function leastLoaded(): Member | undefined {
    let best: Member | undefined;
    for (const member of members) {
      if (member.client && (!best || member.inFlight / member.maxConcurrency < best.inFlight / best.maxConcurrency)) best = member;
    }
    return best;
  }

  function takeOut(member: Member, error: LlmError): void {
    member.client = undefined;
    member.lastFailure = error.message;
    member.failedProbes = 0;
    if (members.every((other) => !other.client)) {
      stopFleet(error);
      onEvent({ type: 'endpoint-out', endpoint: member.endpoint, reason: error.message });
      return;
    }
    scheduleProbe(member, error.message);
  }

  function scheduleProbe(member: Member, reason: string): void {
    const delayMs = Math.min(PROBE_MAX_DELAY_MS, PROBE_FIRST_DELAY_MS * 2 ** member.failedProbes);
    onEvent({ type: 'endpoint-out', endpoint: member.endpoint, reason, probeInMs: delayMs });
    member.cancelProbe = parts.clock.schedule(() => void probe(member), delayMs, true);
  }

  async function probe(member: Member): Promise<void> {
    member.cancelProbe = undefined;
    try {
      await parts.probe(member.config);
    } catch (error) {
      if (down) return;
      member.failedProbes += 1;
      scheduleProbe(member, error instanceof Error ? error.message : String(error));
      return;
    }
    if (down) return;
    member.client = startMember(member);
    onEvent({ type: 'endpoint-back', endpoint: member.endpoint });
  }

  function stopFleet(last: LlmError): void {
    for (const member of members) member.cancelProbe?.();
    const reasons = members.map((member) => member.lastFailure).join(' ');
    down = new EndpointDownError(`Every endpoint serving ${config.model} is out. ${reasons}`, last.status, last.attempts);
  }

  /** Sends the request to members until one settles it; attempts made at members that failed it are counted in. */
  async function dispatch<T extends { attempts: number }>(send: (client: LlmClient) => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    let earlierAttempts = 0;
    for (;;) {
      if (down) throw down.withAttempts(earlierAttempts);
      // While the fleet is not down, some member is in.
      const member = leastLoaded() as Member;
      const client = member.client as LlmClient;
      member.inFlight += 1;
      try {
        const result = await send(client);
        return earlierAttempts === 0 ? result : { ...result, attempts: result.attempts + earlierAttempts };
      } catch (error) {
        const memberFailed = isEndpointDown(error) || isLostConnectionError(error);
        if (!memberFailed || signal?.aborted || isAbortError(error)) throw error;
        earlierAttempts += error.attempts;
        // An older client of a member that has since come back says nothing of the new one.
        if (member.client === client) takeOut(member, error);
      } finally {
        member.inFlight -= 1;
      }
    }
  }

  return {
    model: config.model,
    maxConcurrency: config.maxConcurrency,
    complete: (request: ChatRequest, options: CompleteOptions = {}): Promise<ChatResult> => dispatch((client) => client.complete(request, options), options.signal),
    embed: (request: EmbeddingRequest, options: CompleteOptions = {}): Promise<EmbeddingResult> => dispatch((client) => client.embed(request, options), options.signal),
  };
}
