import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, workspaceFile } from './support';

/**
 * The pipeline language server inside a real VS Code: a pipeline with a column of the wrong
 * type gets its diagnostic, the quick fix maps the input to the column that fits, and the
 * diagnostic goes away. Every wait is on VS Code's diagnostics event, never a fixed sleep.
 */

const SEEDS = [
  { instruction: 'Write a haiku about green tea.' },
  { instruction: 'Explain recursion to a ten-year-old.' },
];

const PIPELINE = `name: host-check
llms:
  default: { base_url: http://localhost:11434/v1, model: llama3.1 }
steps:
  - name: seeds
    load: data/host-seeds.jsonl
  - name: evolve
    task: EvolInstruct
    after: seeds
    with: { num_evolutions: 2, store_evolutions: true }
  - name: score
    task: ComplexityScorer
    after: evolve
    input_mappings: { instructions: instruction }
`;

/** Resolves with the file's diagnostics from our server once `accept` holds for them. */
function diagnosticsWhen(uri: vscode.Uri, accept: (diagnostics: vscode.Diagnostic[]) => boolean, what: string): Promise<vscode.Diagnostic[]> {
  const ours = () => vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'distillery');
  return new Promise((resolve, reject) => {
    const settle = (): boolean => {
      const diagnostics = ours();
      if (!accept(diagnostics)) return false;
      subscription.dispose();
      clearTimeout(timer);
      resolve(diagnostics);
      return true;
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) settle();
    });
    // A bound on a failing run, not a pause: success resolves on the event.
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`timed out waiting until ${what}; diagnostics: ${JSON.stringify(ours().map((diagnostic) => diagnostic.message))}`));
    }, 30_000);
    settle();
  });
}

const codeOf = (diagnostic: vscode.Diagnostic) => (typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code);

describe('pipeline diagnostics in the editor', () => {
  it('shows a column type mismatch, and its quick fix makes it go away', async () => {
    await api();
    await vscode.workspace.fs.createDirectory(workspaceFile('data'));
    await vscode.workspace.fs.writeFile(workspaceFile('data/host-seeds.jsonl'), Buffer.from(`${SEEDS.map((row) => JSON.stringify(row)).join('\n')}\n`));
    const uri = workspaceFile('host-check.pipeline.yaml');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(PIPELINE));
    const document = await vscode.workspace.openTextDocument(uri);
    assert.equal(document.languageId, 'yaml', 'a pipeline file keeps the built-in YAML language');
    await vscode.window.showTextDocument(document);

    const [mismatch] = await diagnosticsWhen(uri, (diagnostics) => diagnostics.length > 0, 'the pipeline has its diagnostic');
    assert.ok(mismatch);
    assert.equal(codeOf(mismatch), 'column-type-mismatch');
    assert.equal(mismatch.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(document.getText(mismatch.range), 'instruction');
    assert.match(mismatch.message, /ComplexityScorer reads "instructions" as list<string>/);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, mismatch.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((action) => action.isPreferred);
    assert.ok(fix?.edit, `no preferred quick fix among: ${actions.map((action) => action.title).join(', ')}`);
    assert.equal(fix.title, 'Map input "instructions" to column "evolved_instructions"');
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(document.getText(), /input_mappings: \{ instructions: evolved_instructions \}/);

    await diagnosticsWhen(uri, (diagnostics) => diagnostics.length === 0, 'the fixed pipeline has no diagnostics');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
