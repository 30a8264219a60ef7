import type { StepProgress } from '../core/pipeline/run';
import { describeRequests, sumRequestCounts } from '../core/run/requestCounts';
import { formatCount } from './progressLine';

/** "seeds 20 › evolve 12 (1 failed) › score 8 · 45 requests · 12.3k tokens": rows out of each step. */
export function formatPipelineProgress(steps: readonly StepProgress[]): string {
  const flow = steps.map((step) => `${step.step} ${step.rowsOut}${step.rowsFailed > 0 ? ` (${step.rowsFailed} failed)` : ''}`).join(' › ');
  const tokens = steps.reduce((total, step) => total + step.inputTokens + step.outputTokens, 0);
  return `${flow} · ${describeRequests(sumRequestCounts(steps))} · ${formatCount(tokens)} tokens`;
}

/** One line per step: rows in and out, failures, requests, tokens, and how it ended. */
export function formatStepTable(steps: readonly StepProgress[]): string {
  const header = ['step', 'kind', 'in', 'out', 'failed', 'requests', 'tokens', 'state'];
  const rows = steps.map((step) => [
    step.step,
    step.kind,
    step.kind === 'load' ? '-' : String(step.rowsIn),
    String(step.rowsOut),
    String(step.rowsFailed + step.unreadable),
    step.kind === 'task' ? String(step.requests) : '-',
    step.kind === 'task' ? formatCount(step.inputTokens + step.outputTokens) : '-',
    step.state,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  // Names and kinds read left to right; numbers line up on the right.
  const line = (cells: readonly string[]) =>
    cells.map((cell, column) => (column < 2 || column === 7 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}
