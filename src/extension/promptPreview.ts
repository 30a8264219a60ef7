/**
 * The "Preview Prompts" document: the exact messages each selected row would send, with token
 * counts, what the request cache already answers, and the cost range. Pure, unit-tested.
 */
import { costOf, formatCost, type PriceQuote } from '../core/estimate/cost';
import type { CapturedCall, RowPrompts } from '../core/estimate/promptCapture';
import type { RunEstimate } from '../core/estimate/runEstimate';
import { DEFAULT_COMPLETION_ESTIMATE } from '../core/llm/tokenEstimate';
import { countChatTokens, countTextTokens, type TokenCount } from '../core/llm/tokenCount';
import { formatCount } from './cost';

export interface PromptPreviewInput {
  taskName: string;
  documentName: string;
  profileName: string;
  model: string;
  /** The parameters the user chose (defaults left out, so long templates do not swamp the page). */
  chosenParams: Readonly<Record<string, unknown>>;
  /** `num_generations`: each row is sent this many times. */
  generations: number;
  /** The profile's max_tokens, the completion budget of each request. */
  maxTokens?: number;
  /** The model's price: the profile's, the `distillery.prices` setting's or the known-models table's. */
  price?: PriceQuote;
  /** The run's figures, as `distillery run-task --dry-run` prints them. */
  estimate: RunEstimate;
  /** The first generation's prompts of each row, to show. */
  rows: readonly RowPrompts[];
  /** Selected lines that are not JSON objects. */
  invalidLines: readonly number[];
}

export interface PreviewTotals {
  /** First requests of every row and generation. */
  requests: number;
  /** Of those, the ones the request cache already answers. */
  cachedRequests: number;
  /** Requests sent once answers come back, as far as they could be followed: at least this many. */
  laterRequests: number;
  /** Of the requests to send. */
  promptTokens: number;
  /** The most the completions may cost: max_tokens each, or the usual estimate when none is set. */
  completionTokens: number;
  /** The cost range, when a price is known: prompts alone, and prompts with every completion at max_tokens. */
  minCost?: number;
  cost?: number;
}

/** Rows rendered in full; the totals always count every row. */
export const MAX_ROWS_SHOWN = 200;

export function previewTotals(input: Pick<PromptPreviewInput, 'estimate' | 'price'>): PreviewTotals {
  const { estimate, price } = input;
  const minCost = costOf(price?.price, { inputTokens: estimate.promptTokens, outputTokens: 0 });
  const cost = costOf(price?.price, { inputTokens: estimate.promptTokens, outputTokens: estimate.maxOutputTokens });
  return {
    requests: estimate.firstRequests,
    cachedRequests: estimate.cached,
    laterRequests: estimate.laterRequests,
    promptTokens: estimate.promptTokens,
    completionTokens: estimate.maxOutputTokens,
    ...(minCost !== undefined && cost !== undefined ? { minCost, cost } : {}),
  };
}

/** A request's prompt tokens: exact with the model's tokenizer when known, else estimated. */
function callTokens(call: CapturedCall, model: string): TokenCount {
  return call.kind === 'chat' ? countChatTokens(model, call.messages) : countTextTokens(model, call.texts);
}

