/** Money spent on tokens, from a profile's prices per million tokens. Pure, unit-tested. */
import type { Pricing } from './profiles';

export interface TokenCounts {
  inputTokens: number;
  outputTokens: number;
}

/** The cost of `tokens` at `pricing`, or undefined when the profile sets no prices. */
export function costOf(pricing: Pricing | undefined, tokens: TokenCounts): number | undefined {
  if (!pricing) return undefined;
  return (tokens.inputTokens * pricing.inputPerMillionTokens + tokens.outputTokens * pricing.outputPerMillionTokens) / 1_000_000;
}

/**
 * "$0.42", "$0.0031", "< $0.0001". Prices are written in the profile without a currency; the
 * dollar sign is what providers' price lists use.
 */
export function formatCost(cost: number): string {
  if (cost === 0) return '$0';
  if (cost < 0.0001) return '< $0.0001';
  if (cost < 0.01) return `$${cost.toFixed(4)}`;
  if (cost < 100) return `$${cost.toFixed(2)}`;
  return `$${Math.round(cost).toLocaleString('en-US')}`;
}

/** 12345 -> "12,345": token counts in messages. */
export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

export interface ProgressFigures extends TokenCounts {
  rowsDone: number;
  rowsFailed: number;
  totalRows: number;
}

/** The progress notification's message: "3/10 rows · 1,234 tokens · $0.0012 · 1 failed". */
export function describeProgress(figures: ProgressFigures, pricing: Pricing | undefined): string {
  const parts = [
    `${figures.rowsDone}/${figures.totalRows} rows`,
    `${formatCount(figures.inputTokens + figures.outputTokens)} tokens`,
  ];
  const cost = costOf(pricing, figures);
  if (cost !== undefined) parts.push(formatCost(cost));
  if (figures.rowsFailed > 0) parts.push(`${figures.rowsFailed} failed`);
  return parts.join(' · ');
}
