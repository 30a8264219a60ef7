import { statSync } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** What was being done; `open` when it is not known whether to read or to write. */
export type FileAction = 'read' | 'write' | 'open';

/** The file a command reads or writes, as the messages name it: `--input data.jsonl`, or the path alone. */
export interface FileTarget {
  /** How the user gave it, e.g. "--out results/a.jsonl". */
  label: string;
  path: string;
  action: FileAction;
}

/** `path` or its nearest ancestor that exists and is not a directory: what stops a folder being made. */
function fileInTheWay(path: string): string | undefined {
  for (let at = path; ; at = dirname(at)) {
    try {
      if (!statSync(at).isDirectory()) return at;
    } catch {
      // Not there (or not reachable) either: look further up.
    }
    if (dirname(at) === at) return undefined;
  }
}

/**
 * A file-system error (ENOENT, EISDIR, ...) as a sentence that names the file and says what to
 * do, instead of Node's "EISDIR: illegal operation on a directory, read". Rarer errors keep
 * Node's text after the file's name.
 */
export function describeFileError(error: unknown, { label, path, action }: FileTarget): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const cannot = `cannot ${action} ${label}`;
  switch (code) {
    case 'ENOENT':
      return action === 'write' ? `${cannot}: its folder does not exist. Check the path.` : `${cannot}: no such file. Check the path.`;
    case 'EISDIR':
      return action === 'write'
        ? `${cannot}: it is a directory. Give a file path, such as ${join(path, 'results.jsonl')}.`
        : `${cannot}: it is a directory. Give the path of a file.`;
    // ENOTDIR: a folder on the way is a file; EEXIST: mkdir met a file where the folder goes.
    case 'ENOTDIR':
    case 'EEXIST': {
      const blocker = fileInTheWay(path);
      const why = blocker === undefined ? 'a folder on its path is a file' : `${blocker} is a file, not a directory`;
      return `${cannot}: ${why}. ${action === 'write' ? 'Choose another path.' : 'Check the path.'}`;
    }
    case 'EACCES':
    case 'EPERM':
      return `${cannot}: permission denied. Check the permissions of ${path} and of its folder.`;
    case 'EROFS':
      return `${cannot}: the file system is read-only. Choose another path.`;
    case 'ENOSPC':
      return `${cannot}: no space left on the device. Free some space or choose another path.`;
    default:
      return `${cannot}: ${error instanceof Error ? error.message : String(error)}`;
  }
}

const ACTION_OF_CALL: Readonly<Record<string, FileAction>> = { open: 'open', mkdir: 'write', write: 'write', rename: 'write', unlink: 'write', copyfile: 'write' };

/**
 * The last word on an error no command caught: a file-system error with its path becomes a
 * sentence; anything else keeps its message. Never a stack trace. ("open" serves reads and
 * writes alike, so its errors say "cannot open".)
 */
export function describeUncaughtError(error: unknown): string {
  const { path, syscall } = (error ?? {}) as NodeJS.ErrnoException;
  if (path !== undefined) return describeFileError(error, { label: path, path, action: ACTION_OF_CALL[syscall ?? ''] ?? 'read' });
  return error instanceof Error ? error.message : String(error);
}

/**
 * Why `target` cannot be read, found by reading its first byte (a directory opens fine and only
 * fails to read); undefined when it can be.
 */
export async function unreadableFileProblem(target: Omit<FileTarget, 'action'>): Promise<string | undefined> {
  try {
    const handle = await open(target.path, 'r');
    try {
      await handle.read(Buffer.alloc(1), 0, 1, 0);
    } finally {
      await handle.close();
    }
    return undefined;
  } catch (error) {
    return describeFileError(error, { ...target, action: 'read' });
  }
}

/** Creates `folder` (and its parents) for writing `target`; why it cannot be made, or undefined. */
export async function folderProblem(target: Omit<FileTarget, 'action'>, folder: string): Promise<string | undefined> {
  try {
    await mkdir(folder, { recursive: true });
    return undefined;
  } catch (error) {
    return describeFileError(error, { ...target, action: 'write' });
  }
}
