/** What a run spends, in tokens and money, and where a model's price comes from. */
import * as z from 'zod';
import { findKnownModel, type ModelPrice } from '../llm/knownModels';
import type { LlmEvent } from '../llm/types';

export interface TokenCounts {
  inputTokens: number;
  outputTokens: number;
}

/** US dollars per million tokens, as users write them in a price file or setting. */
export const modelPriceSchema = z.strictObject({
  inputPerMillionTokens: z.number().min(0, 'must be 0 or more'),
  outputPerMillionTokens: z.number().min(0, 'must be 0 or more'),
});

/** Model name -> price: a price file (CLI) or the `distillery.prices` setting. */
export const priceTableSchema = z.record(z.string().min(1), modelPriceSchema);
export type PriceTable = z.output<typeof priceTableSchema>;

export interface PriceQuote {
  price: ModelPrice;
  /** Where it comes from, for messages: "the price file", "the known-models table", ... */
  source: string;
}

/** The user's price for the model (exact name) first, then the known-models table; undefined when neither has one. */
export function priceFor(model: string, table: PriceTable | undefined, tableName: string): PriceQuote | undefined {
  const own = table && Object.hasOwn(table, model) ? table[model] : undefined;
  if (own) return { price: own, source: tableName };
  const known = findKnownModel(model);
  return known ? { price: known.price, source: 'the known-models table' } : undefined;
}

/** The cost of `tokens` at `price`, or undefined without a price. */
export function costOf(price: ModelPrice | undefined, tokens: TokenCounts): number | undefined {
  if (!price) return undefined;
  return (tokens.inputTokens * price.inputPerMillionTokens + tokens.outputTokens * price.outputPerMillionTokens) / 1_000_000;
}

/**
 * Adds to `spent` the tokens of each answer the endpoint sent, as the client reports them: what
 * a run is charged for. Answers from the request cache send nothing, so they add nothing.
 */
export function addSpentTokens(spent: TokenCounts, event: LlmEvent): void {
  if (event.type !== 'response') return;
  spent.inputTokens += event.usage.inputTokens;
  spent.outputTokens += event.usage.outputTokens;
}

/** "$0.42", "$0.0031", "< $0.0001": prices are written without a currency; providers list dollars. */
export function formatCost(cost: number): string {
  if (cost === 0) return '$0';
  if (cost < 0.0001) return '< $0.0001';
  if (cost < 0.01) return `$${cost.toFixed(4)}`;
  if (cost < 100) return `$${cost.toFixed(2)}`;
  return `$${Math.round(cost).toLocaleString('en-US')}`;
}
