import { fmix32, hashString } from './hash32';

/**
 * MinHash signatures. Each shingle is hashed once (MurmurHash3, seeded); permutation i maps that
 * hash through `fmix32(a_i * h + b_i)`, with odd multipliers `a_i` and offsets `b_i` drawn from the
 * seed. Each map is a bijection of the 32-bit space, so it acts as a random permutation, and one
 * string hash per shingle keeps a signature at O(shingles x num_perm) integer operations.
 */
export class MinHasher {
  private readonly multipliers: Uint32Array;
  private readonly offsets: Uint32Array;

  constructor(
    readonly numPerm: number,
    readonly seed: number,
  ) {
    this.multipliers = new Uint32Array(numPerm);
    this.offsets = new Uint32Array(numPerm);
    // SplitMix-style stream from the seed: neighbouring seeds give unrelated permutations.
    let state = fmix32(seed ^ 0x5bd1e995);
    const next = (): number => {
      state = (state + 0x9e3779b9) | 0;
      return fmix32(state);
    };
    for (let i = 0; i < numPerm; i++) {
      this.multipliers[i] = next() | 1;
      this.offsets[i] = next();
    }
  }

  /** The signature of a set of shingles; an empty set gets all 0xffffffff (like datasketch). */
  signature(shingles: Iterable<string>): Uint32Array {
    const signature = new Uint32Array(this.numPerm).fill(0xffffffff);
    for (const shingle of shingles) {
      const hash = hashString(shingle, this.seed);
      for (let i = 0; i < this.numPerm; i++) {
        const value = fmix32((Math.imul(this.multipliers[i] ?? 1, hash) + (this.offsets[i] ?? 0)) | 0);
        if (value < (signature[i] ?? 0)) signature[i] = value;
      }
    }
    return signature;
  }
}

/** The share of positions where two signatures agree: an unbiased estimate of the Jaccard similarity. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  let equal = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) equal++;
  return a.length === 0 ? 0 : equal / a.length;
}
