import { findKnownModel, type TokenEncoding } from './knownModels';
import { CHARACTERS_PER_TOKEN } from './tokenEstimate';
import type { ChatMessage } from './types';

/** A token count, and whether the model's own tokenizer made it or it is an estimate. */
export interface TokenCount {
  tokens: number;
  exact: boolean;
}

// OpenAI's chat format wraps each message in a few tokens and primes the reply with three more.
const TOKENS_PER_MESSAGE = 3;
const TOKENS_PER_REPLY = 3;

type CountEncoded = (encoding: TokenEncoding, text: string) => number;
let countEncoded: CountEncoded | undefined;

/**
 * The tokenizer bundle, loaded on first use. In the shipped bundles `./openAiTokenizer` is a
 * file of its own next to them (see esbuild.mjs); in tests it is the TypeScript module.
 */
function tokenizer(): CountEncoded {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded lazily on purpose: the tables weigh 3.4 MB
  countEncoded ??= (require('./openAiTokenizer') as typeof import('./openAiTokenizer')).countEncodedTokens;
  return countEncoded;
}

/** The prompt tokens of a chat request: exact for models with a known tokenizer, estimated otherwise. */
export function countChatTokens(model: string, messages: readonly ChatMessage[]): TokenCount {
  const encoding = findKnownModel(model)?.encoding;
  if (!encoding) return { tokens: estimateTokens(messages.map((message) => message.content)) + messages.length * TOKENS_PER_MESSAGE + TOKENS_PER_REPLY, exact: false };
  const count = tokenizer();
  const tokens = messages.reduce((total, message) => total + TOKENS_PER_MESSAGE + count(encoding, message.role) + count(encoding, message.content), TOKENS_PER_REPLY);
  return { tokens, exact: true };
}

/** The tokens of texts to embed. */
export function countTextTokens(model: string, texts: readonly string[]): TokenCount {
  const encoding = findKnownModel(model)?.encoding;
  if (!encoding) return { tokens: estimateTokens(texts), exact: false };
  const count = tokenizer();
  return { tokens: texts.reduce((total, text) => total + count(encoding, text), 0), exact: true };
}

function estimateTokens(texts: readonly string[]): number {
  return texts.reduce((total, text) => total + Math.ceil(text.length / CHARACTERS_PER_TOKEN), 0);
}

/**
 * The most tokens `texts` can be in any byte-level tokenizer: one per UTF-8 byte, plus the chat
 * wrapping. Cheap, so a prompt well inside the window is never tokenized at all.
 */
export function tokenCeiling(texts: readonly string[]): number {
  return texts.reduce((total, text) => total + Buffer.byteLength(text, 'utf8') + TOKENS_PER_MESSAGE, TOKENS_PER_REPLY);
}
