import { readFile } from 'node:fs/promises';
import { checkBeforeRun } from './checkBeforeRun';
import type { LlmOverrides } from './llmEndpoints';
import { parsePipelineDocument } from './pipelineDocument';
import { planPipeline } from './planPipeline';
import type { LocatedProblem } from './problems';
import type { RunPlan } from './runPlan';

export interface PrepareOptions {
  /** The file's text when the caller has it (an unsaved editor); read from disk otherwise. */
  text?: string;
  llmOverrides?: LlmOverrides;
  includeMetadata?: boolean;
}

export type PreparedPipeline = { plan: RunPlan; problems: [] } | { plan: undefined; problems: LocatedProblem[] };

/**
 * Reads and checks a pipeline file and plans its run, or gives every problem found, each at
 * its line and column. The editor's checks come first: when they find errors, those are the
 * problems reported, worded as the editor and `distillery check` word them. Throws only when
 * the file cannot be read.
 */
export async function preparePipeline(file: string, options: PrepareOptions = {}): Promise<PreparedPipeline> {
  const text = options.text ?? (await readFile(file, 'utf8'));
  const editorProblems = await checkBeforeRun(text, file);
  if (editorProblems.length > 0) return { plan: undefined, problems: editorProblems };
  const document = parsePipelineDocument(text, file);
  if (!document.pipeline) return { plan: undefined, problems: document.problems };
  const planned = planPipeline(document.pipeline, {
    pipelineFile: file,
    ...(options.llmOverrides ? { llmOverrides: options.llmOverrides } : {}),
    ...(options.includeMetadata !== undefined ? { includeMetadata: options.includeMetadata } : {}),
  });
  if (planned.plan) return planned;
  return { plan: undefined, problems: planned.problems.map(document.locate).sort((a, b) => a.line - b.line || a.column - b.column) };
}
