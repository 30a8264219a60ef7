/** What a run sends and spends: requests, tokens, and money at a profile's prices. Pure, unit-tested. */
import { describeRequests, type RequestCounts } from '../core/run/requestCounts';
import type { LlmEvent } from '../core/llm';
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
 * Adds to `spent` the tokens of each answer the endpoint sent, as the client reports them: what
 * a run is charged for. Answers from the request cache send nothing, so they add nothing.
 */
export function addSpentTokens(spent: TokenCounts, event: LlmEvent): void {
  if (event.type !== 'response') return;
  spent.inputTokens += event.usage.inputTokens;
  spent.outputTokens += event.usage.outputTokens;
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


/** "12 requests · 30 from the cache · $0.42": how a run's summary ends (the cost only when the profile has prices). */
export function describeRequestsAndCost(figures: RequestCounts & { cost?: number }): string {
  return figures.cost === undefined ? describeRequests(figures) : `${describeRequests(figures)} · ${formatCost(figures.cost)}`;
}

export interface ProgressFigures extends TokenCounts, RequestCounts {
  rowsDone: number;
  rowsFailed: number;
  totalRows: number;
  /** What the requests sent so far cost; undefined when the profile sets no prices. */
  cost: number | undefined;
}

/** The progress notification's message: "3/10 rows · 12 requests (1 retry) · 30 from the cache · 1,234 tokens · $0.0012 · 1 failed". */
export function describeProgress(figures: ProgressFigures): string {
  const parts = [
    `${figures.rowsDone}/${figures.totalRows} rows`,
    describeRequests(figures),
    `${formatCount(figures.inputTokens + figures.outputTokens)} tokens`,
  ];
  if (figures.cost !== undefined) parts.push(formatCost(figures.cost));
  if (figures.rowsFailed > 0) parts.push(`${figures.rowsFailed} failed`);
  return parts.join(' · ');
}
