import { readFile } from 'node:fs/promises';
import * as z from 'zod';
import { costOf, formatCost, priceFor, priceTableSchema, type PriceQuote, type PriceTable, type TokenCounts } from '../core/estimate/cost';
import { describeFileError } from './fileErrors';
import { UsageError } from './usageError';

/** Reads --prices FILE: `{ "model": { "inputPerMillionTokens": 0.15, "outputPerMillionTokens": 0.6 } }`. */
export async function readPriceFile(path: string): Promise<PriceTable> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(describeFileError(error, { label: `--prices ${path}`, path, action: 'read' }));
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--prices ${path} is not JSON (${error instanceof Error ? error.message : String(error)}). Write {"model name": {"inputPerMillionTokens": 0.15, "outputPerMillionTokens": 0.6}}.`);
  }
  const parsed = priceTableSchema.safeParse(json);
  if (!parsed.success) throw new UsageError(`--prices ${path} has problems:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** Models' prices: --prices first, then the known-models table. Read once, before anything is sent, so a bad file costs nothing. */
export async function loadPrices(pricesPath: string | undefined): Promise<(model: string) => PriceQuote | undefined> {
  const table = pricesPath === undefined ? undefined : await readPriceFile(pricesPath);
  return (model) => priceFor(model, table, `--prices ${pricesPath ?? ''}`);
}

/** The model's price: --prices first, then the known-models table. */
export async function quoteFor(model: string, pricesPath: string | undefined): Promise<PriceQuote | undefined> {
  return (await loadPrices(pricesPath))(model);
}

/** "gpt-4o-mini at $0.15 in / $0.60 out per million tokens, from the known-models table" */
export function describeQuote(model: string, quote: PriceQuote): string {
  const dollars = (n: number) => `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 4 })}`;
  return `${model} at ${dollars(quote.price.inputPerMillionTokens)} in / ${dollars(quote.price.outputPerMillionTokens)} out per million tokens, from ${quote.source}`;
}

/** "$0.42 for 1,234 prompt and 567 output tokens sent (gpt-4o-mini at ...)": what a run spent, from the usage the endpoint reported. */
export function describeSpending(model: string, quote: PriceQuote | undefined, spent: TokenCounts): string {
  const tokens = `${spent.inputTokens.toLocaleString('en-US')} prompt and ${spent.outputTokens.toLocaleString('en-US')} output tokens sent`;
  return quote ? `${formatCost(costOf(quote.price, spent) ?? 0)} for ${tokens} (${describeQuote(model, quote)})` : `${noPriceKnown(model)}; ${tokens}`;
}

export function noPriceKnown(model: string): string {
  return `no price is known for "${model}" (give one with --prices FILE)`;
}
