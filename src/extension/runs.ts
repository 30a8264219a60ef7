import * as vscode from 'vscode';
import type { JsonObject } from '../core/jsonl';
import type { RowResult } from '../core/run/rowRunner';

/** Progress of one run, for the exported API (other extensions, and tests that act mid-run). */
export interface RunProgressEvent {
  runId: number;
  task: string;
  totalRows: number;
  rowsDone: number;
  rowsFailed: number;
  /** Requests sent to the endpoint. */
  requests: number;
  /** Requests the request cache answered, sending nothing. */
  cacheHits: number;
  inputTokens: number;
  outputTokens: number;
}

/** What a run on selected rows works on, for the results panel (re-runs use the same task). */
export interface RunSource {
  task: string;
  params: Record<string, unknown>;
  /** Task input -> dataset column. */
  mappings: Record<string, string>;
  /** Where the result rows land: the document itself (in place) or the sibling file. */
  resultsUri: vscode.Uri;
  /**
   * The results file gets one line per published row, in order (a pipeline's output): the panel
   * then reads rows back from it instead of holding them all.
   */
  appendsRows?: boolean;
  /** The input rows by their index in the run, to re-run one of them as it was. */
  inputs: ReadonlyMap<number, JsonObject>;
  totalRows: number;
}

export interface RunStartEvent {
  runId: number;
  source: RunSource;
}

export interface RunResultEvent {
  runId: number;
  result: RowResult;
}

export interface RunEndEvent {
  runId: number;
  cancelled: boolean;
}

export interface ActiveRun {
  readonly id: number;
  readonly signal: AbortSignal;
  cancel(): void;
  report(progress: Omit<RunProgressEvent, 'runId'>): void;
  /** Announces a finished row (after it was handed to the run's output). */
  publish(result: RowResult): void;
  /** Ends the run's registration; call once, when it has finished or been cancelled. */
  finish(): void;
}

/**
 * The runs in progress. Keeps the `distillery.runActive` context key true while any runs, so
 * that Cancel Run is enabled exactly then; Cancel Run cancels them all, as their progress
 * notifications' Cancel buttons each do for one.
 */
export class RunRegistry implements vscode.Disposable {
  private readonly active = new Map<number, AbortController>();
  private nextId = 1;
  private readonly progress = new vscode.EventEmitter<RunProgressEvent>();
  readonly onDidReportProgress = this.progress.event;
  // Only runs that describe their source (runs on selected rows) are announced: the results
  // panel follows those.
  private readonly started = new vscode.EventEmitter<RunStartEvent>();
  readonly onDidStartRun = this.started.event;
  private readonly results = new vscode.EventEmitter<RunResultEvent>();
  readonly onDidProduceResult = this.results.event;
  private readonly ended = new vscode.EventEmitter<RunEndEvent>();
  readonly onDidEndRun = this.ended.event;

  start(source?: RunSource): ActiveRun {
    const id = this.nextId++;
    const controller = new AbortController();
    this.active.set(id, controller);
    this.updateContext();
    if (source) this.started.fire({ runId: id, source });
    return {
      id,
      signal: controller.signal,
      cancel: () => controller.abort(),
      report: (progress) => this.progress.fire({ runId: id, ...progress }),
      publish: (result) => {
        if (source) this.results.fire({ runId: id, result });
      },
      finish: () => {
        this.active.delete(id);
        this.updateContext();
        if (source) this.ended.fire({ runId: id, cancelled: controller.signal.aborted });
      },
    };
  }

  /** Cancels every run in progress; returns how many there were. */
  cancelAll(): number {
    const count = this.active.size;
    for (const controller of this.active.values()) controller.abort();
    return count;
  }

  get size(): number {
    return this.active.size;
  }

  private updateContext(): void {
    void vscode.commands.executeCommand('setContext', 'distillery.runActive', this.active.size > 0);
  }

  dispose(): void {
    this.cancelAll();
    this.progress.dispose();
    this.started.dispose();
    this.results.dispose();
    this.ended.dispose();
  }
}
