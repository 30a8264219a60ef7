/** Runs one row again, as the panel's Re-run does: the same machinery as any run (progress, log, cancel). */
import type * as vscode from 'vscode';
import type { JsonObject } from '../../core/jsonl';
import type { RowResult } from '../../core/run/rowRunner';
import { findTask } from '../../core/tasks/registry';
import { runWithProgress } from '../runWithProgress';
import { UserError, type Services } from '../services';
import type { RerunSpec } from './rerunTask';

export interface RerunTarget {
  input: JsonObject;
  /** 1-based, for the progress title and the log. */
  line: number | null;
  fileName: string;
  /** The file the panel shows: its workspace folder's request cache keeps the new answer. */
  fileUri: vscode.Uri;
}

/** The row's new result; undefined when the run was cancelled. Refusals are UserErrors. */
export async function rerunRow(services: Pick<Services, 'log' | 'runs' | 'profiles' | 'caches'>, spec: RerunSpec, target: RerunTarget, trusted: boolean): Promise<RowResult | undefined> {
  if (!trusted) {
    throw new UserError('Re-run sends the row to the endpoint, which is disabled in an untrusted workspace: trust the workspace first.', 'warning');
  }
  let task;
  try {
    task = findTask(spec.task).configure(spec.params, { input: spec.mappings });
  } catch (error) {
    throw new UserError(`Cannot re-run ${spec.task} on this row: ${error instanceof Error ? error.message : String(error)}. Run the task on it from the editor instead.`);
  }
  const profile = services.profiles.active();
  const clientConfig = await services.profiles.clientConfig(profile);
  let result: RowResult | undefined;
  await runWithProgress(services, {
    what: `${spec.task} again on ${target.line === null ? 'a row' : `line ${target.line}`} of ${target.fileName}`,
    task,
    rows: [{ index: 0, ...(target.line === null ? {} : { line: target.line }), value: target.input }],
    profile,
    clientConfig,
    fileUri: target.fileUri,
    // Re-run asks for a new answer (the last one was wrong or unparseable): the cached one would
    // be the same again. The new answer replaces it, so later runs on the row reuse it.
    refreshCache: true,
    onResult: async (finished) => {
      result = finished;
    },
  });
  return result;
}
