import { costOf, formatCost, type PriceQuote } from '../core/estimate/cost';
import type { RunEstimate } from '../core/estimate/runEstimate';
import { DEFAULT_COMPLETION_ESTIMATE } from '../core/llm/tokenEstimate';
import { describeQuote, noPriceKnown } from './priceFile';

const count = (n: number) => n.toLocaleString('en-US');

/** The figures of an estimate, one aligned line each: requests, prompt tokens, output tokens, cost. */
export function formatEstimate(estimate: RunEstimate, model: string, maxTokens: number | undefined, quote: PriceQuote | undefined): string[] {
  const toSend = estimate.firstRequests - estimate.cached;
  const lines = [`requests       ${count(estimate.firstRequests)} first requests, ${count(estimate.cached)} of them answered by the request cache already, ${count(toSend)} to send`];
  if (estimate.laterRequests > 0) {
    lines.push(`               and at least ${count(estimate.laterRequests)} more once answers come back (their prompts depend on the answers: not counted below)`);
  }
  if (estimate.rowsWithInputProblems > 0) lines.push(`               ${count(estimate.rowsWithInputProblems)} rows would fail without a request (a missing or mistyped input)`);
  lines.push(
    estimate.exact
      ? `prompt tokens  ${count(estimate.promptTokens)} (counted with ${model}'s tokenizer)`
      : `prompt tokens  about ${count(estimate.promptTokens)} (an estimate at 4 characters a token: no tokenizer is known for "${model}")`,
    `output tokens  at most ${count(estimate.maxOutputTokens)} (max_tokens ${count(maxTokens ?? DEFAULT_COMPLETION_ESTIMATE)} per request${maxTokens === undefined ? ', assumed: none is set' : ''})`,
  );
  if (quote) {
    const low = costOf(quote.price, { inputTokens: estimate.promptTokens, outputTokens: 0 }) ?? 0;
    const high = costOf(quote.price, { inputTokens: estimate.promptTokens, outputTokens: estimate.maxOutputTokens }) ?? 0;
    lines.push(`cost           ${formatCost(low)} to ${formatCost(high)} (${describeQuote(model, quote)})`);
  } else {
    lines.push(`cost           unknown: ${noPriceKnown(model)}`);
  }
  return lines;
}
