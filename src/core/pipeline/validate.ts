import { analyzePipeline, type PipelineAnalysis } from './analysis';
import type { PipelineDiagnostic } from './diagnostic';
import type { PipelineHost } from './pipelineHost';
import { RULES } from './rules';
import { yamlSyntax } from './rules/yamlSyntax';
import { comparePositions } from './textRange';

/** The diagnostics of an analysed file, in the order they appear in it. */
export function diagnose(analysis: PipelineAnalysis): PipelineDiagnostic[] {
  const syntax = yamlSyntax(analysis.source);
  const diagnostics = syntax.length > 0 ? syntax : RULES.flatMap((rule) => rule(analysis));
  return diagnostics.sort((a, b) => comparePositions(a.range.start, b.range.start) || comparePositions(a.range.end, b.range.end));
}

/** Every problem of a pipeline file, each at the exact key or value it is about. */
export async function validatePipeline(text: string, host: PipelineHost): Promise<PipelineDiagnostic[]> {
  return diagnose(await analyzePipeline(text, host));
}
