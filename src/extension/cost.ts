/** How the editor words what a run sends and spends. Pure, unit-tested. */
import { describeRequests, type RequestCounts } from '../core/run/requestCounts';
import { formatCost, type TokenCounts } from '../core/estimate/cost';

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
