import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

/**
 * Pipeline files keep VS Code's built-in `yaml` language (so YAML highlighting, folding and a
 * YAML extension's schema support still apply); the name picks them out.
 */
const PIPELINE_FILES = { language: 'yaml', pattern: '**/*.pipeline.yaml' } as const;

function isPipelineFile(document: vscode.TextDocument): boolean {
  return vscode.languages.match(PIPELINE_FILES, document) > 0;
}

/**
 * The client of the pipeline language server (dist/server.js). The server process starts with
 * the first pipeline file opened, not with the extension: YAML files of other kinds never pay
 * for it.
 */
export class PipelineLanguageClient implements vscode.Disposable {
  private client: LanguageClient | undefined;
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
    const module = this.context.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
    };
    const clientOptions: LanguageClientOptions = { documentSelector: [PIPELINE_FILES], outputChannel: this.log };
    this.client = new LanguageClient('distillery.pipelines', 'Distillery Pipelines', serverOptions, clientOptions);
    this.client.start().catch((error: unknown) => this.log.error(`The pipeline language server did not start: ${error instanceof Error ? error.message : String(error)}`));
  }

  dispose(): void {
    this.opened.dispose();
    void this.client?.stop();
  }
}
