import type { ResponseStore } from '../llm/responseCache';
import { writeCached } from '../llm/responseCache';
import { readBatchOutputLine } from './batchLines';

export interface StoreBatchLinesOptions {
  /** Shortens server text and removes anything secret from it. */
  scrub: (text: string) => string;
  /** The model of an answer whose body names none (a batch's own endpoint); absent, such a line is a problem. */
  fallbackModel?: string;
  /** Only these keys are taken (a job's own requests); others are problems. All keys when absent. */
  expected?: ReadonlySet<string>;
}

/** What a batch output file gave, line numbers 1-based. */
export interface StoredBatchLines {
  answers: number;
  /** Requests that failed in the batch, with the reason, by cache key. */
  failures: Map<string, { line: number; reason: string }>;
  /** Lines that could not be used at all. */
  problems: { line: number; problem: string }[];
}

/**
 * Puts every answer of a batch output (or error) file into the cache under its custom_id, the
 * request's cache key, each the moment it is read; failed requests and unusable lines are
 * counted with their line. Blank lines are skipped.
 */
export async function storeBatchLines(lines: Iterable<string> | AsyncIterable<string>, store: ResponseStore, options: StoreBatchLinesOptions): Promise<StoredBatchLines> {
  const stored: StoredBatchLines = { answers: 0, failures: new Map(), problems: [] };
  const answered = new Set<string>();
  let line = 0;
  for await (const text of lines) {
    line += 1;
    if (text.trim() === '') continue;
    const outcome = readBatchOutputLine(text, options.scrub, options.fallbackModel);
    if ('problem' in outcome) {
      stored.problems.push({ line, problem: outcome.problem });
    } else if (options.expected && !options.expected.has(outcome.key)) {
      stored.problems.push({ line, problem: `custom_id ${outcome.key} is not a request of this batch` });
    } else if ('answer' in outcome) {
      writeCached({ store }, outcome.key, outcome.answer);
      // An answer wins over a failure of the same request, wherever in the file each is.
      stored.failures.delete(outcome.key);
      answered.add(outcome.key);
      stored.answers += 1;
    } else if (!answered.has(outcome.key)) {
      stored.failures.set(outcome.key, { line, reason: outcome.failure });
    }
  }
  return stored;
}
