/**
 * The mock's Batch API: batches of chat completions that move on only when a client retrieves
 * them, so a test decides when a batch finishes by polling, never by waiting. Each line is
 * answered exactly as the online endpoint answers the same request.
 */
import { randomBytes } from 'node:crypto';
import { mockAnswerFor } from './mockAnswers';
import { BATCH_ENDPOINT, readBatchInput, type MockBatchError, type MockBatchLine } from './mockBatchInput';
import { chatCompletion, parseChatBody, type ChatUsage } from './mockChat';
import type { MockFileStore } from './mockFiles';

export type MockBatchStatus = 'validating' | 'failed' | 'in_progress' | 'finalizing' | 'completed' | 'expired' | 'cancelling' | 'cancelled';

/** What a batch line gets instead of its answer; it goes to the batch's error file. */
export type MockBatchLineFault =
  /** The request was answered with this HTTP status and an OpenAI error body (`response.status_code`). */
  | { kind: 'status'; status: 400 | 401 | 403 | 404 | 422 | 429 | 500 | 502 | 503; message?: string }
  /** The request got no answer: `response` null and an `error` with this code, e.g. `request_timeout`. */
  | { kind: 'error'; code: string; message?: string };

export interface MockBatchInfo {
  id: string;
  metadata: Record<string, string> | null;
  /** How many requests the input file holds. */
  requests: number;
}

/**
 * How the batches created from now on behave. Read when a batch is created: changing it later
 * leaves the batches already submitted as they were.
 */
export interface MockBatchBehaviour {
  /**
   * How many retrieves a batch takes to end (completed, or expired): the first moves it out of
   * `validating` (to `failed` when its input is invalid), the one before the last shows
   * `finalizing` (from 3 on), the last ends it. 3 when absent: in_progress, finalizing, completed.
   */
  pollsToFinish?: number;
  /** The fault a line gets instead of its answer, or undefined to answer it. */
  lineFault?: (line: MockBatchLine) => MockBatchLineFault | undefined;
  /**
   * For a batch that expires instead of completing: how many of its requests (the first ones)
   * are run before it does; undefined, or at least its number of requests, lets it complete.
   */
  answeredBeforeExpiry?: (batch: MockBatchInfo) => number | undefined;
}

/** A batch line the mock ran (answered or faulted); lines a batch never ran are not here. */
export interface LoggedBatchLine extends MockBatchLine {
  fault?: MockBatchLineFault;
}

/** The batch as the API describes it. */
export interface MockBatchObject {
  id: string;
  object: 'batch';
  endpoint: string;
  model: string | null;
  errors: { object: 'list'; data: MockBatchError[] } | null;
  input_file_id: string;
  completion_window: string;
  status: MockBatchStatus;
  output_file_id: string | null;
  error_file_id: string | null;
  created_at: number;
  in_progress_at: number | null;
  expires_at: number;
  finalizing_at: number | null;
  completed_at: number | null;
  failed_at: number | null;
  expired_at: number | null;
  cancelling_at: number | null;
  cancelled_at: number | null;
  request_counts: { total: number; completed: number; failed: number };
  usage: {
    input_tokens: number;
    input_tokens_details: { cached_tokens: number };
    output_tokens: number;
    output_tokens_details: { reasoning_tokens: number };
    total_tokens: number;
  };
  metadata: Record<string, string> | null;
}

export interface MockBatchCreate {
  inputFileId: string;
  metadata: Record<string, string> | null;
}

const DEFAULT_POLLS_TO_FINISH = 3;
const COMPLETION_WINDOW_SECONDS = 24 * 60 * 60;

/** The `error` of requests a batch never ran, by why it stopped; the API's codes and wording. */
const NOT_RUN = {
  expired: { code: 'batch_expired', message: 'This request could not be executed before the completion window expired.' },
  cancelled: { code: 'batch_cancelled', message: 'This request was cancelled before it could be executed.' },
} as const;

interface BatchRun {
  readonly batch: MockBatchObject;
  readonly lines: MockBatchLine[];
  readonly validationErrors: MockBatchError[];
  readonly pollsToFinish: number;
  readonly lineFault: MockBatchBehaviour['lineFault'];
  /** Requests run before the batch expires; undefined when it completes. */
  readonly expiresAfter: number | undefined;
  polls: number;
  /** Output and error file lines of the requests run so far, in input order. */
  readonly outputLines: string[];
  readonly errorLines: string[];
}

export class MockBatches {
  /** Newest first, the order the API lists them in. */
  private readonly runs: BatchRun[] = [];
  private behaviour: MockBatchBehaviour;

