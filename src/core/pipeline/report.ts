import type { Node } from 'yaml';
import type { DiagnosticCode, PipelineDiagnostic, QuickFix, RelatedLocation, Severity } from './diagnostic';
import type { PipelineSource } from './locate';
import type { TextRange } from './textRange';

interface ReportOptions {
  severity?: Severity;
  related?: RelatedLocation[];
  fixes?: QuickFix[];
}

/** A diagnostic at a node (or an exact range), with its related places and fixes when it has any. */
export function report(source: PipelineSource, at: Node | TextRange, code: DiagnosticCode, message: string, options: ReportOptions = {}): PipelineDiagnostic {
  const range = 'start' in at ? at : source.rangeOf(at);
  return {
    range,
    severity: options.severity ?? 'error',
    code,
    message,
    ...(options.related && options.related.length > 0 ? { relatedInformation: options.related } : {}),
    ...(options.fixes && options.fixes.length > 0 ? { data: { fixes: options.fixes } } : {}),
  };
}

/** The fix that replaces a node's text with `replacement`, e.g. a misspelt name with the right one. */
export function replaceFix(source: PipelineSource, node: Node, replacement: string, title: string, preferred = false): QuickFix {
  return { title, edits: [{ range: source.rangeOf(node), newText: replacement }], ...(preferred ? { preferred } : {}) };
}
