/**
 * The pipeline language service: everything the language server, the CLI's `check` and the
 * engine's pre-run check use, with no dependency on an editor or a connection.
 */
export { validatePipeline } from './validate';
export { completePipeline, type CompletionKind, type PipelineCompletion } from './completion';
export { hoverPipeline, type PipelineHover } from './hover';
export { pipelineCodeActions, type PipelineCodeAction } from './codeActions';
export { definitionInPipeline } from './definition';
export { pipelineSymbols, type PipelineSymbol } from './symbols';
export { nodePipelineHost, SampleCache } from './nodePipelineHost';
export type { PipelineHost, SampleResult } from './pipelineHost';
export type { DiagnosticCode, PipelineDiagnostic, QuickFix, RelatedLocation, Severity } from './diagnostic';
export type { TextEdit, TextPosition, TextRange } from './textRange';
