/**
 * One results panel: a webview showing the rows of one JSONL file (a run's results as they
 * complete, or the task outputs a file holds), with the decisions taken on them. The host keeps
 * the rows (ResultsModel); the page gets them on `ready` and as they change, and asks for the
 * metadata behind a row when it is opened.
 */
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { JsonObject } from '../../core/jsonl';
import type { RowResult } from '../../core/run/rowRunner';
import {
  readMessage,
  webviewMessageSchema,
  type Decision,
  type HostMessage,
  type RunStatus,
  type WebviewMessage,
  type WriteTarget,
} from '../../protocol/resultsPanel';
import { RESULTS_PANEL_VIEW_TYPE } from '../../protocol/resultsPanelViewType';
import type { RunProgressEvent, RunSource } from '../runs';
import { UserError, type Services } from '../services';
import { rerunRow } from './rerunRow';
import { recordedRerun, type RerunSpec } from './rerunTask';
import type { ResultRowsReader, ScannableLines } from './resultRows';
import { makeNonce, resultsPanelHtml } from './resultsPanelHtml';
import { ResultsModel, type ModelRow, type ResultGroup } from './resultsModel';
import { rowDetailsOf } from './rowDetails';
import { RowPager } from './rowPager';
import { applySpanEdits, documentLines, writeAcceptedFile } from './writeBack';
import { WrittenRows } from './writtenRows';
import { acceptedLines, describeInPlaceWrite, findRowLine, planInPlaceWrite } from './writePlan';

/** What a panel needs from the extension. */
export type PanelServices = Pick<Services, 'log' | 'runs' | 'profiles' | 'memory' | 'caches'>;

/** What a panel's page says it shows (its `stateReport`), with the panel's file. */
export type PanelStateReport = Omit<Extract<WebviewMessage, { type: 'stateReport' }>, 'type' | 'requestId'> & { uri: string };

export interface PanelHooks {
  /** Every message sent to a page (the exported API's test hook). */
  posted(uri: string, message: HostMessage): void;
  disposed(panel: ResultsPanel): void;
}

/** Rows reach the page at most this often while a run streams them. */
const FLUSH_MS = 60;

function panelOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    // The page loads only the extension's bundle and stylesheet.
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media')],
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class ResultsPanel implements vscode.Disposable {
  private model = new ResultsModel();
  private run: { id: number; status: RunStatus } | null = null;
  /** How rows of the last run re-run; null for rows read from a file. */
  private runSpec: RerunSpec | null = null;
  private inputs: ReadonlyMap<number, JsonObject> = new Map();
  /** Shown in the page's toolbar: what the rows are. */
  private label: string;
  private ready = false;
  /** Sends the rows `init` left out, as the page asks for them. */
  private pager: RowPager | undefined;
  private readonly pending = new Set<ModelRow>();
  /** The file the rows are read from, while the panel shows it (closed when it no longer does). */
  private lines: ScannableLines | null = null;
  /** Following the file the run appends its rows to, so they need not all be held; null otherwise. */
  private written: WrittenRows | null = null;
  /** Rows are still being read from the file. */
  private reading = false;
  /** Settles when the file shown has been read to its end. */
  private readDone: Promise<void> = Promise.resolve();
  private runStatusChanged = false;
  private flushTimer: NodeJS.Timeout | undefined;
  private readonly busy = new Set<ResultGroup>();
  private nextReportId = 1;
  private readonly reports = new Map<number, (report: PanelStateReport) => void>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private disposed = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    /** The JSONL file whose rows the panel shows and writes back to. */
    readonly fileUri: vscode.Uri,
    private readonly services: PanelServices,
    extensionUri: vscode.Uri,
    private readonly hooks: PanelHooks,
  ) {
    const { webview } = panel;
    webview.options = panelOptions(extensionUri);
    webview.html = resultsPanelHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'results.css')).toString(),
    });
    this.label = `Results · ${this.fileName}`;
    panel.title = this.label;
    this.subscriptions.push(
      webview.onDidReceiveMessage((raw: unknown) => void this.receive(raw)),
      // A hidden page is discarded (no retainContextWhenHidden: it would keep 10,000 rows'
      // DOM alive); it says `ready` again when shown and gets everything anew.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  static create(fileUri: vscode.Uri, services: PanelServices, extensionUri: vscode.Uri, hooks: PanelHooks): ResultsPanel {
    const panel = vscode.window.createWebviewPanel(RESULTS_PANEL_VIEW_TYPE, 'Results', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, panelOptions(extensionUri));
    return new ResultsPanel(panel, fileUri, services, extensionUri, hooks);
  }

  private get uri(): string {
    return this.fileUri.toString();
  }

  private get fileName(): string {
    return basename(this.fileUri.path);
  }

  // ---- Filling the panel -------------------------------------------------------------------

  /** A run on this file started: the panel shows its rows from now on. */
  startRun(runId: number, source: RunSource): void {
    this.releaseLines();
    this.model = new ResultsModel();
    this.runSpec = { task: source.task, params: source.params, mappings: source.mappings };
    this.inputs = source.inputs;
    this.label = `${source.task} · ${this.fileName}`;
    this.panel.title = this.label;
    this.run = { id: runId, status: { task: source.task, state: 'running', rowsDone: 0, totalRows: source.totalRows } };
    this.written = source.appendsRows && source.resultsUri.scheme === 'file' ? new WrittenRows(source.resultsUri.fsPath) : null;
    this.pending.clear();
    this.sendInit();
  }

  addRunResult(runId: number, result: RowResult): void {
    // A later run on the same file took the panel over: the earlier one's rows are in the file.
    if (this.run?.id !== runId) return;
    const rows = this.model.addRunResult(result, this.inputs.get(result.index) ?? null);
    for (const row of rows) this.pending.add(row);
    this.written?.add(rows);
    this.scheduleFlush();
  }

  runProgress(event: RunProgressEvent): void {
    if (!this.run || this.run.id !== event.runId) return;
    this.run.status = { ...this.run.status, rowsDone: event.rowsDone, totalRows: event.totalRows };
    this.runStatusChanged = true;
    this.scheduleFlush();
  }

  endRun(runId: number, cancelled: boolean): void {
    if (!this.run || this.run.id !== runId) return;
    this.run.status = { ...this.run.status, state: cancelled ? 'cancelled' : 'finished' };
    this.runStatusChanged = true;
    this.flush();
    void this.written?.end().catch((error: unknown) => this.services.log.warn(`Results panel (${this.fileName}): ${errorText(error)}`));
  }

  /**
   * Shows the rows of the panel's file, with decisions saved earlier: those read so far at once,
   * the rest as `reader` reads them, a slice per turn of the event loop.
   */
  showFileRows(reader: ResultRowsReader, decisions: Readonly<Record<string, Decision>> = {}): void {
    this.releaseLines();
    this.lines = reader.lines;
    this.model = reader.model;
    this.model.restoreDecisions(decisions);
    this.runSpec = null;
    this.inputs = new Map();
    this.run = null;
    this.label = `Results · ${this.fileName}`;
    this.panel.title = this.label;
    this.pending.clear();
    this.reading = !reader.complete;
    this.sendInit();
    this.readDone = this.reading ? this.readRest(reader, decisions) : Promise.resolve();
  }

  private async readRest(reader: ResultRowsReader, decisions: Readonly<Record<string, Decision>>): Promise<void> {
    try {
      while (!reader.complete && this.lines === reader.lines) {
        await new Promise((resolve) => setImmediate(resolve));
        const rows = await reader.readSlice();
        if (this.lines !== reader.lines) return;
        this.reading = !reader.complete;
        const restored = rows.filter((row) => decisions[row.key] !== undefined).map((row) => row.key);
        this.model.restoreDecisions(Object.fromEntries(restored.map((key) => [key, decisions[key] as Decision])));
        const chunk = this.ready ? this.pager?.add(rows, this.reading) : undefined;
        if (chunk) this.post(chunk);
        if (restored.length > 0) this.post({ type: 'decisionsChanged', changes: Object.fromEntries(restored.map((key) => [key, decisions[key] as Decision])) });
      }
    } catch (error) {
      this.reading = false;
      // The page stops waiting for rows: those read so far are all it gets.
      const last = this.ready ? this.pager?.add([], false) : undefined;
      if (last) this.post(last);
      this.notice('error', `Stopped reading ${this.fileName}: ${errorText(error)}. The rows read so far are shown; show its results again to read it anew.`);
    }
  }

  /** Resolves once every row of the file shown has been read (at once when none is being read). */
  whenRead(): Promise<void> {
    return this.readDone;
  }

  private releaseLines(): void {
    void this.lines?.close();
    this.lines = null;
    void this.written?.close();
    this.written = null;
    this.reading = false;
  }

  reveal(): void {
    this.panel.reveal(undefined, true);
  }

  // ---- Talking to the page -----------------------------------------------------------------

  private post(message: HostMessage): void {
    if (this.disposed) return;
    this.hooks.posted(this.uri, message);
    void this.panel.webview.postMessage(message);
  }

  private sendInit(): void {
    if (!this.ready) return;
    this.pager = new RowPager(this.model, this.reading);
    this.post(this.pager.init({ uri: this.uri, label: this.label }, this.run?.status ?? null));
    this.pending.clear();
    this.runStatusChanged = false;
  }

  private scheduleFlush(): void {
    this.flushTimer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  private flush(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    void this.written?.catchUp().catch((error: unknown) => this.services.log.warn(`Results panel (${this.fileName}): ${errorText(error)}`));
    if (!this.ready) return; // `ready` brings everything with `init`
    if (this.pending.size > 0) {
      // Bodies are asked for by the page, for the rows it shows.
      this.post({ type: 'rowsUpserted', rows: [...this.pending].map((row) => this.model.toPanelRow(row, false)), columns: this.model.columns() });
      this.pending.clear();
    }
    if (this.runStatusChanged && this.run) {
      this.post({ type: 'runStatus', run: this.run.status });
      this.runStatusChanged = false;
    }
  }

  private notice(level: 'info' | 'warning' | 'error', text: string): void {
    if (level !== 'info') this.services.log[level === 'error' ? 'error' : 'warn'](`Results panel (${this.fileName}): ${text}`);
    this.post({ type: 'notice', level, text });
  }

  /** A message from the page (or the API acting as it): validated, then handled; failures become notices. */
  async receive(raw: unknown): Promise<void> {
    const read = readMessage(webviewMessageSchema, raw);
    if (!read.ok) {
      this.services.log.warn(`Results panel: ignored a message from the page: ${read.reason}`);
      return;
    }
    try {
      await this.handle(read.message);
    } catch (error) {
      // A refusal the user can act on says so at its own level; anything else is an error.
      const level = error instanceof UserError && error.severity !== 'error' ? (error.severity === 'info' ? 'info' : 'warning') : 'error';
      this.notice(level, errorText(error));
    }
  }

  private async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.sendInit();
        return;
      case 'moreRows': {
        const chunk = this.pager?.next();
        if (chunk) this.post(chunk);
        return;
      }
      case 'decide':
        this.model.decide(message.keys, message.decision);
        return;
      case 'requestBodies':
        this.post({ type: 'rowBodies', bodies: this.model.bodies(message.keys) });
        return;
      case 'requestDetails': {
        const row = this.model.row(message.key);
        if (row) this.post({ type: 'details', key: message.key, details: rowDetailsOf(row.value) });
        return;
      }
      case 'rerun':
        return this.rerun(message.key);
      case 'write':
        return this.write(message.target);
      case 'revealRow':
        return this.revealRow(message.key);
      case 'stateReport': {
        const { requestId, type: _type, ...report } = message;
        this.reports.get(requestId)?.({ uri: this.uri, ...report });
        this.reports.delete(requestId);
        return;
      }
    }
  }

  /** What the page shows, as it reports it; rejects when the page does not answer in time. */
  reportState(timeoutMs = 5000): Promise<PanelStateReport> {
    const requestId = this.nextReportId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.reports.delete(requestId);
        reject(new Error(`the results panel for ${this.fileName} did not report its state within ${timeoutMs} ms`));
      }, timeoutMs);
      this.reports.set(requestId, (report) => {
        clearTimeout(timer);
        resolve(report);
      });
      this.post({ type: 'reportState', requestId });
    });
  }

  // ---- Actions -------------------------------------------------------------------------------

  private rerunSpecFor(row: ModelRow): RerunSpec | null {
    if (this.runSpec) return this.runSpec;
    const fileUri = this.uri;
    return recordedRerun(row.group.input, (task) => ({ params: this.services.memory.params(fileUri, task), mappings: this.services.memory.mappings(fileUri, task) }));
  }

  private setBusy(group: ResultGroup, busy: boolean): void {
    if (busy) this.busy.add(group);
    else this.busy.delete(group);
    for (const row of group.rows) this.post({ type: 'rowBusy', key: row.key, busy });
  }

  private async rerun(key: string): Promise<void> {
    const row = this.model.row(key);
    if (!row || this.busy.has(row.group)) return;
    const spec = this.rerunSpecFor(row);
    if (!spec) {
      throw new UserError('This row records no task Distillery knows, so it cannot be re-run. Select it in the editor and use Run Task on Selected Rows.', 'warning');
    }
    const { group } = row;
    this.setBusy(group, true);
    try {
      const result = await rerunRow(this.services, spec, { input: group.input, line: this.model.lineOf(row), fileName: this.fileName, fileUri: this.fileUri }, vscode.workspace.isTrusted);
      if (!result) {
        this.notice('info', 'The re-run was cancelled; the row is unchanged.');
        return;
      }
      const hadDecisions = group.rows.filter((member) => this.model.decisions.has(member.key)).map((member) => member.key);
      const changed = this.model.replaceGroup(group, result);
      this.post({ type: 'rowsUpserted', rows: changed.map((member) => this.model.toPanelRow(member, true)), columns: this.model.columns() });
      if (hadDecisions.length > 0) this.post({ type: 'decisionsChanged', changes: Object.fromEntries(hadDecisions.map((member) => [member, null])) });
    } finally {
      this.setBusy(group, false);
    }
  }

  private async write(target: WriteTarget): Promise<void> {
    if (this.run?.status.state === 'running') {
      throw new UserError('The run is still writing its results: write the decisions once it has finished.', 'warning');
    }
    const decisionOf = (row: ModelRow) => this.model.decisions.get(row.key);
    if (target === 'newFile') {
      const lines = acceptedLines(this.model.rows(), decisionOf);
      if (lines.length === 0) throw new UserError('No row is accepted yet: accept rows (a) first.', 'warning');
      const written = await writeAcceptedFile(this.fileUri, lines);
      const saved = `Saved ${lines.length} accepted ${lines.length === 1 ? 'row' : 'rows'} to ${basename(written.path)}.`;
      this.notice('info', saved);
      void vscode.window.showInformationMessage(`Distillery: ${saved}`, 'Open').then(async (action) => {
        if (action) await vscode.window.showTextDocument(written, { preview: false });
      });
      return;
    }
    const document = await this.openFileDocument('write the decisions in place');
    const plan = planInPlaceWrite(documentLines(document), this.model.groups, decisionOf);
    if (plan.edits.length > 0 && !(await applySpanEdits(document, plan.edits))) {
      throw new UserError(`VS Code refused the edit to ${this.fileName}; nothing was written.`);
    }
    const linesBefore = new Map(this.model.rows().map((row) => [row, this.model.lineOf(row)]));
    const removed = this.model.recordWrite(plan);
    if (removed.length > 0) this.post({ type: 'rowsRemoved', keys: removed });
    const changed = this.model.rows().filter((row) => linesBefore.get(row) !== this.model.lineOf(row) || plan.accepted.includes(row));
    if (changed.length > 0) this.post({ type: 'rowsUpserted', rows: changed.map((row) => this.model.toPanelRow(row, false)), columns: this.model.columns() });
    const outcome = describeInPlaceWrite(plan, this.fileName);
    this.notice(outcome.level, outcome.text);
  }

  /** The panel's file as a document; VS Code gives extensions none over 50 MB, though the panel shows them. */
  private async openFileDocument(purpose: string): Promise<vscode.TextDocument> {
    try {
      return await vscode.workspace.openTextDocument(this.fileUri);
    } catch (error) {
      throw new UserError(`Cannot ${purpose}: VS Code does not open ${this.fileName} for extensions (${errorText(error)}). Save the accepted rows to a new file instead.`, 'warning');
    }
  }

  private async revealRow(key: string): Promise<void> {
    const row = this.model.row(key);
    if (!row) return;
    const document = await this.openFileDocument('show the row in it');
    const hint = this.model.lineOf(row);
    const line = row.writtenText === null ? undefined : findRowLine(documentLines(document), row.writtenText, hint === null ? null : hint - 1);
    if (line === undefined) throw new UserError(`This row is not in ${this.fileName} as shown: it changed since, or was not written yet.`, 'warning');
    const visible = vscode.window.visibleTextEditors.find((editor) => editor.document === document);
    await vscode.window.showTextDocument(document, { viewColumn: visible?.viewColumn ?? vscode.ViewColumn.Beside, selection: new vscode.Range(line, 0, line, 0) });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    clearTimeout(this.flushTimer);
    this.releaseLines();
    for (const subscription of this.subscriptions) subscription.dispose();
    this.panel.dispose();
    this.hooks.disposed(this);
  }
}
