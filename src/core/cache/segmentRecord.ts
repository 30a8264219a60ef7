import { crc32 } from './crc32';

/**
 * One cache entry in a segment file:
 *
 *   magic u32 LE | payload length u32 LE | CRC-32 of payload u32 LE | payload
 *   payload = key byte length u16 LE | key (UTF-8) | value as JSON (UTF-8)
 *
 * The magic is "DRC" and the format version byte 1, so a record of another format never reads
 * as one of this.
 */
export const RECORD_MAGIC = Buffer.from([0x44, 0x52, 0x43, 0x01]).readUInt32LE(0);
export const RECORD_HEADER_BYTES = 12;
const KEY_LENGTH_BYTES = 2;
export const MAX_KEY_BYTES = 0xffff;
const MAX_PAYLOAD_BYTES = 0xffffffff - RECORD_HEADER_BYTES;

export interface DecodedRecord {
  /** Header and payload. */
  recordBytes: number;
  key: string;
  valueJson: string;
}

/** The record for `key` holding `valueJson`, header included. */
export function encodeRecord(key: string, valueJson: string): Buffer {
  const keyBytes = Buffer.byteLength(key, 'utf8');
  if (keyBytes > MAX_KEY_BYTES) throw new RangeError(`A request cache key is at most ${MAX_KEY_BYTES} bytes long; this one has ${keyBytes}.`);
  const payloadBytes = KEY_LENGTH_BYTES + keyBytes + Buffer.byteLength(valueJson, 'utf8');
  if (payloadBytes > MAX_PAYLOAD_BYTES) throw new RangeError(`A request cache entry is at most ${MAX_PAYLOAD_BYTES} bytes long; this one has ${payloadBytes}.`);
  const record = Buffer.allocUnsafe(RECORD_HEADER_BYTES + payloadBytes);
  record.writeUInt32LE(RECORD_MAGIC, 0);
  record.writeUInt32LE(payloadBytes, 4);
  const payload = RECORD_HEADER_BYTES;
  record.writeUInt16LE(keyBytes, payload);
  record.write(key, payload + KEY_LENGTH_BYTES, 'utf8');
  record.write(valueJson, payload + KEY_LENGTH_BYTES + keyBytes, 'utf8');
  record.writeUInt32LE(crc32(record, payload), 8);
  return record;
}

/**
 * The record starting at `offset` in `bytes`, or undefined when there is none whole and intact
 * there (wrong magic, cut short, checksum mismatch): a torn or damaged record is never an error.
 */
export function decodeRecordAt(bytes: Buffer, offset: number): DecodedRecord | undefined {
  if (offset + RECORD_HEADER_BYTES > bytes.length || bytes.readUInt32LE(offset) !== RECORD_MAGIC) return undefined;
  const payload = offset + RECORD_HEADER_BYTES;
  const end = payload + bytes.readUInt32LE(offset + 4);
  if (end > bytes.length || crc32(bytes, payload, end) !== bytes.readUInt32LE(offset + 8)) return undefined;
  const keyEnd = payload + KEY_LENGTH_BYTES + bytes.readUInt16LE(payload);
  if (keyEnd > end) return undefined;
  return {
    recordBytes: end - offset,
    key: bytes.toString('utf8', payload + KEY_LENGTH_BYTES, keyEnd),
    valueJson: bytes.toString('utf8', keyEnd, end),
  };
}
