/**
 * @module Encoding of stored records: MessagePack (msgpackr) with its structured-clone extension,
 * which round-trips `Map`s (every `NameMap` in the model), nested objects and shared references
 * exactly. Each value is self-describing (record structures are written inline, not shared), so
 * any thread or process decodes any record without coordination.
 *
 * One value does not round-trip: MessagePack has no negative integer zero, so a real `-0` is read
 * back as `0` (CIM gives the two no different meaning).
 */
import { Packr } from 'msgpackr';
import { WBEM_E_INVALID_PARAMETER } from '../../wbem/status.js';
import { WbemError } from '../../wbem/wbem-error.js';

/** Encodes and decodes stored values. */
export interface RecordCodec {
  /** @throws {WbemError} WBEM_E_INVALID_PARAMETER when the value holds something not storable. */
  encode(value: unknown): Buffer;
  /** @throws {Error} when the bytes are not a record; callers report it as damage. */
  decode(bytes: Uint8Array): unknown;
}

/** Creates a codec; one per repository, since a `Packr` keeps per-instance scratch state. */
export function createRecordCodec(): RecordCodec {
  const packr = new Packr({ structuredClone: true });
  return {
    encode(value) {
      try {
        return packr.pack(value);
      } catch (cause) {
        throw new WbemError(WBEM_E_INVALID_PARAMETER, {
          message: `value cannot be stored: ${cause instanceof Error ? cause.message : String(cause)}`,
          cause,
        });
      }
    },
    decode(bytes) {
      return packr.unpack(bytes);
    },
  };
}
