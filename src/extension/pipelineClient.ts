import * as vscode from 'vscode';
import { isPipelineFile, PIPELINE_FILES } from './pipelineFiles';

/**
 * The client of the pipeline language server (dist/server.js). The server process starts with
 * the first pipeline file opened, not with the extension: YAML files of other kinds never pay
 * for it.
 */
export class PipelineLanguageClient implements vscode.Disposable {
  private client: { stop(): Promise<void> } | undefined;
  private readonly opened: vscode.Disposable;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.opened = vscode.workspace.onDidOpenTextDocument((document) => {
      if (isPipelineFile(document)) this.start();
    });
    if (vscode.workspace.textDocuments.some(isPipelineFile)) this.start();
  }

  private start(): void {
    if (this.client) return;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded with the first pipeline file on purpose (see pipelineLanguageClient.ts)
    const { startLanguageClient } = require('./pipelineLanguageClient') as typeof import('./pipelineLanguageClient');
    this.client = startLanguageClient(this.context.asAbsolutePath('dist/server.js'), this.log, [PIPELINE_FILES]);
  }

  dispose(): void {
    this.opened.dispose();
    void this.client?.stop();
  }
}
