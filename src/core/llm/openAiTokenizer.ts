/**
 * OpenAI's tokenizers (gpt-tokenizer), built into a bundle of their own
 * (dist/openAiTokenizer.js): their tables weigh megabytes, so they load only when a known
 * OpenAI model's tokens are counted.
 */
import { countTokens as countCl100k } from 'gpt-tokenizer/encoding/cl100k_base';
import { countTokens as countO200k } from 'gpt-tokenizer/encoding/o200k_base';
import type { TokenEncoding } from './knownModels';

// Text that looks like a special token ("<|endoftext|>" in a row) is counted as the text it is.
const AS_PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

export function countEncodedTokens(encoding: TokenEncoding, text: string): number {
  return encoding === 'o200k_base' ? countO200k(text, AS_PLAIN_TEXT) : countCl100k(text, AS_PLAIN_TEXT);
}
