import type { PipelineDiagnostic, QuickFix } from './diagnostic';
import type { PipelineHost } from './pipelineHost';
import { rangesTouch, type TextRange } from './textRange';
import { validatePipeline } from './validate';

export interface PipelineCodeAction extends QuickFix {
  /** The diagnostic the fix makes go away. */
  diagnostic: PipelineDiagnostic;
}

/**
 * The quick fixes for the problems at `range`. The file is checked again rather than trusting
 * the fixes carried by the editor's diagnostics, which may be a keystroke behind the text.
 */
export async function pipelineCodeActions(text: string, range: TextRange, host: PipelineHost): Promise<PipelineCodeAction[]> {
  const diagnostics = await validatePipeline(text, host);
  return diagnostics
    .filter((diagnostic) => rangesTouch(diagnostic.range, range))
    .flatMap((diagnostic) => (diagnostic.data?.fixes ?? []).map((fix) => ({ ...fix, diagnostic })));
}
