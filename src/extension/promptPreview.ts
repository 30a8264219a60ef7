/**
 * The "Preview Prompts" document: the exact messages each selected row would send, with token
 * estimates and a cost estimate from the profile's prices. Pure, unit-tested.
 */
import { estimateRequestTokens } from '../core/llm';
import { DEFAULT_COMPLETION_ESTIMATE } from '../core/llm/tokenEstimate';
import { costOf, formatCost } from '../core/estimate/cost';
import { formatCount } from './cost';
import type { Pricing } from './profiles';
import type { CapturedCall, RowPrompts } from '../core/estimate/promptCapture';

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
  pricing?: Pricing;
  rows: readonly RowPrompts[];
  /** Selected lines that are not JSON objects. */
  invalidLines: readonly number[];
}

export interface CallEstimate {
  promptTokens: number;
  /** The most the completion may cost: max_tokens, or the usual estimate when none is set. */
  completionTokens: number;
}

export interface PreviewTotals extends CallEstimate {
  /** Requests shown (first requests of every row, times the generations). */
  requests: number;
  /** Rows that send more requests once answered; the totals do not include those. */
  rowsWithDependentCalls: number;
  cost?: number;
}

/** Rows rendered in full; the totals always count every row. */
export const MAX_ROWS_SHOWN = 200;

export function estimateCall(call: CapturedCall, maxTokens: number | undefined): CallEstimate {
  if (call.kind === 'embedding') {
    return { promptTokens: estimateRequestTokens(call.texts.map((content) => ({ role: 'user', content })), 0), completionTokens: 0 };
  }
  return { promptTokens: estimateRequestTokens(call.messages, 0), completionTokens: maxTokens ?? DEFAULT_COMPLETION_ESTIMATE };
}

export function previewTotals(input: PromptPreviewInput): PreviewTotals {
  let requests = 0;
  let promptTokens = 0;
  let completionTokens = 0;
  for (const row of input.rows) {
    for (const call of row.calls) {
      const estimate = estimateCall(call, input.maxTokens);
      requests += input.generations;
      promptTokens += estimate.promptTokens * input.generations;
      completionTokens += estimate.completionTokens * input.generations;
    }
  }
  const cost = costOf(input.pricing, { inputTokens: promptTokens, outputTokens: completionTokens });
  return {
    requests,
    promptTokens,
    completionTokens,
    rowsWithDependentCalls: input.rows.filter((row) => row.dependentCalls > 0).length,
    ...(cost !== undefined ? { cost } : {}),
  };
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
  out.push('', '| requests | prompt tokens (estimate) | completion tokens (at most) | cost (estimate) |', '| ---: | ---: | ---: | ---: |');
  out.push(
    `| ${formatCount(totals.requests)} | ${formatCount(totals.promptTokens)} | ${formatCount(totals.completionTokens)} | ${
      totals.cost !== undefined ? formatCost(totals.cost) : 'no prices in the profile'
    } |`,
  );
  out.push('', 'Prompt tokens are estimated at about four characters per token; completions at their `max_tokens` budget' +
    (input.maxTokens === undefined ? ` (the profile sets none, so ${DEFAULT_COMPLETION_ESTIMATE} is assumed).` : '.'));
  if (input.generations > 1) out.push('', `Each row is sent ${input.generations} times (\`num_generations\`); the first generation's prompts are shown.`);
  if (totals.rowsWithDependentCalls > 0) {
    out.push(
      '',
      `> ${totals.rowsWithDependentCalls} ${totals.rowsWithDependentCalls === 1 ? 'row sends' : 'rows send'} more requests after the first answer comes back. ` +
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
    const estimate = estimateCall(call, input.maxTokens);
    const cost = costOf(input.pricing, { inputTokens: estimate.promptTokens, outputTokens: estimate.completionTokens });
    const figures = [`≈ ${formatCount(estimate.promptTokens)} prompt tokens`];
    if (call.kind === 'chat') figures.push(`up to ${formatCount(estimate.completionTokens)} completion tokens`);
    if (cost !== undefined) figures.push(`≈ ${formatCost(cost)}`);
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
