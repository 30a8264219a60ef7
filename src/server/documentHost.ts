import { fileURLToPath } from 'node:url';
import { nodePipelineHost, type PipelineHost, type SampleCache } from '../core/pipeline/languageService';

/**
 * An unsaved pipeline has no folder for its `load` paths to be relative to: its sources are
 * taken to exist, and their columns as unknown (a warning says why), rather than all missing.
 */
const UNSAVED_HOST: PipelineHost = {
  fileExists: () => Promise.resolve(true),
  readSample: () => Promise.resolve({ error: 'the pipeline file is not saved yet, and `load` paths are relative to it' }),
};

/** File access for the document at `uri`, sharing one sample cache across documents. */
export function hostForDocument(uri: string, samples: SampleCache): PipelineHost {
  return uri.startsWith('file:') ? nodePipelineHost(fileURLToPath(uri), samples) : UNSAVED_HOST;
}