export function renderPromptPreview(input: PromptPreviewInput): string {
  const totals = previewTotals(input);
  const out: string[] = [];
  out.push(`# Prompt preview: ${input.taskName} on ${input.documentName}`, '');
  out.push(
    `Profile **${input.profileName}** (model \`${input.model}\`) · ${input.rows.length} ${input.rows.length === 1 ? 'row' : 'rows'} · nothing has been sent.`,
  );
  const chosen = Object.entries(input.chosenParams).filter(([, value]) => value !== undefined);
  if (chosen.length > 0) out.push('', `Parameters: ${chosen.map(([name, value]) => `\`${name}\` = \`${JSON.stringify(value)}\``).join(', ')}.`);
  const exact = input.estimate.exact;
  out.push(
    '',
    `| requests | answered by the request cache | prompt tokens to send${exact ? '' : ' (estimate)'} | completion tokens (at most) | cost |`,
    '| ---: | ---: | ---: | ---: | ---: |',
  );
  const cost = totals.cost !== undefined && totals.minCost !== undefined ? `${formatCost(totals.minCost)} to ${formatCost(totals.cost)}` : 'no price known';
  out.push(`| ${formatCount(totals.requests)} | ${formatCount(totals.cachedRequests)} | ${formatCount(totals.promptTokens)} | ${formatCount(totals.completionTokens)} | ${cost} |`);
  out.push(
    '',
    (exact ? `Prompt tokens are counted with the tokenizer of \`${input.model}\`` : `Prompt tokens are estimated at about four characters per token (no tokenizer is known for \`${input.model}\`)`) +
      '; completions at their `max_tokens` budget' +
      (input.maxTokens === undefined ? ` (the profile sets none, so ${DEFAULT_COMPLETION_ESTIMATE} is assumed).` : '.') +
      ' Requests the cache answers cost nothing and are left out of the tokens and the cost.',
  );
  out.push(
    '',
    input.price
      ? `Prices: ${input.model} at $${input.price.price.inputPerMillionTokens} in / $${input.price.price.outputPerMillionTokens} out per million tokens, from ${input.price.source}.`
      : `No price is known for \`${input.model}\`: set the profile's \`pricing\` or the \`distillery.prices\` setting.`,
  );
  if (input.generations > 1) out.push('', `Each row is sent ${input.generations} times (\`num_generations\`); the first generation's prompts are shown.`);
  if (totals.laterRequests > 0) {
    out.push(
      '',
      `> At least ${formatCount(totals.laterRequests)} more ${totals.laterRequests === 1 ? 'request follows' : 'requests follow'} once answers come back. ` +
        'Their prompts are built from the answers, so only the first requests are shown and counted above.',
    );
  }
  if (input.invalidLines.length > 0) {
    out.push('', `Lines ${input.invalidLines.join(', ')} are not JSON objects: they would be skipped.`);
  }

  for (const row of input.rows.slice(0, MAX_ROWS_SHOWN)) out.push('', ...renderRow(row, input));
  if (input.rows.length > MAX_ROWS_SHOWN) {
    out.push('', `… ${input.rows.length - MAX_ROWS_SHOWN} more rows are not shown; the totals above count them.`);
  }
  return `${out.join('\n')}\n`;
}

function renderRow(row: RowPrompts, input: PromptPreviewInput): string[] {
  const out = [`## ${row.line !== undefined ? `Line ${row.line}` : `Row ${row.index + 1}`}`, ''];
  if (row.inputProblems.length > 0) {
    out.push(`This row would fail without a request: ${row.inputProblems.join('; ')}.`);
    return out;
  }
  if (row.calls.length === 0) {
    out.push('This row sends no request.');
    return out;
  }
  for (const [position, call] of row.calls.entries()) {
    const tokens = callTokens(call, input.model);
    const completionTokens = call.kind === 'chat' ? (input.maxTokens ?? DEFAULT_COMPLETION_ESTIMATE) : 0;
    const cost = costOf(input.price?.price, { inputTokens: tokens.tokens, outputTokens: completionTokens });
    const figures = [`${tokens.exact ? '' : '≈ '}${formatCount(tokens.tokens)} prompt tokens`];
    if (call.kind === 'chat') figures.push(`up to ${formatCount(completionTokens)} completion tokens`);
    if (cost !== undefined) figures.push(`up to ${formatCost(cost)}`);
    out.push(`### Request ${position + 1}: ${call.label}`, '', figures.join(' · '), '');
    if (call.kind === 'chat') {
      if (call.structuredOutput) out.push(`Asks for JSON following the schema \`${call.structuredOutput.name}\`.`, '');
      for (const message of call.messages) out.push(`**${message.role}**`, '', ...fenced(message.content), '');
    } else {
      out.push(`Embeds ${call.texts.length} ${call.texts.length === 1 ? 'text' : 'texts'}:`, '');
      for (const text of call.texts) out.push(...fenced(text), '');
    }
  }
  if (row.dependentCalls > 0) out.push('_Later requests of this row depend on the answers, so they are not shown._', '');
  return out;
}

/** The text in a code fence longer than any backtick run inside it, so it shows exactly. */
function fenced(text: string): string[] {
  const longestRun = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return [`${fence}text`, text, fence];
}
