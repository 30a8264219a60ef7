import { hash } from 'node:crypto';
import { crc32 } from './crc32';

/**
 * One entry of an index file, written after its record is in the segment:
 *
 *   first 8 bytes of SHA-256(key) | record offset u32 LE | record length u32 LE | CRC-32 of the 16 bytes before, u32 LE
 *
 * Fixed-size entries let a torn tail (a partial entry after a crash) be cut off by length, and
 * the checksum stops at garbage.
 */
export const INDEX_ENTRY_BYTES = 20;
const CHECKED_BYTES = 16;

/** The part of SHA-256(key) the index and the in-memory table identify a key by. */
export interface KeyDigest {
  low: number;
  high: number;
}

export interface IndexEntry extends KeyDigest {
  offset: number;
  length: number;
}

export function keyDigest(key: string): KeyDigest {
  const sha = hash('sha256', key, 'buffer');
  return { low: sha.readUInt32LE(0), high: sha.readUInt32LE(4) };
}

export function encodeIndexEntry(entry: IndexEntry): Buffer {
  const bytes = Buffer.allocUnsafe(INDEX_ENTRY_BYTES);
  bytes.writeUInt32LE(entry.low, 0);
  bytes.writeUInt32LE(entry.high, 4);
  bytes.writeUInt32LE(entry.offset, 8);
  bytes.writeUInt32LE(entry.length, 12);
  bytes.writeUInt32LE(crc32(bytes, 0, CHECKED_BYTES), CHECKED_BYTES);
  return bytes;
}

/**
 * Reads the entry at `at` into `into` and says whether it is whole and its checksum matches.
 * Filling one object rather than making one per entry keeps opening a million-entry cache free
 * of a million allocations.
 */
export function decodeIndexEntry(bytes: Buffer, at: number, into: IndexEntry): boolean {
  if (at + INDEX_ENTRY_BYTES > bytes.length) return false;
  if (crc32(bytes, at, at + CHECKED_BYTES) !== bytes.readUInt32LE(at + CHECKED_BYTES)) return false;
  into.low = bytes.readUInt32LE(at);
  into.high = bytes.readUInt32LE(at + 4);
  into.offset = bytes.readUInt32LE(at + 8);
  into.length = bytes.readUInt32LE(at + 12);
  return true;
}
