import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { RESULTS_PANEL_VIEW_TYPE } from '../../../../src/protocol/resultsPanelViewType';

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
  activationEvents: string[];
  contributes: { commands: { command: string }[]; menus: Record<string, { command: string }[]> };
};

describe('the results panel in the manifest and the package', () => {
  it('wakes the extension to restore a panel after a restart', () => {
    assert.ok(manifest.activationEvents.includes(`onWebviewPanel:${RESULTS_PANEL_VIEW_TYPE}`));
  });

  it('contributes Show Results for This File to the palette, the editor and the explorer', () => {
    assert.ok(manifest.contributes.commands.some((command) => command.command === 'distillery.showResults'));
    for (const menu of ['commandPalette', 'editor/context', 'explorer/context']) {
      assert.ok(manifest.contributes.menus[menu]?.some((entry) => entry.command === 'distillery.showResults'), menu);
    }
  });

  it('ships the page\'s bundle and stylesheet in the .vsix', () => {
    const allowed = readFileSync('.vscodeignore', 'utf8').split('\n');
    assert.ok(allowed.includes('!dist/webview.js'));
    assert.ok(allowed.includes('!media/**'));
  });
});
