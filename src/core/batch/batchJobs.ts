import type { ResponseStore } from '../llm/responseCache';
import { displayUrl } from '../llm/failureMessage';
import { FINISHED_BATCH_STATUSES, type BatchApi, type BatchInfo } from '../llm/openAiBatches';
import { batchInputLine } from './batchLines';
import { JobRecords, type JobRecord } from './jobRecords';
import { storeBatchLines } from './storeBatchLines';

/** Where a batch goes; the key's variable is named, the key never kept. */
export interface BatchEndpoint {
  baseUrl: string;
  model: string;
  apiKeyEnv?: string;
}

/** OpenAI takes at most 50,000 requests in one batch file. */
export const MAX_REQUESTS_PER_BATCH = 50_000;

/** How far back before a job's upload its batch is looked for, in case the endpoint's clock is behind ours. */
const CLOCK_SLACK_SECONDS = 3600;

/**
 * Uploads the requests as a batch input file and creates the batch, recording the job twice:
 * with the file's id once it is uploaded (a run killed before the batch is made finds the
 * record and looks for the batch before making one: never two batches of one file), and with
 * the batch's id once it exists.
 */
export async function submitBatch(api: BatchApi, records: JobRecords, endpoint: BatchEndpoint, requests: ReadonlyMap<string, Readonly<Record<string, unknown>>>): Promise<JobRecord> {
  const id = JobRecords.newId();
  const text = [...requests].map(([key, body]) => `${batchInputLine(key, body)}\n`).join('');
  const inputFileId = await api.uploadInput(`${id}.jsonl`, text);
  const record: JobRecord = {
    format: 1,
    id,
    createdAt: new Date().toISOString(),
    endpoint: { baseUrl: displayUrl(endpoint.baseUrl), model: endpoint.model, ...(endpoint.apiKeyEnv !== undefined ? { apiKeyEnv: endpoint.apiKeyEnv } : {}) },
    requests: [...requests.keys()],
    inputFileId,
    state: 'uploaded',
  };
  records.write(record);
  return createBatchOf(api, records, record);
}

async function createBatchOf(api: BatchApi, records: JobRecords, record: JobRecord): Promise<JobRecord> {
  const batch = await api.create(record.inputFileId, { distillery_job: record.id });
  return adopt(records, record, batch);
}

function adopt(records: JobRecords, record: JobRecord, batch: BatchInfo): JobRecord {
  const next: JobRecord = { ...record, batchId: batch.id, state: 'submitted', status: batch.status, ...(batch.counts ? { counts: batch.counts } : {}) };
  records.write(next);
  return next;
}

/** A job after one step forward, with what its collection found when it was collected now. */
export interface AdvancedJob {
  record: JobRecord;
  /** Set when the job was collected by this step: lines of its files that could not be used. */
  problems?: string[];
}

/**
 * Takes a job one step forward: an uploaded one gets its batch (found among the endpoint's
 * batches, or made); a submitted one is asked how far it is, and once finished its answers go
 * into the cache and its failures into the record, which becomes collected.
 */
export async function advanceJob(api: BatchApi, records: JobRecords, job: JobRecord, store: ResponseStore, scrub: (text: string) => string): Promise<AdvancedJob> {
  let record = job;
  if (record.state === 'collected') return { record };
  if (record.state === 'uploaded' || record.batchId === undefined) {
    const found = await api.findByInputFile(record.inputFileId, Date.parse(record.createdAt) / 1000 - CLOCK_SLACK_SECONDS);
    record = found ? adopt(records, record, found) : await createBatchOf(api, records, record);
  }
  const batch = await api.retrieve(record.batchId as string);
  const seen: JobRecord = { ...record, status: batch.status, ...(batch.counts ? { counts: batch.counts } : {}) };
  if (!FINISHED_BATCH_STATUSES.has(batch.status)) {
    records.write(seen);
    return { record: seen };
  }
  return collect(api, records, seen, batch, store, scrub);
}

async function collect(api: BatchApi, records: JobRecords, record: JobRecord, batch: BatchInfo, store: ResponseStore, scrub: (text: string) => string): Promise<AdvancedJob> {
  const options = { scrub, fallbackModel: record.endpoint.model, expected: new Set(record.requests) };
  const failures: Record<string, string> = {};
  const problems: string[] = [];
  let answers = 0;
  for (const [fileId, name] of [
    [batch.outputFileId, 'output'],
    [batch.errorFileId, 'error'],
  ] as const) {
    if (fileId === undefined) continue;
    const stored = await storeBatchLines((await api.fileText(fileId)).split('\n'), store, options);
    answers += stored.answers;
    for (const [key, { reason }] of stored.failures) failures[key] = reason;
    problems.push(...stored.problems.map(({ line, problem }) => `${name} file ${fileId}, line ${line}: ${problem}`));
  }
  // A request answered in one file is not failed by a line of the other.
  for (const key of Object.keys(failures)) if (store.get(key) !== undefined) delete failures[key];
  // A batch that failed as a whole (its file refused) answers nothing: each request failed with its reasons.
  if (batch.status === 'failed') {
    const reason = batch.errors.length > 0 ? batch.errors.slice(0, 3).join('; ') : 'the batch failed';
    for (const key of record.requests) failures[key] ??= reason;
  }
  const collected: JobRecord = {
    ...record,
    state: 'collected',
    collected: { at: new Date().toISOString(), answers, failures, ...(batch.errors.length > 0 || problems.length > 0 ? { errors: [...batch.errors, ...problems] } : {}) },
  };
  records.write(collected);
  return { record: collected, problems };
}
