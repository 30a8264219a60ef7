/**
 * The results panels: one per JSONL file. A run on selected rows opens (or takes over) the panel
 * of the file its results go to and streams its rows into it; "Show Results for This File" opens
 * any file holding task outputs; after a restart, it reopens each panel on its file with the
 * decisions its page had saved (extension.ts registers it as the serializer, at activation).
 */
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { persistedStateSchema, type HostMessage } from '../../protocol/resultsPanel';
import type { RunStartEvent } from '../runs';
import { UserError } from '../services';
import { fileLines, ResultRowsReader, TextLines, type ScannableLines } from './resultRows';
import { ResultsPanel, type PanelServices, type PanelStateReport } from './resultsPanel';
import { documentLines } from './writeBack';

/** For other extensions, scripts and the integration tests: what the panels are sent and show. */
export interface ResultsPanelsApi {
  readonly onDidPostMessage: vscode.Event<{ uri: string; message: HostMessage }>;
  /**
   * Asks the page of every visible panel what it shows, and returns the answers that came (a
   * hidden panel's page is unloaded until shown again; one being reloaded answers later).
   */
  reportStates(): Promise<PanelStateReport[]>;
  /**
   * Acts on the panel of `uri` as its page would (decide, write, re-run...): the message is
   * validated exactly like one from the page. Resolves when the action is done.
   */
  sendAsPage(uri: string, message: unknown): Promise<void>;
}

/** VS Code gives extensions no document over 50 MB ("files above 50MB cannot be synchronized with extensions"). */
const LARGEST_DOCUMENT_BYTES = 50 * 1024 * 1024;

/**
 * The lines of a file to show: the document's, as the editor has them (unsaved edits included),
 * for any file VS Code gives extensions as a document; beyond that, the file on disk through a
 * line index, so a file of any size opens at once and is never held in memory.
 */
async function linesOf(uri: vscode.Uri): Promise<ScannableLines> {
  if (uri.scheme === 'file' && (await vscode.workspace.fs.stat(uri)).size > LARGEST_DOCUMENT_BYTES) return fileLines(uri.fsPath);
  return new TextLines(documentLines(await vscode.workspace.openTextDocument(uri)));
}

export class ResultsPanels implements ResultsPanelsApi, vscode.WebviewPanelSerializer, vscode.Disposable {
  private readonly panels = new Map<string, ResultsPanel>();
  private readonly panelOfRun = new Map<number, ResultsPanel>();
  private readonly posted = new vscode.EventEmitter<{ uri: string; message: HostMessage }>();
  readonly onDidPostMessage = this.posted.event;
  private readonly subscriptions: vscode.Disposable[];
  private readonly hooks = {
    posted: (uri: string, message: HostMessage) => this.posted.fire({ uri, message }),
    disposed: (panel: ResultsPanel) => {
      if (this.panels.get(panel.fileUri.toString()) === panel) this.panels.delete(panel.fileUri.toString());
      for (const [runId, followed] of this.panelOfRun) if (followed === panel) this.panelOfRun.delete(runId);
    },
  };

  constructor(
    private readonly services: PanelServices,
    private readonly extensionUri: vscode.Uri,
  ) {
    const { runs } = services;
    this.subscriptions = [
      this.posted,
      runs.onDidStartRun((event) => this.followRun(event)),
      runs.onDidProduceResult(({ runId, result }) => this.panelOfRun.get(runId)?.addRunResult(runId, result)),
      runs.onDidReportProgress((event) => this.panelOfRun.get(event.runId)?.runProgress(event)),
      runs.onDidEndRun(({ runId, cancelled }) => {
        this.panelOfRun.get(runId)?.endRun(runId, cancelled);
        this.panelOfRun.delete(runId);
      }),
    ];
  }

  private panelFor(fileUri: vscode.Uri): ResultsPanel {
    const key = fileUri.toString();
    let panel = this.panels.get(key);
    if (!panel) {
      panel = ResultsPanel.create(fileUri, this.services, this.extensionUri, this.hooks);
      this.panels.set(key, panel);
    }
    return panel;
  }

  private followRun({ runId, source }: RunStartEvent): void {
    if (!vscode.workspace.getConfiguration('distillery.results').get<boolean>('openOnRun', true)) return;
    const panel = this.panelFor(source.resultsUri);
    panel.startRun(runId, source);
    this.panelOfRun.set(runId, panel);
    panel.reveal();
  }

  /** Show Results for This File: the file given (explorer, editor title) or the active editor's. */
  async showResults(args: unknown): Promise<{ rows: number } | undefined> {
    const uri = args instanceof vscode.Uri ? args : vscode.window.activeTextEditor?.document.uri;
    if (!uri) throw new UserError('Open a .jsonl file that holds task outputs, then run Show Results for This File.');
    const reader = new ResultRowsReader(await linesOf(uri));
    await reader.readUntilFound();
    if (reader.model.groups.length === 0) {
      await reader.lines.close();
      throw new UserError(
        `${basename(uri.path)} holds no task outputs (no evolved, score or rating columns and no distilabel_metadata): run a task on its rows first.`,
        'warning',
      );
    }
    const panel = this.panelFor(uri);
    panel.showFileRows(reader);
    panel.reveal();
    // The first rows are shown already; the command's result (for scripts) counts them all.
    await panel.whenRead();
    return { rows: reader.model.groups.length };
  }

  /** Reopens a panel after VS Code restarted, from the state its page saved. */
  async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const saved = persistedStateSchema.safeParse(state);
    if (!saved.success) {
      // Saved by a version that kept something else: nothing to restore it from.
      webviewPanel.dispose();
      return;
    }
    const fileUri = vscode.Uri.parse(saved.data.source.uri);
    const panel = new ResultsPanel(webviewPanel, fileUri, this.services, this.extensionUri, this.hooks);
    this.panels.get(fileUri.toString())?.dispose();
    this.panels.set(fileUri.toString(), panel);
    try {
      const reader = new ResultRowsReader(await linesOf(fileUri));
      await reader.readUntilFound();
      panel.showFileRows(reader, saved.data.decisions);
    } catch (error) {
      this.services.log.warn(`Results panel: cannot read ${fileUri.toString()} again: ${error instanceof Error ? error.message : String(error)}`);
      panel.dispose();
    }
  }

  async sendAsPage(uri: string, message: unknown): Promise<void> {
    const panel = this.panels.get(uri);
    if (!panel) throw new Error(`no results panel is open for ${uri}`);
    await panel.receive(message);
  }

  async reportStates(): Promise<PanelStateReport[]> {
    const answers = await Promise.allSettled([...this.panels.values()].filter((panel) => panel.panel.visible).map((panel) => panel.reportState()));
    return answers.flatMap((answer) => (answer.status === 'fulfilled' ? [answer.value] : []));
  }

  /**
   * Stops following runs. The panels stay open: when VS Code shuts down, it keeps them and the
   * serializer brings them back; closing them here would lose them.
   */
  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
