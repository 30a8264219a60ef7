import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CodeActionRequest,
  CompletionRequest,
  createProtocolConnection,
  DefinitionRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  DocumentSymbolRequest,
  ExitNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type CodeAction,
  type CompletionItem,
  type Diagnostic,
  type DocumentSymbol,
  type Location,
  type MarkupContent,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextEdit,
} from 'vscode-languageserver/node';

/**
 * The language server as an editor sees it: dist/server.js started as its own process, spoken
 * to in LSP over stdio. The build runs first when the bundle is missing (the full test script
 * builds before the unit tests).
 */

const ROOT = process.cwd();
const SERVER = join(ROOT, 'dist', 'server.js');
const FIXTURE = join(ROOT, 'test', 'fixtures', 'pipelines', 'diagnostics', 'column-type-mismatch.pipeline.yaml');
const URI = pathToFileURL(FIXTURE).href;
const TEXT = readFileSync(FIXTURE, 'utf8');

/** Diagnostics as they arrive, and a way to wait for the next ones that satisfy a condition. */
class DiagnosticsInbox {
  private readonly received: PublishDiagnosticsParams[] = [];
  private readonly waiting: { accept: (params: PublishDiagnosticsParams) => boolean; resolve: (diagnostics: Diagnostic[]) => void }[] = [];

  push(params: PublishDiagnosticsParams): void {
    this.received.push(params);
    for (const waiter of [...this.waiting]) {
      if (waiter.accept(params)) {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        waiter.resolve(params.diagnostics);
      }
    }
  }

  /** Resolves with the diagnostics of the first publication (already received or to come) for `version`. */
  next(uri: string, version: number): Promise<Diagnostic[]> {
    const accept = (params: PublishDiagnosticsParams) => params.uri === uri && params.version === version;
    const already = this.received.find(accept);
    return already ? Promise.resolve(already.diagnostics) : new Promise((resolve) => this.waiting.push({ accept, resolve }));
  }
}

function positionOf(text: string, marker: string, shift = 0) {
  const before = text.slice(0, text.indexOf(marker) + shift);
  return { line: before.split('\n').length - 1, character: before.length - before.lastIndexOf('\n') - 1 };
}

