import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { RequestStore, clearRequestCache, type ClearedCache } from '../core/cache';
import type { ResponseCache, ResponseStore } from '../core/llm';
import { cacheEnabled } from './settings';

/** Where a workspace folder keeps its cache: the directory the CLI uses by default when run from that folder. */
const FOLDER_CACHE_DIR = ['.distillery', 'cache'] as const;

/**
 * The request caches of the extension's runs, one per directory: `<folder>/.distillery/cache`
 * for a file in a workspace folder (so the CLI run from that folder shares it), and the
 * extension's global storage for untitled documents and files outside every folder. A
 * directory's store is opened by its first run and kept until the extension deactivates:
 * opening reads every index file, which no run should pay for again.
 */
export class RequestCaches implements vscode.Disposable {
  private readonly stores = new Map<string, RequestStore>();

  constructor(
    /** The extension's global storage, for what belongs to no workspace folder. */
    private readonly globalStorage: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /**
   * The cache a run on `file` uses; undefined when `distillery.cache.enabled` is off, or when
   * the directory cannot be used as a cache: the run then goes on without one and says so,
   * since a cache that cannot be written should not stop work that can be paid for.
   */
  forRun(file: vscode.Uri | undefined, options: { refresh?: boolean } = {}): ResponseCache | undefined {
    if (!cacheEnabled(file)) return undefined;
    const dir = this.dirFor(file);
    try {
      return this.cacheIn(dir, options);
    } catch (error) {
      const message = `This run keeps no answers, so running it again pays for them again: ${error instanceof Error ? error.message : String(error)}`;
      this.log.warn(message);
      void vscode.window.showWarningMessage(`Distillery: ${message}`);
      return undefined;
    }
  }

  /**
   * The answers a preview of a run on `file` looks up: only a cache that exists already, since a
   * preview writes nothing (not even an empty cache), also in an untrusted workspace.
   */
  forLookup(file: vscode.Uri | undefined): ResponseStore | undefined {
    if (!cacheEnabled(file)) return undefined;
    const dir = this.dirFor(file);
    if (!existsSync(dir)) return undefined;
    try {
      return this.cacheIn(dir).store;
    } catch {
      // A cache that cannot be opened answers nothing: the preview counts every request as to send.
      return undefined;
    }
  }

  /** The cache directory for runs on `file` (undefined when the run has no file, as a new untitled document). */
  dirFor(file: vscode.Uri | undefined): string {
    const folder = file && vscode.workspace.getWorkspaceFolder(file);
    return folder && folder.uri.scheme === 'file' ? folderCacheDir(folder.uri) : this.globalDir;
  }

  private get globalDir(): string {
    return vscode.Uri.joinPath(this.globalStorage, 'request-cache').fsPath;
  }

  /**
   * The cache a run in `dir` reads and writes. The store is looked up on every call rather than
   * held, so that after Clear Request Cache a run still going on writes to the new, empty one.
   * Throws a RequestCacheError when the directory cannot be opened as a cache.
   */
  private cacheIn(dir: string, options: { refresh?: boolean } = {}): ResponseCache {
    this.storeIn(dir);
    const store: ResponseStore = {
      get: (key) => this.storeIn(dir).get(key),
      put: (key, value) => this.storeIn(dir).put(key, value),
    };
    return { store, ...(options.refresh ? { refresh: true } : {}) };
  }

  /** Empties the cache in `dir`, closing its store first; the next run opens it anew. */
  clear(dir: string): ClearedCache {
    this.stores.get(dir)?.close();
    this.stores.delete(dir);
    return clearRequestCache(dir);
  }

  dispose(): void {
    for (const store of this.stores.values()) store.close();
    this.stores.clear();
  }

  private storeIn(dir: string): RequestStore {
    let store = this.stores.get(dir);
    if (!store) {
      store = RequestStore.open(dir);
      this.stores.set(dir, store);
    }
    return store;
  }
}

/** `<folder>/.distillery/cache`. */
export function folderCacheDir(folder: vscode.Uri): string {
  return join(folder.fsPath, ...FOLDER_CACHE_DIR);
}
