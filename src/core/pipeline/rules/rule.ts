import type { PipelineAnalysis } from '../analysis';
import type { PipelineDiagnostic } from '../diagnostic';

/** One check of a pipeline: the diagnostics of one kind of problem, from the shared analysis. */
export type PipelineRule = (analysis: PipelineAnalysis) => PipelineDiagnostic[];
