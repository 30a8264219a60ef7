import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { RequestStore } from '../../../src/core/cache';
import { keyOf, sampleValue, withCacheDir } from './cacheDir';

const CHILD = join(__dirname, 'putUntilKilled.ts');
/** Keys to see printed before the kill; the child goes on putting until the signal lands. */
const KEYS_BEFORE_KILL = 300;

/** Runs the child from entry `first` until it has printed KEYS_BEFORE_KILL keys, kills it with SIGKILL, and returns every key it printed. */
function putUntilKilled(dir: string, first: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dir, String(first)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.split('\n').length > KEYS_BEFORE_KILL && child.signalCode === null) child.kill('SIGKILL');
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`the child ended with code ${code} and signal ${signal}, not SIGKILL:\n${stderr}`));
      // A line cut short by the kill was never fully printed, so its put is not known to have returned.
      else resolve(stdout.split('\n').slice(0, -1));
    });
  });
}

test('every entry whose put returned survives kill -9 of the writer, kill after kill', { timeout: 120_000 }, async () => {
  await withCacheDir(async (dir) => {
    const printed: Array<{ n: number; key: string }> = [];
    for (let round = 0; round < 3; round++) {
      const first = round * 1_000_000;
      const keys = await putUntilKilled(dir, first);
      assert.ok(keys.length >= KEYS_BEFORE_KILL, `round ${round}: ${keys.length} keys`);
      keys.forEach((key, index) => {
        assert.equal(key, keyOf(first + index));
        printed.push({ n: first + index, key });
      });
    }
    const store = RequestStore.open(dir);
    for (const { n, key } of printed) assert.deepEqual(store.get(key), sampleValue(n), `entry ${n}`);
    assert.ok(store.stats().entries >= printed.length);
    store.close();
  });
});
