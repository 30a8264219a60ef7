/** The pipeline engine: check and plan a pipeline file, then run it with rows streaming between steps. */
export { preparePipeline, type PrepareOptions, type PreparedPipeline } from './preparePipeline';
export { runPipeline, type PipelineRunSummary, type RunPipelineOptions } from './runPipeline';
export { outputPathsFor, existingOutputs, type OutputPaths } from './outputPaths';
export { formatProblem, type LocatedProblem } from './problems';
export type { LlmOverrides } from './llmEndpoints';
export type { RunPlan, PlannedStep } from './runPlan';
export type { StepProgress, StepState } from './stepProgress';
export type { EmittedRow } from './stepIo';
export type { LoadProblem } from '../load';
