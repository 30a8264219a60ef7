/**
 * A batch's input file as the Batch API reads it: one request a line, checked before the batch
 * runs; any bad line fails the whole batch at validation.
 */
import { CHAT_PATH } from './mockChat';
import { isRecord } from './mockHttp';

/** The one endpoint the mock's batches run. */
export const BATCH_ENDPOINT = CHAT_PATH;

/** One request of a batch's input file. */
export interface MockBatchLine {
  batchId: string;
  customId: string;
  /** 1-based line number in the input file. */
  line: number;
  /** The request's `body`: what would have been POSTed to /v1/chat/completions. */
  body: unknown;
}

/** One line of a batch's input-file validation errors, as the API reports them. */
export interface MockBatchError {
  code: string;
  line: number | null;
  message: string;
  param: string | null;
}

/** The requests of an input file, or what is wrong with its lines (blank lines are skipped). */
export function readBatchInput(batchId: string, text: string): { lines: MockBatchLine[]; errors: MockBatchError[] } {
  const lines: MockBatchLine[] = [];
  const errors: MockBatchError[] = [];
  const customIds = new Set<string>();
  text.split('\n').forEach((raw, index) => {
    if (raw.trim() === '') return;
    const line = index + 1;
    const read = readInputLine(raw, customIds);
    if (Array.isArray(read)) errors.push(...read.map((problem) => ({ ...problem, line })));
    else lines.push({ batchId, line, ...read });
  });
  return { lines, errors };
}

/**
 * One request, or what is wrong with it: a JSON object with a `custom_id` no earlier line used
 * (added to `customIds`), `method` POST, `url` the batch's endpoint and an object `body`.
 */
function readInputLine(raw: string, customIds: Set<string>): { customId: string; body: Record<string, unknown> } | Omit<MockBatchError, 'line'>[] {
  const problem = (code: string, message: string, param: string | null = null): Omit<MockBatchError, 'line'>[] => [{ code, message, param }];
  let request: unknown;
  try {
    request = JSON.parse(raw);
  } catch {
    request = undefined;
  }
  if (!isRecord(request)) return problem('invalid_json_line', 'This line is not parseable as valid JSON.');
  const missing = (['custom_id', 'method', 'url', 'body'] as const).filter((field) => request[field] === undefined);
  if (missing.length > 0) return missing.flatMap((field) => problem('missing_required_parameter', `Missing required parameter: '${field}'.`, field));
  const { custom_id: customId, method, url, body } = request;
  if (typeof customId !== 'string') return problem('invalid_request', "'custom_id' must be a string.", 'custom_id');
  if (customIds.has(customId)) return problem('duplicate_custom_id', `The custom_id '${customId}' is used by an earlier line; each request needs its own.`, 'custom_id');
  customIds.add(customId);
  if (method !== 'POST') return problem('invalid_method', `The method must be POST, not ${JSON.stringify(method)}.`, 'method');
  if (url !== BATCH_ENDPOINT) return problem('invalid_url', `The URL provided for this request does not match the batch endpoint ${BATCH_ENDPOINT}.`, 'url');
  if (!isRecord(body)) return problem('invalid_request', "'body' must be a JSON object.", 'body');
  return { customId, body };
}
