/**
 * The HTTP side of the mock's Files and Batch APIs: paths, parameters and errors as OpenAI's
 * API has them, so the `openai` SDK's files and batches resources work against the mock unchanged.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BATCH_ENDPOINT } from './mockBatchInput';
import type { MockBatches } from './mockBatches';
import { UPLOAD_PURPOSES, type MockFileStore } from './mockFiles';
import { isRecord, parseJson, sendError, sendJson, sendRaw } from './mockHttp';

/** Page sizes of the list endpoints: the default, and the most a client may ask for. */
const FILE_PAGES = { defaultLimit: 10_000, maxLimit: 10_000 };
const BATCH_PAGES = { defaultLimit: 20, maxLimit: 100 };
const MAX_METADATA_PAIRS = 16;
const MAX_METADATA_KEY = 64;
const MAX_METADATA_VALUE = 512;

export interface BatchRouteRequest {
  req: IncomingMessage;
  res: ServerResponse;
  /** Without a trailing slash. */
  path: string;
  query: URLSearchParams;
  rawBody: Buffer;
}

/** Answers a Files or Batch API request; false when `path` belongs to neither. */
export async function handleFilesAndBatches(request: BatchRouteRequest, files: MockFileStore, batches: MockBatches): Promise<boolean> {
  const [, , resource, id, action, ...rest] = request.path.split('/');
  if (rest.length > 0) return false;
  if (resource === 'files') return handleFiles(request, files, id, action);
  if (resource === 'batches') return handleBatches(request, files, batches, id, action);
  return false;
}

async function handleFiles({ req, res, query, rawBody }: BatchRouteRequest, files: MockFileStore, id: string | undefined, action: string | undefined): Promise<boolean> {
  const method = req.method ?? 'GET';
  if (id === undefined) {
    if (method === 'POST') await uploadFile(req, res, rawBody, files);
    else if (method === 'GET') listFiles(res, query, files);
    else return false;
    return true;
  }
  const isFileRoute = action === undefined && (method === 'GET' || method === 'DELETE');
  const isContentRoute = action === 'content' && method === 'GET';
  if (!isFileRoute && !isContentRoute) return false;
  const file = files.describe(id);
  const content = files.content(id);
  if (!file || !content) noSuch(res, 'File', id);
  else if (isContentRoute) sendRaw(res, 200, 'application/octet-stream', content);
  else if (method === 'GET') sendJson(res, 200, file);
  else {
    files.delete(id);
    sendJson(res, 200, { id, object: 'file', deleted: true });
  }
  return true;
}

/** `multipart/form-data` with a `file` part and a `purpose` field, as the SDK's `files.create` sends. */
async function uploadFile(req: IncomingMessage, res: ServerResponse, rawBody: Buffer, files: MockFileStore): Promise<void> {
  const contentType = req.headers['content-type'] ?? '';
  if (!contentType.startsWith('multipart/form-data')) {
    sendError(res, 400, 'Uploads must be multipart/form-data with a file and a purpose.', 'invalid_request_error', null);
    return;
  }
  // The fetch API's own multipart parser: Node built-ins only, as the mock also runs inside VS Code.
  const form = await new Response(rawBody, { headers: { 'content-type': contentType } }).formData().catch(() => undefined);
  const file = form?.get('file');
  const purpose = form?.get('purpose');
  if (!file || typeof file === 'string') {
    sendError(res, 400, "'file' is a required property: send the file as a multipart part named 'file'.", 'invalid_request_error', null, { param: 'file' });
    return;
  }
  if (typeof purpose !== 'string' || !isUploadPurpose(purpose)) {
    sendError(res, 400, `'purpose' must be one of ${UPLOAD_PURPOSES.join(', ')}, not ${JSON.stringify(purpose ?? null)}.`, 'invalid_request_error', null, { param: 'purpose' });
    return;
  }
  sendJson(res, 200, files.add(file.name, purpose, Buffer.from(await file.arrayBuffer())));
}

function isUploadPurpose(purpose: string): purpose is (typeof UPLOAD_PURPOSES)[number] {
  return (UPLOAD_PURPOSES as readonly string[]).includes(purpose);
}

function listFiles(res: ServerResponse, query: URLSearchParams, files: MockFileStore): void {
  const purpose = query.get('purpose');
  const order = query.get('order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc') {
    sendError(res, 400, "'order' must be 'asc' or 'desc'.", 'invalid_request_error', null, { param: 'order' });
    return;
  }
  const oldestFirst = files.list().filter((file) => purpose === null || file.purpose === purpose);
  sendPage(res, query, order === 'asc' ? oldestFirst : oldestFirst.reverse(), FILE_PAGES);
}

