// Child process of killedWriter.test.ts: puts sampleValue(n) under keyOf(n) into the cache in
// argv[2] for n = argv[3], argv[3] + 1, ... and prints each key once put has returned, until it
// is killed. Small segments make the kill land around segment changes too.
import { writeSync } from 'node:fs';
import { RequestStore } from '../../../src/core/cache';
import { keyOf, sampleValue } from './cacheDir';

const [dir, first] = process.argv.slice(2);
const store = RequestStore.open(dir!, { segmentBytes: 256 * 1024 });
for (let n = Number(first); n < Number(first) + 1_000_000; n++) {
  store.put(keyOf(n), sampleValue(n));
  // Straight to the descriptor: nothing is printed before put has returned, and nothing is buffered.
  writeSync(1, `${keyOf(n)}\n`);
}
