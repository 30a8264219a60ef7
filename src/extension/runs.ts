import * as vscode from 'vscode';

/** Progress of one run, for the exported API (other extensions, and tests that act mid-run). */
export interface RunProgressEvent {
  runId: number;
  task: string;
  totalRows: number;
  rowsDone: number;
  rowsFailed: number;
  requests: number;
  inputTokens: number;
  outputTokens: number;
}

export interface ActiveRun {
  readonly id: number;
  readonly signal: AbortSignal;
  cancel(): void;
  report(progress: Omit<RunProgressEvent, 'runId'>): void;
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

  start(): ActiveRun {
    const id = this.nextId++;
    const controller = new AbortController();
    this.active.set(id, controller);
    this.updateContext();
    return {
      id,
      signal: controller.signal,
      cancel: () => controller.abort(),
      report: (progress) => this.progress.fire({ runId: id, ...progress }),
      finish: () => {
        this.active.delete(id);
        this.updateContext();
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
  }
}
