/**
 * The language client itself (vscode-languageclient, about 390 KB), built into a bundle of its
 * own (dist/pipelineLanguageClient.js) that pipelineClient.ts loads with the first pipeline file:
 * activating the extension for a JSONL or other YAML file never parses it.
 */
import type * as vscode from 'vscode';
import { LanguageClient, TransportKind, type DocumentSelector, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

/** Starts the client of the server in `serverModule`; `stop` ends both. */
export function startLanguageClient(serverModule: string, log: vscode.LogOutputChannel, documentSelector: DocumentSelector): { stop(): Promise<void> } {
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = { documentSelector, outputChannel: log };
  const client = new LanguageClient('distillery.pipelines', 'Distillery Pipelines', serverOptions, clientOptions);
  client.start().catch((error: unknown) => log.error(`The pipeline language server did not start: ${error instanceof Error ? error.message : String(error)}`));
  return { stop: () => client.stop() };
}
