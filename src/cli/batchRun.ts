import type { RequestStore } from '../core/cache';
import { advanceJob, submitBatch, MAX_REQUESTS_PER_BATCH } from '../core/batch/batchJobs';
import { BatchRounds, type EndpointRound } from '../core/batch/batchRounds';
import { failuresByRequest, JobRecords, type JobRecord } from '../core/batch/jobRecords';
import type { EndpointDownError, PendingInBatchError } from '../core/llm';
import { createBatchApi, type BatchApi } from '../core/llm/openAiBatches';
import { safeDetail } from '../core/llm/failure';
import { resolveApiKey } from '../core/llm/config';
import { EXIT } from './usage';

/** What one pass over the run found, writing nothing. */
export interface BatchPass {
  rowsPending: number;
  /** Requests sent online during the pass (--batch-fallback online), retries counted. */
  requestsSent: number;
  cancelled: boolean;
  endpointDown?: EndpointDownError;
}

export interface BatchRunInput {
  store: RequestStore;
  fallbackOnline: boolean;
  /** Runs every row through the rounds' clients without writing anything, reporting rows left for a batch. */
  pass(rounds: BatchRounds, onRowPending: (where: string, pending: PendingInBatchError) => void): Promise<BatchPass>;
  /** The run that writes the output, once no request is pending: every answer comes from the cache. */
  finish(rounds: BatchRounds): Promise<number>;
}

const err = process.stderr;

/**
 * A --batch run: passes over the rows with clients that answer from the cache and leave every
 * other request for a batch. Nothing pending: the output is written, as an online run writes
 * it. Pending requests already in a recorded job: the job is polled, and once it is finished its
 * answers go into the cache and the next pass starts (the next round of a multi-round task).
 * Pending requests in no job: they are submitted as a new batch, and the run ends with
 * EXIT.batchPending, asking to be run again.
 */
export async function runInBatches(input: BatchRunInput): Promise<number> {
  const records = new JobRecords(input.store.dir);
  const apis = new Map<string, BatchApi>();
  const apiFor = (round: EndpointRound) => {
    const id = JSON.stringify(round.endpoint);
    let api = apis.get(id);
    if (api === undefined) {
      api = createBatchApi(round.config);
      apis.set(id, api);
    }
    return api;
  };
  for (;;) {
    const listed = records.list();
    for (const { path, problem } of listed.unreadable) err.write(`warning: ${path}: ${problem}; the job it records is left alone.\n`);
    const rounds = new BatchRounds({ failures: failuresByRequest(listed.records), fallbackOnline: input.fallbackOnline });
    const pass = await input.pass(rounds, (where, pending) => {
      if (pending.earlierFailure !== undefined) err.write(`${where}: ${pending.message}.\n`);
    });
    if (pass.requestsSent > 0) err.write(`Sent ${pass.requestsSent} ${pass.requestsSent === 1 ? 'request' : 'requests'} online that a batch had failed (--batch-fallback online).\n`);
    if (pass.endpointDown) {
      err.write(`Stopped: the endpoint is not usable. ${pass.endpointDown.message}\n`);
      return EXIT.endpointDown;
    }
    if (pass.cancelled) {
      err.write('Interrupted: nothing was submitted; answers already received are in the cache. Run the same command again to go on.\n');
      return EXIT.interrupted;
    }
    if (pass.rowsPending === 0) return input.finish(rounds);

    const pending = rounds.pendingKeys();
    const open = listed.records.filter((record) => record.state !== 'collected' && record.requests.some((key) => pending.has(key)));
    const withPending = rounds.withPending();
    let collectedAny = false;
    for (const job of open) {
      // Keys name their endpoint and model, so the round holding one of the job's requests is the job's endpoint.
      const entry = withPending.find(({ round }) => job.requests.some((key) => round.pending.has(key))) as EndpointRound;
      const { record, problems } = await advanceJob(apiFor(entry), records, job, input.store, scrubberFor(entry));
      if (record.state === 'collected') {
        collectedAny = true;
        reportCollected(record, problems ?? []);
      } else {
        err.write(`${describeJob(record)} is ${record.status ?? 'submitted'}${record.counts ? `: ${record.counts.completed} of ${record.counts.total} requests done` : ''}.\n`);
      }
    }
    // Answers arrived: the next pass finds them and goes on to the next round.
    if (collectedAny) continue;

    const inJobs = new Set(open.flatMap((record) => record.requests));
    let submitted = 0;
    for (const entry of withPending) {
      const requests = [...entry.round.pending].filter(([key]) => !inJobs.has(key));
      for (let start = 0; start < requests.length; start += MAX_REQUESTS_PER_BATCH) {
        const part = new Map(requests.slice(start, start + MAX_REQUESTS_PER_BATCH));
        const record = await submitBatch(apiFor(entry), records, entry.endpoint, part);
        submitted += part.size;
        err.write(`Submitted ${describeJob(record)}: ${part.size} ${part.size === 1 ? 'request' : 'requests'} to ${record.endpoint.baseUrl}, model ${record.endpoint.model}.\n`);
      }
    }
    const waiting = pending.size - submitted;
    err.write(
      `${pass.rowsPending} ${pass.rowsPending === 1 ? 'row waits' : 'rows wait'} for ${submitted > 0 && waiting > 0 ? 'these batches' : 'the batch'} (${pending.size} requests` +
        `${waiting > 0 && submitted > 0 ? `, ${waiting} of them in batches submitted before` : ''}); nothing was written. ` +
        'Run the same command again to collect the answers and go on: a batch finishes within 24 hours, and `distillery batch status` shows how far it is.\n',
    );
    return EXIT.batchPending;
  }
}

/** Server text in messages and records, shortened and without the endpoint's key. */
function scrubberFor(entry: EndpointRound): (text: string) => string {
  const key = resolveApiKey(entry.config).value;
  return (text) => safeDetail(text, key);
}

export function describeJob(record: JobRecord): string {
  return `batch ${record.batchId ?? '(not made yet)'} (job ${record.id})`;
}

function reportCollected(record: JobRecord, problems: readonly string[]): void {
  const collected = record.collected;
  if (collected === undefined) return;
  const failed = Object.keys(collected.failures).length;
  err.write(
    `Collected ${describeJob(record)}, ${record.status}: ${collected.answers} ${collected.answers === 1 ? 'answer' : 'answers'} into the request cache` +
      `${failed > 0 ? `, ${failed} ${failed === 1 ? 'request' : 'requests'} failed (their rows are listed below with the reason)` : ''}.\n`,
  );
  for (const error of collected.errors ?? []) if (!problems.includes(error)) err.write(`  ${error}\n`);
  for (const problem of problems) err.write(`  ${problem}\n`);
}
