/**
 * @module Encoding of stored records: MessagePack (msgpackr) with its structured-clone extension,
 * which round-trips `Map`s (every `NameMap` in the model), nested objects and shared references
 * exactly. Each value is self-describing (record structures are written inline, not shared), so
 * any thread or process decodes any record without coordination.
 *
 * Every stored value is sealed in a frame that lets a read prove the bytes are the ones written:
 *
 * ```
 *  byte 0      0xa5 (frame mark; no format-1 record, a bare MessagePack map, starts with it)
 *  bytes 1-4   CRC-32 (big-endian) of the record's key followed by the payload
 *  bytes 5-    payload (MessagePack for records, UTF-8 for namespace metadata)
 * ```
 *
 * A flipped bit, a page of another record's bytes or a value found under another key fails the
 * check and is reported as damage, instead of decoding into a plausible but wrong class. CRC-32 (zlib's, native) costs well under
 * a microsecond per class record; it guards against accidents, not against a forger.
 *
 * One value does not round-trip: MessagePack has no negative integer zero, so a real `-0` is read
 * back as `0` (CIM gives the two no different meaning).
 */
import { crc32 } from 'node:zlib';
import { Packr } from 'msgpackr';
import { WBEM_E_INVALID_PARAMETER } from '../../wbem/status.js';
import { WbemError } from '../../wbem/wbem-error.js';

const FRAME_MARK = 0xa5;
const FRAME_HEADER = 5;

/** Encodes and decodes stored values. */
export interface RecordCodec {
  /**
   * Encodes the value stored under `key` (bound into the checksum).
   * @throws {WbemError} WBEM_E_INVALID_PARAMETER when the value holds something not storable.
   */
  encode(value: unknown, key?: Uint8Array): Buffer;
  /**
   * Decodes the value read under `key`.
   * @throws {Error} when the bytes are not a record sealed under that key; callers report it as
   * damage.
   */
  decode(bytes: Uint8Array, key?: Uint8Array): unknown;
  /**
   * Decodes bytes written without a frame (format version 1), only to read an old format
   * record and name its version.
   * @throws {Error} when the bytes are not MessagePack.
   */
  decodeUnsealed(bytes: Uint8Array): unknown;
}

function checksum(payload: Uint8Array, key: Uint8Array | undefined): number {
  return crc32(payload, key === undefined ? 0 : crc32(key));
}

/** Wraps raw bytes stored under `key` in a checksummed frame. */
export function seal(payload: Uint8Array, key?: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(FRAME_HEADER + payload.length);
  out[0] = FRAME_MARK;
  out.writeUInt32BE(checksum(payload, key), 1);
  out.set(payload, FRAME_HEADER);
  return out;
}

/**
 * The payload of a frame sealed under `key`.
 * @throws {Error} naming what is wrong when the frame is cut off or its checksum does not match.
 */
export function unseal(bytes: Uint8Array, key?: Uint8Array): Buffer {
  const frame = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (frame.length < FRAME_HEADER || frame[0] !== FRAME_MARK) {
    throw new Error(`not a sealed record (${frame.length} bytes, no frame mark)`);
  }
  const payload = frame.subarray(FRAME_HEADER);
  const expected = frame.readUInt32BE(1);
  const actual = checksum(payload, key);
  if (actual !== expected) {
    throw new Error(
      `checksum mismatch (stored ${expected.toString(16).padStart(8, '0')}, computed ${actual.toString(16).padStart(8, '0')} over ${payload.length} bytes)`,
    );
  }
  return payload;
}

/** Creates a codec; one per repository, since a `Packr` keeps per-instance scratch state. */
export function createRecordCodec(): RecordCodec {
  const packr = new Packr({ structuredClone: true });
  return {
    encode(value, key) {
      let packed: Buffer;
      try {
        packed = packr.pack(value);
      } catch (cause) {
        throw new WbemError(WBEM_E_INVALID_PARAMETER, {
          message: `value cannot be stored: ${cause instanceof Error ? cause.message : String(cause)}`,
          cause,
        });
      }
      return seal(packed, key);
    },
    decode(bytes, key) {
      return packr.unpack(unseal(bytes, key));
    },
    decodeUnsealed(bytes) {
      return packr.unpack(bytes);
    },
  };
}
