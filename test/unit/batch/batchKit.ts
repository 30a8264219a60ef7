/** What the batch tests share: the seed rows they run and how they compare outputs. */
import { join } from 'node:path';

export { EXIT } from '../../../src/cli/usage';

export const REPO_ROOT = join(__dirname, '..', '..', '..');
export const SEED_TASKS = join(REPO_ROOT, 'examples/data/self-instruct-seed-tasks.jsonl');

/** Latency is the one value a batch answer (it has none: 0) and an online one may differ in; everything else must be equal. */
export function withoutLatency(text: string): unknown[] {
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line, (key, value: unknown) => (key === 'latency_ms' ? 0 : value)) as unknown);
}
