import { systemClock } from './clock';
import { parseLlmClientConfig, type LlmClientConfig } from './config';
import { createFleetClient } from './fleetClient';
import { createOpenAiClient, listModels, type ClientTuning } from './openAiClient';
import type { ResponseCache } from './responseCache';
import type { CompleteOptions, LlmClient, LlmEvent } from './types';

/** Time limit of a probe of a fleet member that is out: a server that is back answers its model list at once. */
const PROBE_TIMEOUT_MS = 10_000;

/** The client a config describes: an OpenAI-compatible client for one `baseUrl`, a fleet of them for `baseUrls`. */
export function createLlmClient(
  configInput: LlmClientConfig,
  onEvent: (event: LlmEvent) => void = () => {},
  tuning: ClientTuning = {},
  cache?: ResponseCache,
): LlmClient {
  const config = parseLlmClientConfig(configInput);
  const { baseUrls } = config;
  if (!baseUrls) return createOpenAiClient(config, onEvent, tuning, cache);
  return createFleetClient({ ...config, baseUrls }, onEvent, {
    createMember: (memberConfig, memberEvents, membership) => createOpenAiClient(memberConfig, memberEvents, tuning, cache, membership),
    // The model list costs nothing and every OpenAI-compatible server has it.
    probe: (memberConfig) => listModels({ ...memberConfig, timeoutMs: Math.min(config.timeoutMs, PROBE_TIMEOUT_MS) }),
    clock: tuning.clock ?? systemClock,
  });
}

/**
 * The models the endpoint lists (`listModels`); for a fleet, those every member lists, asked of
 * all at once: Test Connection fails, naming the member, when one of them does not answer.
 */
export async function listEndpointModels(configInput: LlmClientConfig, options: CompleteOptions = {}): Promise<string[]> {
  const config = parseLlmClientConfig(configInput);
  const { baseUrls, ...settings } = config;
  if (!baseUrls) return listModels(config, options);
  const lists = await Promise.all(baseUrls.map(({ url, maxConcurrency }) => listModels({ ...settings, baseUrl: url, maxConcurrency }, options)));
  const [first = [], ...others] = lists;
  return first.filter((model) => others.every((list) => list.includes(model)));
}
