import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { analyzePipeline } from '../../core/pipeline/analysis';
import { pipelineGraph } from '../../core/pipeline/graphView/model';
import { escapeXml, renderFileProblems, renderGraphSvg } from '../../core/pipeline/graphView/renderSvg';
import { nodePipelineHost } from '../../core/pipeline/languageService';
import { diagnose } from '../../core/pipeline/validate';

const VIEW_TYPE = 'distillery.pipelineGraph';

/** Theme colours only: the drawing follows light, dark and high-contrast themes. */
const STYLE = `
body { font-family: var(--vscode-font-family); font-size: 12px; color: var(--vscode-foreground); background: var(--vscode-editor-background); }
.step rect { fill: var(--vscode-editorWidget-background); stroke: var(--vscode-focusBorder); stroke-width: 1.5; }
.step.load rect { stroke: var(--vscode-charts-blue); }
.step.column rect { stroke: var(--vscode-charts-purple); }
.step.warning rect { stroke: var(--vscode-editorWarning-foreground); stroke-width: 2.5; }
.step.error rect { stroke: var(--vscode-editorError-foreground); stroke-width: 2.5; }
.step text { fill: var(--vscode-foreground); }
.step .badge { fill: var(--vscode-editorError-foreground); font-weight: bold; }
.edge path { fill: none; stroke: var(--vscode-editorLineNumber-foreground); stroke-width: 1.5; }
.arrowhead { fill: var(--vscode-editorLineNumber-foreground); }
.columns { fill: var(--vscode-descriptionForeground); font-size: 11px; }
.file-problems .error { color: var(--vscode-editorError-foreground); }
.file-problems .warning { color: var(--vscode-editorWarning-foreground); }
`;

/**
 * The pipeline drawn as its DAG, with the columns flowing along each edge and problems marked
 * on their steps. The page runs no script at all (the SVG is rendered, escaped, on the host),
 * so its Content-Security-Policy allows nothing but its own nonce-tagged style.
 */
export class PipelineGraphPanels implements vscode.Disposable {
  private readonly panels = new Map<string, vscode.WebviewPanel>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private pending: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    this.subscriptions.push(
      vscode.workspace.onDidChangeTextDocument((event) => this.scheduleRedraw(event.document)),
      vscode.workspace.onDidSaveTextDocument((document) => this.scheduleRedraw(document)),
    );
  }

  /** Opens (or reveals) the graph of `document` and returns the HTML it shows, for tests. */
  async show(document: vscode.TextDocument): Promise<string> {
    const key = document.uri.toString();
    let panel = this.panels.get(key);
    if (panel) panel.reveal(vscode.ViewColumn.Beside, true);
    else {
      panel = vscode.window.createWebviewPanel(VIEW_TYPE, `Graph: ${document.fileName.split(/[\\/]/).pop() ?? ''}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
        enableScripts: false,
        localResourceRoots: [],
      });
      this.panels.set(key, panel);
      panel.onDidDispose(() => this.panels.delete(key));
    }
    return this.draw(panel, document);
  }

  private scheduleRedraw(document: vscode.TextDocument): void {
    if (!this.panels.has(document.uri.toString())) return;
    // Typing fires a change per keystroke; the drawing only needs to settle after a pause.
    clearTimeout(this.pending);
    this.pending = setTimeout(() => {
      const panel = this.panels.get(document.uri.toString());
      if (panel) void this.draw(panel, document);
    }, 300);
  }

  private async draw(panel: vscode.WebviewPanel, document: vscode.TextDocument): Promise<string> {
    const analysis = await analyzePipeline(document.getText(), nodePipelineHost(document.uri.fsPath));
    const graph = pipelineGraph(analysis, diagnose(analysis));
    const nonce = randomBytes(16).toString('base64');
    const html = `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'nonce-${nonce}';">
<title>${escapeXml(panel.title)}</title><style nonce="${nonce}">${STYLE}</style></head>
<body>${renderFileProblems(graph)}${renderGraphSvg(graph)}</body></html>`;
    panel.webview.html = html;
    return html;
  }

  dispose(): void {
    clearTimeout(this.pending);
    for (const panel of this.panels.values()) panel.dispose();
    for (const subscription of this.subscriptions) subscription.dispose();
  }
}