  constructor(
    private readonly files: MockFileStore,
    private readonly model: string,
    behaviour: MockBatchBehaviour,
    private readonly log: LoggedBatchLine[],
  ) {
    this.behaviour = checked(behaviour);
  }

  setBehaviour(behaviour: MockBatchBehaviour): void {
    this.behaviour = checked(behaviour);
  }

  /** A new batch, `validating`; its input is checked now and the verdict shown on the first retrieve. */
  create(request: MockBatchCreate, input: Buffer): MockBatchObject {
    const now = seconds();
    const id = `batch_${randomBytes(12).toString('hex')}`;
    const { lines, errors } = readBatchInput(id, input.toString('utf8'));
    const batch: MockBatchObject = {
      id,
      object: 'batch',
      endpoint: BATCH_ENDPOINT,
      model: null,
      errors: null,
      input_file_id: request.inputFileId,
      completion_window: '24h',
      status: 'validating',
      output_file_id: null,
      error_file_id: null,
      created_at: now,
      in_progress_at: null,
      expires_at: now + COMPLETION_WINDOW_SECONDS,
      finalizing_at: null,
      completed_at: null,
      failed_at: null,
      expired_at: null,
      cancelling_at: null,
      cancelled_at: null,
      request_counts: { total: 0, completed: 0, failed: 0 },
      usage: { input_tokens: 0, input_tokens_details: { cached_tokens: 0 }, output_tokens: 0, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 0 },
      metadata: request.metadata,
    };
    const expiresAfter = this.behaviour.answeredBeforeExpiry?.({ id, metadata: request.metadata, requests: lines.length });
    this.runs.unshift({
      batch,
      lines,
      validationErrors: errors,
      pollsToFinish: this.behaviour.pollsToFinish ?? DEFAULT_POLLS_TO_FINISH,
      lineFault: this.behaviour.lineFault,
      expiresAfter: expiresAfter !== undefined && expiresAfter < lines.length ? Math.max(0, expiresAfter) : undefined,
      polls: 0,
      outputLines: [],
      errorLines: [],
    });
    return snapshot(batch);
  }

  /** The batch after one more step: this is the only call that moves a batch on. */
  retrieve(id: string): MockBatchObject | undefined {
    const run = this.find(id);
    if (!run) return undefined;
    this.advance(run);
    return snapshot(run.batch);
  }

  /** `cancelling` until the next retrieve, which ends it `cancelled`; undefined for an unknown id. */
  cancel(id: string): MockBatchObject | { refused: string } | undefined {
    const run = this.find(id);
    if (!run) return undefined;
    const { batch } = run;
    if (batch.status === 'validating' || batch.status === 'in_progress' || batch.status === 'finalizing') {
      batch.status = 'cancelling';
      batch.cancelling_at = seconds();
    } else if (batch.status !== 'cancelling' && batch.status !== 'cancelled') {
      return { refused: `Cannot cancel a batch with status '${batch.status}'.` };
    }
    return snapshot(batch);
  }

  /** Every batch, newest first, as they stand (listing moves none of them on). */
  list(): MockBatchObject[] {
    return this.runs.map((run) => snapshot(run.batch));
  }

  private find(id: string): BatchRun | undefined {
    return this.runs.find((run) => run.batch.id === id);
  }

  private advance(run: BatchRun): void {
    const { batch } = run;
    if (batch.status === 'cancelling') {
      this.end(run, 'cancelled');
      return;
    }
    if (batch.status !== 'validating' && batch.status !== 'in_progress' && batch.status !== 'finalizing') return;
    run.polls += 1;
    if (batch.status === 'validating') {
      if (run.validationErrors.length > 0) {
        batch.status = 'failed';
        batch.failed_at = seconds();
        batch.errors = { object: 'list', data: run.validationErrors };
        return;
      }
      batch.status = 'in_progress';
      batch.in_progress_at = seconds();
      batch.model = this.model;
      batch.request_counts.total = run.lines.length;
    }
    if (run.polls >= run.pollsToFinish) {
      this.runUpTo(run, run.expiresAfter ?? run.lines.length);
      this.end(run, run.expiresAfter === undefined ? 'completed' : 'expired');
      return;
    }
    const finalizing = run.polls === run.pollsToFinish - 1 && run.pollsToFinish >= 3;
    if (finalizing) {
      batch.status = 'finalizing';
      batch.finalizing_at = seconds();
    }
    // Requests run in step with the polls, so counts grow while the batch is in progress.
    const due = finalizing ? run.lines.length : Math.floor((run.lines.length * run.polls) / run.pollsToFinish);
    this.runUpTo(run, Math.min(due, run.expiresAfter ?? run.lines.length));
  }

