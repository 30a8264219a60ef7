import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

/** publisher.name from the root package.json. */
const extensionId = 'distillery.distillery';

describe('activation', () => {
  it('finds the extension under its id', () => {
    const ext = vscode.extensions.getExtension(extensionId);
    assert.ok(ext, `extension ${extensionId} is not loaded in the test host`);
    const manifest = ext.packageJSON as { publisher: string; name: string };
    assert.equal(`${manifest.publisher}.${manifest.name}`, extensionId);
  });

  it('activates and registers distillery.evolveSelectedRows', async () => {
    const ext = vscode.extensions.getExtension(extensionId);
    assert.ok(ext);
    // No JSONL or YAML file may be open yet (VS Code derives onCommand from
    // contributes.commands), so activate explicitly.
    await ext.activate();
    assert.equal(ext.isActive, true);

    const commands = await vscode.commands.getCommands(true);
    assert.ok(
      commands.includes('distillery.evolveSelectedRows'),
      'command distillery.evolveSelectedRows is not registered',
    );
  });

  it('opens the copied fixture workspace', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder is open');
    const rows = await vscode.workspace.findFiles('rows.jsonl');
    assert.equal(rows.length, 1, 'rows.jsonl not found in the workspace');
  });
});
