import type { TextEdit, TextRange } from './textRange';

/**
 * The stable codes of pipeline diagnostics. Tests, the CLI's output and quick fixes key on
 * them, so a code is never renamed; a new kind of problem gets a new code.
 */
export const DIAGNOSTIC_CODES = [
  'yaml-syntax',
  'schema',
  'unknown-task',
  'unknown-step-kind',
  'unknown-param',
  'missing-param',
  'invalid-param',
  'template-placeholder',
  'unknown-reference',
  'duplicate-step',
  'cycle',
  'unreachable-step',
  'missing-after',
  'generator-after',
  'generator-rows',
  'rows-not-generator',
  'no-llm',
  'unknown-llm',
  'load-missing',
  'load-format',
  'load-unreadable',
  'missing-column',
  'column-type-mismatch',
  'unknown-mapping-column',
  'unknown-mapping-key',
  'overwrites-column',
] as const;

export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];

export type Severity = 'error' | 'warning';

/** A way to make a diagnostic go away, as edits to the pipeline file. */
export interface QuickFix {
  title: string;
  edits: TextEdit[];
  /** The fix to apply when the user asks for "the" fix (VS Code's auto-fix, Ctrl+.). */
  preferred?: boolean;
}

/** Another place in the same file that explains a diagnostic: the step that produced or dropped a column. */
export interface RelatedLocation {
  range: TextRange;
  message: string;
}

export interface PipelineDiagnostic {
  range: TextRange;
  severity: Severity;
  code: DiagnosticCode;
  message: string;
  relatedInformation?: RelatedLocation[];
  /** Plain data, so it survives the trip to the editor and back with a code-action request. */
  data?: { fixes: QuickFix[] };
}
