import { fmix32 } from './hash32';
import { estimateJaccard } from './minHash';

/**
 * Locality-sensitive hashing over MinHash signatures: the signature is cut into `bands` bands of
 * `rows` values; two signatures that agree on a whole band become candidates. The banding is
 * chosen as datasketch's MinHashLSH chooses it, minimising the (equally weighted) areas of false
 * positives below the threshold and false negatives above it. Candidates are then checked
 * against the threshold with the estimated Jaccard similarity.
 */
export interface Banding {
  bands: number;
  rows: number;
}

/** Simpson's rule over [from, to]; the integrands here are smooth polynomials. */
function integrate(f: (s: number) => number, from: number, to: number, intervals = 64): number {
  const step = (to - from) / intervals;
  let sum = f(from) + f(to);
  for (let i = 1; i < intervals; i++) sum += f(from + i * step) * (i % 2 === 1 ? 4 : 2);
  return (sum * step) / 3;
}

export function optimalBanding(threshold: number, numPerm: number): Banding {
  let best: Banding = { bands: 1, rows: numPerm };
  let bestError = Number.POSITIVE_INFINITY;
  for (let bands = 1; bands <= numPerm; bands++) {
    for (let rows = 1; rows <= Math.floor(numPerm / bands); rows++) {
      const candidate = (s: number): number => 1 - (1 - s ** rows) ** bands;
      const falsePositive = integrate(candidate, 0, threshold);
      const falseNegative = integrate((s) => 1 - candidate(s), threshold, 1);
      const error = 0.5 * falsePositive + 0.5 * falseNegative;
      if (error < bestError) {
        bestError = error;
        best = { bands, rows };
      }
    }
  }
  return best;
}

/** Two independent 32-bit hashes of a band, packed into one safe integer for a Map key. */
function bandKey(signature: Uint32Array, start: number, rows: number): number {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = start; i < start + rows; i++) {
    const value = signature[i] ?? 0;
    a = fmix32(a ^ value);
    b = fmix32((b + Math.imul(value, 0x27d4eb2d)) | 0);
  }
  // Key collisions only add candidates, which the Jaccard check then rejects.
  return a * 0x200000 + (b >>> 11);
}

export class LshIndex {
  private readonly buckets: Map<number, number[]>[];
  private readonly signatures: Uint32Array[] = [];

  constructor(
    readonly threshold: number,
    readonly banding: Banding,
  ) {
    this.buckets = Array.from({ length: banding.bands }, () => new Map<number, number[]>());
  }

  /** Whether an indexed signature shares a band with `signature` and reaches the threshold. */
  hasNearDuplicate(signature: Uint32Array): boolean {
    const { rows } = this.banding;
    const checked = new Set<number>();
    for (const [band, buckets] of this.buckets.entries()) {
      for (const id of buckets.get(bandKey(signature, band * rows, rows)) ?? []) {
        if (checked.has(id)) continue;
        checked.add(id);
        if (estimateJaccard(signature, this.signatures[id] as Uint32Array) >= this.threshold) return true;
      }
    }
    return false;
  }

  insert(signature: Uint32Array): void {
    const id = this.signatures.push(signature) - 1;
    const { rows } = this.banding;
    for (const [band, buckets] of this.buckets.entries()) {
      const key = bandKey(signature, band * rows, rows);
      const bucket = buckets.get(key);
      if (bucket) bucket.push(id);
      else buckets.set(key, [id]);
    }
  }

  get size(): number {
    return this.signatures.length;
  }
}
