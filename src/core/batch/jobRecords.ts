import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { errorCode, errorMessage } from '../cache/cacheError';
import type { BatchCounts } from '../llm/openAiBatches';

/** Job records live in this folder of the request cache's directory; `cache clear` leaves them, since a job may still be paid for. */
export const JOBS_FOLDER = 'batch-jobs';
const RECORD_FILE = /^(job-\d{13}-[0-9a-f]{8})\.json$/;

const batchCountsSchema = z.object({ total: z.number(), completed: z.number(), failed: z.number() }) satisfies z.ZodType<BatchCounts>;

const jobRecordSchema = z.object({
  format: z.literal(1),
  /** Also the record's file name: `job-<ms>-<hex>`. */
  id: z.string(),
  createdAt: z.string(),
  /** Where the batch went: the base URL without credentials or query, the model and the name of the key's variable (never the key). */
  endpoint: z.object({ baseUrl: z.string(), model: z.string(), apiKeyEnv: z.string().optional() }),
  /** The cache keys of its requests, which are the custom_ids of its lines. */
  requests: z.array(z.string()),
  inputFileId: z.string(),
  /** Absent until batches.create has answered; a run that finds a record without one looks for the batch before making one. */
  batchId: z.string().optional(),
  /**
   * uploaded: the input file is on the endpoint, the batch may or may not exist; submitted: the
   * batch exists; collected: its answers are in the cache and its failures below.
   */
  state: z.enum(['uploaded', 'submitted', 'collected']),
  /** The batch's status as last seen (validating, in_progress, completed, expired, ...). */
  status: z.string().optional(),
  counts: batchCountsSchema.optional(),
  collected: z
    .object({
      at: z.string(),
      answers: z.number(),
      /** Why each failed request failed, by cache key (scrubbed of keys). */
      failures: z.record(z.string(), z.string()),
      /** What the endpoint said of a batch that failed as a whole. */
      errors: z.array(z.string()).optional(),
    })
    .optional(),
});
export type JobRecord = z.infer<typeof jobRecordSchema>;

/** A record that could not be read, listed rather than dropped. */
export interface UnreadableJobRecord {
  path: string;
  problem: string;
}

/** The job records of one request cache, one small JSON file each, each written whole (a temp file renamed). */
export class JobRecords {
  readonly dir: string;

  constructor(cacheDir: string) {
    this.dir = join(cacheDir, JOBS_FOLDER);
  }

  static newId(): string {
    return `job-${String(Date.now()).padStart(13, '0')}-${randomBytes(4).toString('hex')}`;
  }

  pathOf(id: string): string {
    return join(this.dir, `${id}.json`);
  }

  /** Every readable record, oldest first, and the files that are not. */
  list(): { records: JobRecord[]; unreadable: UnreadableJobRecord[] } {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return { records: [], unreadable: [] };
      throw new Error(`Could not list the batch job records in ${this.dir}: ${errorMessage(error)}. Check that it is a readable directory.`, { cause: error });
    }
    const records: JobRecord[] = [];
    const unreadable: UnreadableJobRecord[] = [];
    for (const name of names.filter((file) => RECORD_FILE.test(file)).sort()) {
      const path = join(this.dir, name);
      const read = readRecord(path);
      if ('record' in read) records.push(read.record);
      else unreadable.push({ path, problem: read.problem });
    }
    return { records, unreadable };
  }

  /** The record named by its id or its batch's id. */
  find(id: string): JobRecord | undefined {
    return this.list().records.find((record) => record.id === id || record.batchId === id);
  }

  /** Writes the record whole: a reader, or a run killed mid-write, sees the old version or the new one, never half of one. */
  write(record: JobRecord): void {
    const path = this.pathOf(record.id);
    const temp = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
    try {
      mkdirSync(this.dir, { recursive: true });
      writeFileSync(temp, `${JSON.stringify(record, null, 1)}\n`, { flag: 'wx' });
      renameSync(temp, path);
    } catch (error) {
      try {
        unlinkSync(temp);
      } catch {
        // Never written, or already renamed.
      }
      throw new Error(`Could not write the batch job record ${path}: ${errorMessage(error)}. Check that ${this.dir} is writable and has free space; until it is, the batch's answers cannot be collected by a rerun.`, { cause: error });
    }
  }
}

function readRecord(path: string): { record: JobRecord } | { problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    return { problem: error instanceof SyntaxError ? 'not JSON' : errorMessage(error) };
  }
  const parsed = jobRecordSchema.safeParse(json);
  if (!parsed.success) return { problem: `not a batch job record this version reads (${z.prettifyError(parsed.error).split('\n')[0] ?? ''})` };
  return { record: parsed.data };
}

/** The reasons each request failed in the collected jobs, oldest first: what decides whether it is asked again. */
export function failuresByRequest(records: readonly JobRecord[]): Map<string, string[]> {
  const failures = new Map<string, string[]>();
  for (const record of records) {
    for (const [key, reason] of Object.entries(record.collected?.failures ?? {})) {
      const list = failures.get(key) ?? [];
      list.push(reason);
      failures.set(key, list);
    }
  }
  return failures;
}