  /** Runs the requests not run yet, in input order, until `count` have been. */
  private runUpTo(run: BatchRun, count: number): void {
    const counts = run.batch.request_counts;
    for (let index = counts.completed + counts.failed; index < count; index++) {
      const line = run.lines[index];
      if (!line) break;
      const fault = run.lineFault?.(line);
      this.log.push({ ...line, ...(fault ? { fault } : {}) });
      const result = fault ? faultResult(fault) : this.answer(line.body);
      const outcome = JSON.stringify({ id: requestLineId(), custom_id: line.customId, ...result.output });
      if (result.usage) {
        counts.completed += 1;
        run.outputLines.push(outcome);
        addUsage(run.batch, result.usage);
      } else {
        counts.failed += 1;
        run.errorLines.push(outcome);
      }
    }
  }

  /** The online endpoint's answer to the same request, or its 400 for a body it cannot take. */
  private answer(body: unknown): LineResult {
    const chat = parseChatBody(body);
    if (typeof chat === 'string') return faultResult({ kind: 'status', status: 400, message: chat });
    const completion = chatCompletion(chat, mockAnswerFor(chat.messages, chat.schema), this.model);
    return { output: { response: { status_code: 200, request_id: requestId(), body: completion }, error: null }, usage: completion.usage };
  }

  /** Writes the output and error files (requests never run go to the error file) and ends the batch. */
  private end(run: BatchRun, status: 'completed' | 'expired' | 'cancelled'): void {
    const { batch } = run;
    const counts = batch.request_counts;
    if (status !== 'completed') {
      const notRun = NOT_RUN[status];
      for (const line of run.lines.slice(counts.completed + counts.failed)) {
        run.errorLines.push(JSON.stringify({ id: requestLineId(), custom_id: line.customId, response: null, error: notRun }));
      }
    }
    if (run.outputLines.length > 0) batch.output_file_id = this.writeFile(`${batch.id}_output.jsonl`, run.outputLines);
    if (run.errorLines.length > 0) batch.error_file_id = this.writeFile(`${batch.id}_error.jsonl`, run.errorLines);
    const now = seconds();
    batch.status = status;
    if (status === 'completed') {
      batch.finalizing_at ??= now;
      batch.completed_at = now;
    } else if (status === 'expired') batch.expired_at = now;
    else batch.cancelled_at = now;
  }

  private writeFile(filename: string, lines: readonly string[]): string {
    return this.files.add(filename, 'batch_output', Buffer.from(`${lines.join('\n')}\n`, 'utf8')).id;
  }
}

/** Refused when set, so a test's mistake shows at the line that made it rather than as a 500 later. */
function checked(behaviour: MockBatchBehaviour): MockBatchBehaviour {
  const polls = behaviour.pollsToFinish;
  if (polls !== undefined && (!Number.isInteger(polls) || polls < 1)) throw new Error(`pollsToFinish must be a whole number from 1, not ${polls}`);
  return behaviour;
}

interface LineResult {
  /** The `response` and `error` fields of the line in the output or error file. */
  output: { response: object | null; error: object | null };
  /** Present for an answered request only. */
  usage?: ChatUsage;
}

function faultResult(fault: MockBatchLineFault): LineResult {
  if (fault.kind === 'error') return { output: { response: null, error: { code: fault.code, message: fault.message ?? `Mock batch error ${fault.code}.` } } };
  const message = fault.message ?? `Mock error ${fault.status}.`;
  const [type, code] = fault.status === 429 ? ['requests', 'rate_limit_exceeded'] : fault.status >= 500 ? ['server_error', null] : ['invalid_request_error', null];
  const body = { error: { message, type, param: null, code } };
  return { output: { response: { status_code: fault.status, request_id: requestId(), body }, error: null } };
}

function addUsage(batch: MockBatchObject, usage: ChatUsage): void {
  batch.usage.input_tokens += usage.prompt_tokens;
  batch.usage.output_tokens += usage.completion_tokens;
  batch.usage.total_tokens += usage.total_tokens;
}

/** A copy, so what a client was sent does not change as the batch moves on. */
function snapshot(batch: MockBatchObject): MockBatchObject {
  return structuredClone(batch);
}

function seconds(): number {
  return Math.floor(Date.now() / 1000);
}

function requestLineId(): string {
  return `batch_req_${randomBytes(12).toString('hex')}`;
}

function requestId(): string {
  return `req_${randomBytes(16).toString('hex')}`;
}
