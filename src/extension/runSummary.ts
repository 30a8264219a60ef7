/** The message that closes a run. Pure, unit-tested. */
import type { OutputMode } from './commandArgs';
import { describeRequestsAndCost } from './cost';

/** What a run on selected rows did; commands return it, so scripts and tests can read it. */
export interface SelectionRunSummary {
  task: string;
  profile: string;
  output: OutputMode;
  /** The sibling file written, in `siblingFile` mode (or when the document was closed during the run). */
  outputPath?: string;
  /** Rows sent. */
  rows: number;
  /** Rows whose results were written. */
  applied: number;
  /** Lines written (more than `applied` when a task makes several rows from one). */
  linesWritten: number;
  /** Finished rows whose outputs are null, with the reason in their metadata and the log. */
  failed: number;
  cancelled: boolean;
  /** Why the run stopped early when the endpoint turned out unusable (a refused key, an unknown model, an outage). */
  endpointDown?: string;
  /** Rows not finished when the run was cancelled or stopped; left as they were. */
  unfinished: number;
  /** 1-based selected lines that are not JSON objects; skipped. */
  invalidLines: number[];
  /** 1-based lines of rows that changed during the run; their results were not written. */
  skippedLines: number[];
  /** Requests sent to the endpoint, every retry counted. */
  requests: number;
  /** Of those, the retries. */
  retries: number;
  /** Requests the request cache answered, sending nothing (and costing nothing). */
  cacheHits: number;
  inputTokens: number;
  outputTokens: number;
  /** Of the requests sent, at the profile's prices; absent when it sets none. */
  cost?: number;
}

export function describeSelectionRun(summary: SelectionRunSummary, outputName?: string): string {
  const where =
    summary.output === 'inPlace' && summary.outputPath === undefined
      ? `wrote ${summary.applied} of ${summary.rows} rows in place`
      : `appended ${summary.linesWritten} ${summary.linesWritten === 1 ? 'row' : 'rows'} to ${outputName ?? summary.outputPath ?? 'the output file'}`;
  const parts = [`Distillery: ${summary.task} ${where}`];
  if (summary.failed > 0) parts.push(`${summary.failed} with null outputs (reasons in the Distillery log)`);
  if (summary.skippedLines.length > 0) {
    parts.push(`not written because the row changed during the run: ${plural(summary.skippedLines.length, 'line')} ${summary.skippedLines.join(', ')}`);
  }
  if (summary.invalidLines.length > 0) parts.push(`skipped ${plural(summary.invalidLines.length, 'line')} ${summary.invalidLines.join(', ')} (not JSON objects)`);
  const leftAlone = `${summary.unfinished} unfinished ${plural(summary.unfinished, 'row')} left as ${summary.unfinished === 1 ? 'it was' : 'they were'}`;
  if (summary.endpointDown !== undefined) {
    parts.push(`stopped because the endpoint is not usable: ${leftAlone}, to run again once it works (answers already received come from the request cache)`);
  } else if (summary.cancelled) {
    parts.push(`cancelled: ${leftAlone}`);
  }
  parts.push(describeRequestsAndCost(summary));
  return `${parts.join('; ')}.`;
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}
