/** Where a run writes when it does not edit the rows in place. Pure, unit-tested. */
import { basename, dirname, join } from 'node:path';

/** `data/train.jsonl` -> `data/train.distilled.jsonl`, next to the source. */
export function siblingOutputPath(sourcePath: string): string {
  const name = basename(sourcePath);
  const stem = name.toLowerCase().endsWith('.jsonl') ? name.slice(0, -'.jsonl'.length) : name;
  return join(dirname(sourcePath), `${stem}.distilled.jsonl`);
}
