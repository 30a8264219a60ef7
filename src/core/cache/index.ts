export type { JsonValue } from './jsonValue';
export {
  requestKey,
  isRequestKey,
  type RequestIdentity,
  type ChatRequestIdentity,
  type EmbeddingRequestIdentity,
  type GenerationIdentity,
  type KeyedMessage,
} from './requestKey';
export { RequestStore, type RequestStoreOptions, type RequestStoreStats } from './requestStore';
export { clearRequestCache, type ClearedCache } from './clearRequestCache';
export { RequestCacheError } from './cacheError';
