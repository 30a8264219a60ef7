import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BatchRounds } from '../core/batch/batchRounds';
import { createLlmClient, type ResponseCache } from '../core/llm';
import { outputPathsFor, runPipeline, type RunPlan } from '../core/pipeline/run';
import type { BatchPass, BatchRunInput } from './batchRun';
import { interruptOnSigint } from './runToFile';

/**
 * One pass of `run --batch`: the pipeline runs with clients that leave every request the cache
 * lacks for a batch, into a folder of its own that is then deleted: the real files are written
 * only by the last pass, when nothing is pending. A row left for a batch is not passed on, so
 * the steps after it see it in a later round.
 */
export async function passOverPipeline(plan: RunPlan, file: string, cache: ResponseCache, rounds: BatchRounds, onRowPending: Parameters<BatchRunInput['pass']>[1]): Promise<BatchPass> {
  const scratch = await mkdtemp(join(tmpdir(), 'distillery-batch-pass-'));
  const controller = new AbortController();
  const stopListening = interruptOnSigint(controller);
  let rowsPending = 0;
  try {
    const summary = await runPipeline(plan, {
      paths: outputPathsFor(plan, file, scratch),
      stepFiles: false,
      signal: controller.signal,
      createClient: (_llm, config) => createLlmClient(config, undefined, undefined, { ...cache, deferMisses: rounds.for(config) }),
      onRowPending: (step, row, pending) => {
        rowsPending += 1;
        onRowPending(`step ${step}, ${row.line !== undefined ? `row of line ${row.line}` : `row ${row.index + 1}`}`, pending);
      },
    });
    const requestsSent = summary.steps.reduce((total, step) => total + step.requests, 0);
    return { rowsPending, requestsSent, cancelled: summary.cancelled, ...(summary.endpointDown ? { endpointDown: summary.endpointDown } : {}) };
  } finally {
    stopListening();
    await rm(scratch, { recursive: true, force: true });
  }
}
