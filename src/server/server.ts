import { fileURLToPath } from 'node:url';
import {
  CodeActionKind,
  createConnection,
  DidChangeWatchedFilesNotification,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  completePipeline,
  definitionInPipeline,
  hoverPipeline,
  pipelineCodeActions,
  pipelineSymbols,
  SampleCache,
  validatePipeline,
} from '../core/pipeline/languageService';
import { Debouncer } from './debouncer';
import { hostForDocument } from './documentHost';
import { toLspCodeAction, toLspCompletion, toLspDiagnostic, toLspSymbol } from './lspConversions';

/**
 * The pipeline language server: connection wiring only. Every answer comes from the language
 * service in core/pipeline; this file routes requests to it and pushes diagnostics.
 * Started by the extension over IPC, or by any LSP client with `--stdio`.
 */

/** A pause in typing this long triggers validation. */
const VALIDATION_DELAY_MS = 200;
/** Data files whose columns the pipelines read; a change re-checks the open pipelines. */
const DATA_FILE_GLOB = '**/*.{jsonl,ndjson,json,csv}';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const samples = new SampleCache();
const debouncer = new Debouncer(VALIDATION_DELAY_MS);
let canWatchFiles = false;

connection.onInitialize((params): InitializeResult => {
  canWatchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: [' ', ':', '[', ',', '{', '-'] },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      definitionProvider: true,
      documentSymbolProvider: true,
    },
    serverInfo: { name: 'distillery-pipelines' },
  };
});

connection.onInitialized(() => {
  if (canWatchFiles) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: DATA_FILE_GLOB }] });
});

async function validate(document: TextDocument): Promise<void> {
  const { uri, version } = document;
  const diagnostics = await validatePipeline(document.getText(), hostForDocument(uri, samples));
  // A newer version may have arrived while the data files were read; its own run reports it.
  if (documents.get(uri)?.version !== version) return;
  await connection.sendDiagnostics({ uri, version, diagnostics: diagnostics.map((diagnostic) => toLspDiagnostic(uri, diagnostic)) });
}

function validateLater(document: TextDocument): void {
  debouncer.schedule(document.uri, () => void validate(document).catch(reportFailure));
}

function reportFailure(error: unknown): void {
  connection.console.error(`Checking a pipeline failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
}

// Fires on open too, so a pipeline is checked when it is opened and after each pause in typing.
documents.onDidChangeContent(({ document }) => validateLater(document));
documents.onDidClose(({ document }) => {
  debouncer.cancel(document.uri);
  void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
});

connection.onDidChangeWatchedFiles(({ changes }) => {
  for (const change of changes) if (change.uri.startsWith('file:')) samples.forget(fileURLToPath(change.uri));
  for (const document of documents.all()) validateLater(document);
});

connection.onCompletion(async ({ textDocument, position }) => {
  const document = documents.get(textDocument.uri);
  if (!document) return [];
  const completions = await completePipeline(document.getText(), position, hostForDocument(document.uri, samples));
  return completions.map(toLspCompletion);
});

connection.onHover(async ({ textDocument, position }) => {
  const document = documents.get(textDocument.uri);
  const hover = document && (await hoverPipeline(document.getText(), position, hostForDocument(document.uri, samples)));
  return hover ? { contents: { kind: 'markdown', value: hover.markdown }, range: hover.range } : null;
});

connection.onCodeAction(async ({ textDocument, range, context }) => {
  const document = documents.get(textDocument.uri);
  if (!document) return [];
  const actions = await pipelineCodeActions(document.getText(), range, hostForDocument(document.uri, samples));
  return actions.map((action) => toLspCodeAction(document.uri, action, context.diagnostics));
});

connection.onDefinition(({ textDocument, position }) => {
  const document = documents.get(textDocument.uri);
  const range = document && definitionInPipeline(document.getText(), position);
  return range ? { uri: textDocument.uri, range } : null;
});

connection.onDocumentSymbol(({ textDocument }) => {
  const document = documents.get(textDocument.uri);
  return document ? pipelineSymbols(document.getText()).map(toLspSymbol) : [];
});

documents.listen(connection);
connection.listen();
