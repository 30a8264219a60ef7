import { LineCounter, parseDocument } from 'yaml';
import { pipelineSchema, type Pipeline } from '../schema';
import type { LocatedProblem, PipelineProblem } from './problems';
import { locateInDocument } from './yamlLocator';

/** A pipeline file read as YAML and checked against the schema, able to place later problems in it. */
export interface PipelineDocument {
  file: string;
  /** Undefined when the YAML or the schema check failed. */
  pipeline: Pipeline | undefined;
  /** YAML syntax and schema problems: tersely worded, since the editor's checks (run first) explain them. */
  problems: LocatedProblem[];
  locate(problem: PipelineProblem): LocatedProblem;
}

export function parsePipelineDocument(text: string, file: string): PipelineDocument {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const locate = (problem: PipelineProblem): LocatedProblem => ({
    file,
    ...locateInDocument(document, lines, problem.path, problem.at),
    code: problem.code,
    message: problem.message,
  });
  if (document.errors.length > 0) {
    const problems = document.errors.map((error) => {
      const { line, col } = lines.linePos(error.pos[0]);
      return { file, line, column: col, code: 'yaml-syntax', message: error.message };
    });
    return { file, pipeline: undefined, problems, locate };
  }
  const parsed = pipelineSchema.safeParse(document.toJS());
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => locate({ path: issue.path as (string | number)[], code: 'schema', message: issue.message }));
    return { file, pipeline: undefined, problems, locate };
  }
  return { file, pipeline: parsed.data, problems: [], locate };
}
