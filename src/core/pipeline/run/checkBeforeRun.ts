import { nodePipelineHost } from '../nodePipelineHost';
import { validatePipeline } from '../validate';
import type { LocatedProblem } from './problems';

/**
 * The editor's checks, run again before anything is sent: a pipeline the editor marks with an
 * error (an input column no step produces, a template placeholder that is not a column, a
 * mapping to nothing...) never starts. Warnings do not stop a run. Paths are resolved against
 * the pipeline file's folder, as the language server resolves them.
 */
export async function checkBeforeRun(text: string, file: string): Promise<LocatedProblem[]> {
  const diagnostics = await validatePipeline(text, nodePipelineHost(file));
  return diagnostics
    .filter((diagnostic) => diagnostic.severity === 'error')
    .map((diagnostic) => ({
      file,
      line: diagnostic.range.start.line + 1,
      column: diagnostic.range.start.character + 1,
      code: diagnostic.code,
      message: diagnostic.message,
    }));
}
