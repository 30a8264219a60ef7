/**
 * What Distillery knows of a model by its name: its context window, the tokenizer that counts
 * its tokens exactly, and its list price. Only models whose facts are published are here;
 * anything else gets estimates labelled as such, and users set the rest (a profile's
 * `contextTokens`, a price file or setting).
 */

/** The encodings (gpt-tokenizer's names) that OpenAI's models use. */
export type TokenEncoding = 'o200k_base' | 'cl100k_base';

/** US dollars per million tokens. */
export interface ModelPrice {
  inputPerMillionTokens: number;
  outputPerMillionTokens: number;
}

export interface KnownModel {
  /** The name, or the start of dated or suffixed names (gpt-4o-mini-2024-07-18 is gpt-4o-mini). */
  name: string;
  contextTokens: number;
  encoding: TokenEncoding;
  /** OpenAI's list price at the time of writing (standard tier, not batch). */
  price: ModelPrice;
}

const price = (input: number, output: number): ModelPrice => ({ inputPerMillionTokens: input, outputPerMillionTokens: output });

export const KNOWN_MODELS: readonly KnownModel[] = [
  { name: 'gpt-5', contextTokens: 400_000, encoding: 'o200k_base', price: price(1.25, 10) },
  { name: 'gpt-5-mini', contextTokens: 400_000, encoding: 'o200k_base', price: price(0.25, 2) },
  { name: 'gpt-5-nano', contextTokens: 400_000, encoding: 'o200k_base', price: price(0.05, 0.4) },
  { name: 'gpt-4.1', contextTokens: 1_047_576, encoding: 'o200k_base', price: price(2, 8) },
  { name: 'gpt-4.1-mini', contextTokens: 1_047_576, encoding: 'o200k_base', price: price(0.4, 1.6) },
  { name: 'gpt-4.1-nano', contextTokens: 1_047_576, encoding: 'o200k_base', price: price(0.1, 0.4) },
  { name: 'gpt-4o', contextTokens: 128_000, encoding: 'o200k_base', price: price(2.5, 10) },
  { name: 'gpt-4o-mini', contextTokens: 128_000, encoding: 'o200k_base', price: price(0.15, 0.6) },
  { name: 'o3', contextTokens: 200_000, encoding: 'o200k_base', price: price(2, 8) },
  { name: 'o3-mini', contextTokens: 200_000, encoding: 'o200k_base', price: price(1.1, 4.4) },
  { name: 'o4-mini', contextTokens: 200_000, encoding: 'o200k_base', price: price(1.1, 4.4) },
  { name: 'gpt-4-turbo', contextTokens: 128_000, encoding: 'cl100k_base', price: price(10, 30) },
  { name: 'gpt-4', contextTokens: 8_192, encoding: 'cl100k_base', price: price(30, 60) },
  { name: 'gpt-3.5-turbo', contextTokens: 16_385, encoding: 'cl100k_base', price: price(0.5, 1.5) },
  { name: 'text-embedding-3-small', contextTokens: 8_191, encoding: 'cl100k_base', price: price(0.02, 0) },
  { name: 'text-embedding-3-large', contextTokens: 8_191, encoding: 'cl100k_base', price: price(0.13, 0) },
  { name: 'text-embedding-ada-002', contextTokens: 8_191, encoding: 'cl100k_base', price: price(0.1, 0) },
];

/**
 * The known model a name refers to: an exact match, else the longest known name it starts with
 * followed by "-" (a date or variant), ignoring case and a provider prefix such as "openai/".
 */
export function findKnownModel(model: string): KnownModel | undefined {
  const name = model.toLowerCase().replace(/^openai\//, '');
  let best: KnownModel | undefined;
  for (const known of KNOWN_MODELS) {
    const matches = name === known.name || name.startsWith(`${known.name}-`);
    if (matches && (!best || known.name.length > best.name.length)) best = known;
  }
  return best;
}
