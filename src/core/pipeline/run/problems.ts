import type { DiagnosticCode } from '../diagnostic';

/** A path into the pipeline document: keys and list indexes from the root, e.g. ['steps', 2, 'after']. */
export type DocumentPath = readonly (string | number)[];

/** Something that stops a pipeline from running, found before anything is sent. */
export interface PipelineProblem {
  path: DocumentPath;
  /** Point at the key itself rather than at its value (an unknown key, for instance). */
  at?: 'key' | 'value';
  /**
   * The editor's code for the same kind of problem, so `run` and `check` name it alike; the
   * engine alone also reports a step listed twice in one `after`.
   */
  code: DiagnosticCode | 'duplicate-reference';
  message: string;
}

/** A problem placed in the file, ready to print as `file:line:column: code message`. */
export interface LocatedProblem {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  code: string;
  message: string;
}

export function formatProblem(problem: LocatedProblem): string {
  return `${problem.file}:${problem.line}:${problem.column}: ${problem.code} ${problem.message}`;
}
