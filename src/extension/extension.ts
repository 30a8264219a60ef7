import * as vscode from 'vscode';
import { evolveSelectedRows } from './commands/evolveSelectedRows';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Distillery', { log: true });
  context.subscriptions.push(
    log,
    vscode.commands.registerCommand('distillery.evolveSelectedRows', async () => {
      try {
        return await evolveSelectedRows(log);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        log.error(message);
        void vscode.window.showErrorMessage(`Distillery: ${message}`);
        return undefined;
      }
    }),
  );
}

export function deactivate(): void {}