describe('the language server over stdio (dist/server.js)', { timeout: 60_000 }, () => {
  let server: ChildProcessWithoutNullStreams;
  let connection: ProtocolConnection;
  const inbox = new DiagnosticsInbox();
  const registrations: string[] = [];

  before(() => {
    if (!existsSync(SERVER)) {
      const build = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
      assert.equal(build.status, 0, 'node esbuild.mjs failed');
    }
    server = spawn(process.execPath, [SERVER, '--stdio'], { cwd: ROOT });
    connection = createProtocolConnection(new StreamMessageReader(server.stdout), new StreamMessageWriter(server.stdin));
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => inbox.push(params));
    connection.onRequest(RegistrationRequest.type, (params) => {
      registrations.push(...params.registrations.map((registration) => registration.method));
    });
    connection.listen();
  });

  after(async () => {
    await connection.sendRequest(ShutdownRequest.type);
    await connection.sendNotification(ExitNotification.type);
    await new Promise((resolve) => (server.exitCode !== null ? resolve(undefined) : server.once('exit', resolve)));
    connection.dispose();
  });

  test('initialize: the features it serves', async () => {
    const result = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: pathToFileURL(ROOT).href,
      capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } },
      workspaceFolders: null,
    });
    const { capabilities } = result;
    assert.equal(capabilities.hoverProvider, true);
    assert.equal(capabilities.definitionProvider, true);
    assert.equal(capabilities.documentSymbolProvider, true);
    assert.deepEqual(capabilities.codeActionProvider, { codeActionKinds: ['quickfix'] });
    assert.ok(capabilities.completionProvider);
    await connection.sendNotification(InitializedNotification.type, {});
  });

  let diagnostics: Diagnostic[] = [];

  test('didOpen: diagnostics with code, exact range and related information', async () => {
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: URI, languageId: 'yaml', version: 1, text: TEXT } });
    diagnostics = await inbox.next(URI, 1);
    assert.equal(diagnostics.length, 1);
    const [diagnostic] = diagnostics;
    assert.equal(diagnostic?.code, 'column-type-mismatch');
    assert.equal(diagnostic?.source, 'distillery');
    assert.equal(diagnostic?.severity, 1);
    assert.deepEqual(diagnostic?.range, { start: { line: 13, character: 36 }, end: { line: 13, character: 47 } });
    assert.deepEqual(diagnostic?.relatedInformation, [
      { location: { uri: URI, range: { start: { line: 5, character: 10 }, end: { line: 5, character: 29 } } }, message: '"instruction" (string) is written here' },
    ]);
  });

  test('the server watches the data files', () => {
    assert.ok(registrations.includes('workspace/didChangeWatchedFiles'), registrations.join(', '));
  });

  test('completion: task names replacing the word at the cursor', async () => {
    const position = positionOf(TEXT, 'task: ComplexityScorer', 'task: Compl'.length);
    const items = (await connection.sendRequest(CompletionRequest.type, { textDocument: { uri: URI }, position })) as CompletionItem[];
    const scorer = items.find((item) => item.label === 'ComplexityScorer');
    assert.ok(scorer, 'ComplexityScorer is offered');
    assert.deepEqual(scorer.textEdit, { range: { start: { line: 11, character: 10 }, end: { line: 11, character: 26 } }, newText: 'ComplexityScorer' });
    assert.equal((scorer.documentation as MarkupContent).kind, 'markdown');
  });

  test('hover: the task’s contract as markdown', async () => {
    const hover = await connection.sendRequest(HoverRequest.type, { textDocument: { uri: URI }, position: positionOf(TEXT, 'ComplexityScorer', 3) });
    const contents = hover?.contents as MarkupContent;
    assert.equal(contents.kind, 'markdown');
    assert.match(contents.value, /^\*\*ComplexityScorer\*\* · task/);
    assert.match(contents.value, /Reads: `instructions` ← column `instruction` `list<string>`/);
  });

  test('code action: the quick fix maps the input to the column that fits', async () => {
    const [diagnostic] = diagnostics;
    assert.ok(diagnostic);
    const actions = (await connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: URI },
      range: diagnostic.range,
      context: { diagnostics },
    })) as CodeAction[];
    const preferred = actions.find((action) => action.isPreferred);
    assert.equal(preferred?.title, 'Map input "instructions" to column "evolved_instructions"');
    assert.equal(preferred?.kind, 'quickfix');
    assert.deepEqual(preferred?.diagnostics, [diagnostic]);
    assert.deepEqual(preferred?.edit?.changes?.[URI], [{ range: diagnostic.range, newText: 'evolved_instructions' }]);
  });

  test('definition: an `after` reference goes to the step it names', async () => {
    const location = (await connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: URI }, position: positionOf(TEXT, 'after: evolve', 8) })) as Location;
    assert.deepEqual(location, { uri: URI, range: { start: { line: 6, character: 10 }, end: { line: 6, character: 16 } } });
  });

  test('document symbols: the steps', async () => {
    const symbols = (await connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: URI } })) as DocumentSymbol[];
    assert.deepEqual(symbols.map((symbol) => [symbol.name, symbol.detail]), [['seeds', '../data/seeds.jsonl'], ['evolve', 'EvolInstruct'], ['score', 'ComplexityScorer']]);
  });

  test('didChange with the fix applied: the diagnostic goes away', async () => {
    const [diagnostic] = diagnostics;
    assert.ok(diagnostic);
    const fix: TextEdit = { range: diagnostic.range, newText: 'evolved_instructions' };
    await connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: URI, version: 2 },
      contentChanges: [{ range: fix.range, text: fix.newText }],
    });
    assert.deepEqual(await inbox.next(URI, 2), []);
  });
});
