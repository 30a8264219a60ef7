export * from './types';
export {
  generationParamsSchema,
  llmClientConfigSchema,
  parseLlmClientConfig,
  resolveApiKey,
  type ApiKeySource,
  type FleetMember,
  type LlmClientConfig,
  type ResolvedApiKey,
  type ResolvedLlmClientConfig,
} from './config';
export { createOpenAiClient, listModels, type ClientTuning } from './openAiClient';
export { createLlmClient, listEndpointModels } from './createLlmClient';
export type { ResponseCache, ResponseStore } from './responseCache';
export { PendingInBatchError, isPendingInBatch, type DeferredRequests } from './deferredRequests';
export { RequestLimiter, type LimiterOptions, type Permit, type RateLimits } from './limiter';
export type { Clock } from './clock';
export {
  isRetryable,
  isRetryableNetworkCode,
  isRetryableStatus,
  retryDelayMs,
  startAttemptSignal,
  type AttemptSignal,
} from './retry';
export { describeFailure, type AttemptFailure, type HeaderReader } from './failure';
export { createAbortError, isAbortError } from './cancellation';
export { EndpointDownError, isEndpointDown } from './endpointBreaker';
export { estimateRequestTokens } from './tokenEstimate';
