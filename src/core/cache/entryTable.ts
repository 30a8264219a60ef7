import type { KeyDigest } from './indexEntry';

const FIELDS = 5;
const LOW = 0;
const HIGH = 1;
/** The segment id, or EMPTY, or DELETED (a tombstone, so probing goes on past it). */
const SEGMENT = 2;
const OFFSET = 3;
const LENGTH = 4;
const EMPTY = 0;
const DELETED = 0xffffffff;
const MIN_CAPACITY = 1024;
const MAX_LOAD = 0.6;

/** Where a key's record is. */
export interface RecordLocation {
  segmentId: number;
  offset: number;
  length: number;
}

/**
 * Key digest -> record location, for every entry of an open cache: an open-addressing hash
 * table (linear probing) in one Uint32Array. A Map of a million entries takes 3 to 4 times as
 * long to fill, which is most of the time to open a cache, and twice the memory; here a probe
 * touches one cache line. Segment ids are positive (0 marks an empty slot).
 */
export class EntryTable {
  private slots: Uint32Array;
  private mask: number;
  /** Live entries plus tombstones: what decides when to grow. */
  private occupied = 0;
  private live = 0;

  constructor(expectedEntries = 0) {
    const capacity = capacityFor(expectedEntries);
    this.slots = new Uint32Array(capacity * FIELDS);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.live;
  }

  get(digest: KeyDigest): RecordLocation | undefined {
    const slot = this.find(digest);
    if (slot < 0) return undefined;
    const at = slot * FIELDS;
    return { segmentId: this.slots[at + SEGMENT]!, offset: this.slots[at + OFFSET]!, length: this.slots[at + LENGTH]! };
  }

  /** Adds or replaces the entry for `digest`. */
  set(digest: KeyDigest, segmentId: number, offset: number, length: number): void {
    if (this.occupied + 1 > (this.mask + 1) * MAX_LOAD) this.rehash(capacityFor(this.live + 1));
    const { slots, mask } = this;
    let tombstone = -1;
    let slot = digest.low & mask;
    for (;;) {
      const at = slot * FIELDS;
      const segment = slots[at + SEGMENT];
      if (segment === EMPTY) break;
      if (segment === DELETED) {
        if (tombstone < 0) tombstone = slot;
      } else if (slots[at + LOW] === digest.low >>> 0 && slots[at + HIGH] === digest.high >>> 0) {
        this.write(slot, digest, segmentId, offset, length);
        return;
      }
      slot = (slot + 1) & mask;
    }
    if (tombstone < 0) this.occupied++;
    this.live++;
    this.write(tombstone < 0 ? slot : tombstone, digest, segmentId, offset, length);
  }

  /** Removes the entry for `digest` if it is still at `location` (a newer one is left alone). */
  deleteIfAt(digest: KeyDigest, location: RecordLocation): void {
    const slot = this.find(digest);
    if (slot < 0) return;
    const at = slot * FIELDS;
    if (this.slots[at + SEGMENT] !== location.segmentId || this.slots[at + OFFSET] !== location.offset) return;
    this.slots[at + SEGMENT] = DELETED;
    this.live--;
  }

  /** Removes every entry in the given segments. */
  deleteSegments(segmentIds: ReadonlySet<number>): void {
    const { slots } = this;
    for (let at = SEGMENT; at < slots.length; at += FIELDS) {
      if (segmentIds.has(slots[at]!)) {
        slots[at] = DELETED;
        this.live--;
      }
    }
    if (this.occupied - this.live > this.live) this.rehash(capacityFor(this.live));
  }

  clear(): void {
    this.slots = new Uint32Array(MIN_CAPACITY * FIELDS);
    this.mask = MIN_CAPACITY - 1;
    this.occupied = 0;
    this.live = 0;
  }

  private find(digest: KeyDigest): number {
    const { slots, mask } = this;
    const low = digest.low >>> 0;
    const high = digest.high >>> 0;
    for (let slot = low & mask; ; slot = (slot + 1) & mask) {
      const at = slot * FIELDS;
      const segment = slots[at + SEGMENT];
      if (segment === EMPTY) return -1;
      if (segment !== DELETED && slots[at + LOW] === low && slots[at + HIGH] === high) return slot;
    }
  }

  private write(slot: number, digest: KeyDigest, segmentId: number, offset: number, length: number): void {
    const at = slot * FIELDS;
    this.slots[at + LOW] = digest.low;
    this.slots[at + HIGH] = digest.high;
    this.slots[at + SEGMENT] = segmentId;
    this.slots[at + OFFSET] = offset;
    this.slots[at + LENGTH] = length;
  }

  private rehash(capacity: number): void {
    const old = this.slots;
    this.slots = new Uint32Array(capacity * FIELDS);
    this.mask = capacity - 1;
    this.occupied = 0;
    this.live = 0;
    for (let at = 0; at < old.length; at += FIELDS) {
      const segment = old[at + SEGMENT]!;
      if (segment === EMPTY || segment === DELETED) continue;
      this.set({ low: old[at + LOW]!, high: old[at + HIGH]! }, segment, old[at + OFFSET]!, old[at + LENGTH]!);
    }
  }
}

/** A power of two at which `entries` fill no more than half the slots. */
function capacityFor(entries: number): number {
  let capacity = MIN_CAPACITY;
  while (capacity * 0.5 < entries) capacity *= 2;
  return capacity;
}
