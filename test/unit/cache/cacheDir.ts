import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Runs `body` with a fresh temporary directory that is removed afterwards, pass or fail. */
export async function withCacheDir(body: (dir: string) => void | Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'distillery-cache-'));
  try {
    await body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A key shaped like requestKey's: 64 hex digits. */
export function keyOf(n: number): string {
  return createHash('sha256').update(`entry ${n}`).digest('hex');
}

/** The names of the files in `dir` ending in `extension`, oldest segment first. */
export function filesEnding(dir: string, extension: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(extension))
    .sort()
    .map((name) => join(dir, name));
}

/** Bytes of the cache's segments and indexes in `dir`. */
export function cacheBytesOnDisk(dir: string): number {
  return [...filesEnding(dir, '.seg'), ...filesEnding(dir, '.idx')].reduce((sum, path) => sum + statSync(path).size, 0);
}

/** The value the killed-writer test puts under keyOf(n): sizes vary from a few bytes to 20 KB, so a kill can land mid-write. */
export function sampleValue(n: number): { n: number; text: string } {
  return { n, text: `value ${n} `.padEnd((n * 7919) % 20_000, '.') };
}
