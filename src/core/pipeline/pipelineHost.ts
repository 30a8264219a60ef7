import type { JsonObject } from '../jsonl/types';
import type { LoadFormat } from './load';

/** A sample of a source file's rows, or why none could be read. */
export type SampleResult = { rows: JsonObject[] } | { error: string };

/**
 * What the language service needs from outside: file access, injected so the service stays
 * pure (the server, the CLI and tests each supply their own). Paths are given as written in
 * the pipeline file; the host resolves them against the pipeline file's folder.
 */
export interface PipelineHost {
  fileExists(path: string): Promise<boolean>;
  /** The first rows of the file (enough to infer column types), for an existing file. */
  readSample(path: string, format: LoadFormat): Promise<SampleResult>;
}