function handleBatches(
  { req, res, query, rawBody }: BatchRouteRequest,
  files: MockFileStore,
  batches: MockBatches,
  id: string | undefined,
  action: string | undefined,
): boolean {
  const method = req.method ?? 'GET';
  if (id === undefined) {
    if (method === 'POST') createBatch(res, parseJson(rawBody.toString('utf8')), files, batches);
    else if (method === 'GET') sendPage(res, query, batches.list(), BATCH_PAGES);
    else return false;
    return true;
  }
  if (action === undefined && method === 'GET') {
    const batch = batches.retrieve(id);
    if (batch) sendJson(res, 200, batch);
    else noSuch(res, 'Batch', id);
    return true;
  }
  if (action === 'cancel' && method === 'POST') {
    const batch = batches.cancel(id);
    if (!batch) noSuch(res, 'Batch', id);
    else if ('refused' in batch) sendError(res, 400, batch.refused, 'invalid_request_error', null);
    else sendJson(res, 200, batch);
    return true;
  }
  return false;
}

function createBatch(res: ServerResponse, body: unknown, files: MockFileStore, batches: MockBatches): void {
  const invalid = (message: string, param: string): void => sendError(res, 400, message, 'invalid_request_error', 'invalid_value', { param });
  if (!isRecord(body)) return invalid('The request body must be a JSON object.', 'body');
  const { input_file_id: inputFileId, endpoint, completion_window: window, metadata } = body;
  if (typeof inputFileId !== 'string') return invalid("'input_file_id' is required.", 'input_file_id');
  const input = files.describe(inputFileId);
  const content = files.content(inputFileId);
  if (!input || !content) return invalid(`Invalid 'input_file_id': no file ${inputFileId}.`, 'input_file_id');
  if (input.purpose !== 'batch') return invalid(`The input file ${inputFileId} was uploaded with purpose '${input.purpose}'; a batch needs purpose 'batch'.`, 'input_file_id');
  if (endpoint !== BATCH_ENDPOINT) return invalid(`The mock runs batches on ${BATCH_ENDPOINT} only, not ${JSON.stringify(endpoint)}.`, 'endpoint');
  if (window !== '24h') return invalid(`'completion_window' must be '24h', not ${JSON.stringify(window)}.`, 'completion_window');
  const checkedMetadata = readMetadata(metadata);
  if (typeof checkedMetadata === 'string') return invalid(checkedMetadata, 'metadata');
  sendJson(res, 200, batches.create({ inputFileId, metadata: checkedMetadata }, content));
}

/** Up to 16 string pairs, keys up to 64 characters and values up to 512; or what is wrong. */
function readMetadata(metadata: unknown): Record<string, string> | null | string {
  if (metadata === undefined || metadata === null) return null;
  if (!isRecord(metadata)) return "'metadata' must be an object of strings.";
  const entries = Object.entries(metadata);
  if (entries.length > MAX_METADATA_PAIRS) return `'metadata' holds at most ${MAX_METADATA_PAIRS} pairs.`;
  for (const [key, value] of entries) {
    if (typeof value !== 'string') return `'metadata.${key}' must be a string.`;
    if (key.length > MAX_METADATA_KEY || value.length > MAX_METADATA_VALUE) {
      return `'metadata' keys hold at most ${MAX_METADATA_KEY} characters and values ${MAX_METADATA_VALUE}.`;
    }
  }
  return Object.fromEntries(entries) as Record<string, string>;
}

/**
 * A cursor page as the API lists: `limit` items after the item whose id is `after`, with
 * `has_more` telling the SDK whether to ask for the next page.
 */
function sendPage<T extends { id: string }>(
  res: ServerResponse,
  query: URLSearchParams,
  items: readonly T[],
  sizes: { defaultLimit: number; maxLimit: number },
): void {
  const limitText = query.get('limit');
  const limit = limitText === null ? sizes.defaultLimit : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > sizes.maxLimit) {
    sendError(res, 400, `'limit' must be a whole number from 1 to ${sizes.maxLimit}, not ${limitText}.`, 'invalid_request_error', 'invalid_value', { param: 'limit' });
    return;
  }
  const after = query.get('after');
  const start = after === null ? 0 : items.findIndex((item) => item.id === after) + 1;
  // An `after` that names nothing gets an empty page rather than the first one again.
  const data = after !== null && start === 0 ? [] : items.slice(start, start + limit);
  sendJson(res, 200, { object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: data.length > 0 && start + limit < items.length });
}

function noSuch(res: ServerResponse, kind: 'File' | 'Batch', id: string): void {
  sendError(res, 404, `No such ${kind} object: ${id}`, 'invalid_request_error', null, { param: 'id' });
}
