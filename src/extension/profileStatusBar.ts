/**
 * The active endpoint profile in the status bar, shown while a JSONL file is edited; a click
 * switches profiles. Built into a bundle of its own (dist/profileStatusBar.js) that extension.ts
 * loads with the first JSONL editor: reading the profiles validates them with zod, which
 * activation does not load.
 */
import * as vscode from 'vscode';
import { describeProfile, resolveProfiles } from './profiles';
import { readProfileSettings } from './settings';

export function showProfileStatusBar(): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('distillery.profile', vscode.StatusBarAlignment.Right, 100);
  item.name = 'Distillery Endpoint Profile';
  item.command = 'distillery.selectProfile';
  const update = (): void => {
    const resolved = resolveProfiles(readProfileSettings());
    if (resolved.ok) {
      item.text = `$(server-process) ${resolved.active.name}`;
      item.tooltip = `Distillery endpoint profile "${resolved.active.name}": ${describeProfile(resolved.active)}. Click to switch.`;
      item.backgroundColor = undefined;
    } else {
      item.text = '$(warning) Distillery';
      item.tooltip = resolved.error;
      item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    }
    // Shown where it matters: while a JSONL file is being edited.
    if (vscode.window.activeTextEditor?.document.languageId === 'jsonl') item.show();
    else item.hide();
  };
  const subscriptions = [
    item,
    // Select Endpoint Profile and Set API Key change the settings, so this also follows them.
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('distillery.llm')) update();
    }),
    vscode.window.onDidChangeActiveTextEditor(update),
  ];
  update();
  return vscode.Disposable.from(...subscriptions);
}
