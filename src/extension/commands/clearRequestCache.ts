import * as vscode from 'vscode';
import type { ClearedCache } from '../../core/cache';
import { formatCount } from '../cost';
import { folderCacheDir } from '../requestCaches';
import { UserError, type Services } from '../services';

export interface ClearedRequestCache extends ClearedCache {
  /** The cache directory that was emptied. */
  dir: string;
}

/**
 * Clear Request Cache: empties the cache that runs on the active editor's file use (its
 * workspace folder's, or the global one), so that the next run sends every request again.
 * Without an editor, the workspace folder's (asking which when there are several), or the
 * global one when no folder is open.
 *
 * Scripted form: `executeCommand('distillery.clearRequestCache', folderUri?)` empties
 * `<folder>/.distillery/cache`.
 */
export async function clearRequestCacheCommand(services: Services, args: unknown): Promise<ClearedRequestCache | undefined> {
  const dir = await cacheDirToClear(services, args);
  if (dir === undefined) return undefined;
  const cleared = services.caches.clear(dir);
  const where = vscode.workspace.asRelativePath(dir);
  const message =
    cleared.files === 0
      ? `The request cache in ${where} was already empty.`
      : `Cleared the request cache in ${where}: removed ${formatCount(cleared.files)} ${cleared.files === 1 ? 'file' : 'files'} (${formatBytes(cleared.bytes)}). The next runs send every request again.`;
  services.log.info(message);
  void vscode.window.showInformationMessage(`Distillery: ${message}`);
  return { dir, ...cleared };
}

async function cacheDirToClear(services: Services, args: unknown): Promise<string | undefined> {
  if (args !== undefined && args !== null) return folderCacheDir(folderArg(args));
  const document = vscode.window.activeTextEditor?.document;
  if (document) return services.caches.dirFor(document.uri);
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) return services.caches.dirFor(folders[0]?.uri);
  const folder = await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Clear the request cache of which folder?' });
  return folder && services.caches.dirFor(folder.uri);
}

function folderArg(args: unknown): vscode.Uri {
  if (args instanceof vscode.Uri) return args;
  if (typeof args === 'string' && args.length > 0) return vscode.Uri.parse(args);
  throw new UserError('Clear Request Cache takes the URI of the folder whose cache to clear, or nothing for the active editor\'s folder.');
}

/** 1234567 -> "1.2 MB". */
function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
