// Where each benchmark leaves its figures for the runner (bench/runAll.mjs), which reads them
// into the one table of `npm run bench` and bench/README.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const RESULTS_DIR = fileURLToPath(new URL('results/', import.meta.url));

/** Writes bench/results/<name>.json: the date and the benchmark's own figures. */
export function writeBenchResults(name, figures) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `${name}.json`), `${JSON.stringify({ date: new Date().toISOString(), ...figures }, null, 2)}\n`);
}
