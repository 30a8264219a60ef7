import { toFile } from 'openai';
import type { LlmClientConfig } from './config';
import { safeDetail } from './failure';
import { failureToLlmError } from './failureMessage';
import { classifySdkError, connect } from './openAiClient';

/** How many of a batch's requests are done, as the endpoint counts them. */
export interface BatchCounts {
  total: number;
  completed: number;
  failed: number;
}

/** What Distillery reads of a batch. */
export interface BatchInfo {
  id: string;
  /** validating, failed, in_progress, finalizing, completed, expired, cancelling or cancelled. */
  status: string;
  inputFileId: string;
  outputFileId?: string;
  errorFileId?: string;
  counts?: BatchCounts;
  /** What the endpoint said of a batch that failed as a whole (its input file refused, ...). */
  errors: string[];
  /** Unix seconds. */
  createdAt?: number;
}

/** The statuses after which a batch changes no more. */
export const FINISHED_BATCH_STATUSES: ReadonlySet<string> = new Set(['completed', 'failed', 'expired', 'cancelled']);

/** An endpoint's files and batches APIs, as the batch runs use them. Errors are Errors whose message says what failed and what to do. */
export interface BatchApi {
  /** Uploads a batch input file (purpose `batch`); resolves to its file id. */
  uploadInput(fileName: string, text: string): Promise<string>;
  /** Creates the batch of chat completions over an uploaded file, to finish within 24 h. Sent once: never retried, so it cannot make two batches. */
  create(inputFileId: string, metadata: Record<string, string>): Promise<BatchInfo>;
  /** The batch made from `inputFileId`, looking back through the endpoint's batches to those created before `notBeforeSeconds`. */
  findByInputFile(inputFileId: string, notBeforeSeconds: number): Promise<BatchInfo | undefined>;
  retrieve(batchId: string): Promise<BatchInfo>;
  cancel(batchId: string): Promise<BatchInfo>;
  /** The text of an output or error file. */
  fileText(fileId: string): Promise<string>;
}

/** Retries for the calls that may be repeated safely: reads, and uploads (an extra file costs nothing). */
const SAFE_RETRIES = 2;

/** The files and batches APIs of the endpoint `config` describes, through the openai SDK. */
export function createBatchApi(configInput: LlmClientConfig): BatchApi {
  const { config, apiKey, sdk, endpoint } = connect(configInput);
  const fail = (what: string) => (error: unknown): never => {
    const failure = classifySdkError(error, apiKey.value, config.timeoutMs);
    if (failure.kind === 'http' && failure.status === 404) {
      throw new Error(
        `${what}: ${endpoint.url} answered HTTP 404${failure.detail ? ` (${failure.detail})` : ''}: it has no batch API there. OpenAI and Azure OpenAI have one; for vLLM or another server, write the requests with \`distillery batch export\` and answer them with its offline runner (README: "When one endpoint is not enough").`,
        { cause: error },
      );
    }
    throw new Error(`${what}: ${failureToLlmError(failure, 1, endpoint).message}`, { cause: error });
  };
  const safe = { maxRetries: SAFE_RETRIES };
  const scrub = (text: string) => safeDetail(text, apiKey.value);
  return {
    uploadInput: async (fileName, text) => {
      try {
        const file = await sdk.files.create({ file: await toFile(Buffer.from(text, 'utf8'), fileName), purpose: 'batch' }, safe);
        return file.id;
      } catch (error) {
        return fail('Uploading the batch input file')(error);
      }
    },
    create: (inputFileId, metadata) =>
      sdk.batches
        .create({ input_file_id: inputFileId, endpoint: '/v1/chat/completions', completion_window: '24h', metadata }, { maxRetries: 0 })
        .then((batch) => batchInfo(batch, scrub), fail('Creating the batch')),
    findByInputFile: async (inputFileId, notBeforeSeconds) => {
      try {
        for await (const batch of sdk.batches.list({ limit: 100 }, safe)) {
          if (batch.input_file_id === inputFileId) return batchInfo(batch, scrub);
          // Newest first: past the upload, the batch cannot be further down.
          if (typeof batch.created_at === 'number' && batch.created_at < notBeforeSeconds) return undefined;
        }
        return undefined;
      } catch (error) {
        return fail('Looking for the batch of an uploaded file')(error);
      }
    },
    retrieve: (batchId) => sdk.batches.retrieve(batchId, safe).then((batch) => batchInfo(batch, scrub), fail(`Asking for batch ${batchId}`)),
    cancel: (batchId) => sdk.batches.cancel(batchId, safe).then((batch) => batchInfo(batch, scrub), fail(`Cancelling batch ${batchId}`)),
    fileText: (fileId) =>
      sdk.files
        .content(fileId, safe)
        .then((response) => response.text())
        .catch(fail(`Downloading file ${fileId}`)),
  };
}

interface SdkBatch {
  id: string;
  status: string;
  input_file_id: string;
  output_file_id?: string | null;
  error_file_id?: string | null;
  request_counts?: { total: number; completed: number; failed: number } | null;
  errors?: { data?: { code?: string | null; message?: string | null; line?: number | null }[] | null } | null;
  created_at?: number;
}

function batchInfo(batch: SdkBatch, scrub: (text: string) => string): BatchInfo {
  const counts = batch.request_counts;
  return {
    id: batch.id,
    status: batch.status,
    inputFileId: batch.input_file_id,
    ...(batch.output_file_id ? { outputFileId: batch.output_file_id } : {}),
    ...(batch.error_file_id ? { errorFileId: batch.error_file_id } : {}),
    ...(counts ? { counts: { total: counts.total, completed: counts.completed, failed: counts.failed } } : {}),
    errors: (batch.errors?.data ?? []).map((error) =>
      scrub(`${error.line != null ? `line ${error.line}: ` : ''}${error.code ?? 'error'}${error.message ? ` (${error.message})` : ''}`),
    ),
    ...(typeof batch.created_at === 'number' ? { createdAt: batch.created_at } : {}),
  };
}
