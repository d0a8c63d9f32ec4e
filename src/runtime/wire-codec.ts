/**
 * @module How a batch crosses `postMessage`, chosen by measurement (bench/RESULTS.md, "Engine").
 *
 * - `msgpack` (default): bytes in a transferred `ArrayBuffer`, after a format byte. A batch of
 *   `putClass` requests whose classes have the builders' shape goes in the fixed layout of
 *   `put-class-layout.ts`, a batch of plain `ok`/`fail` replies in that of
 *   `reply-batch-wire.ts`: a run of creates then never reaches msgpackr, whose generic packer
 *   and reader each take a long JIT compilation on each thread early in the engine's life, and
 *   its main-thread CPU per create fell by a fifth to a third (bench/RESULTS.md, "Open and first
 *   calls"). Any other batch goes by msgpackr with records (`mapsAsObjects: false` keeps the
 *   model's `NameMap`s as `Map`s): the sender packs (~11 µs per class) and the receiver unpacks
 *   (~4 µs), against ~9 µs and ~20 µs for structured clone; with one host on 2 cores the host
 *   thread is the bottleneck, so the work goes to the main thread. A batch holding a value
 *   msgpack would change (`-0`, a hole, a Date, a typed array, ...) goes by structured clone
 *   instead (`wireRoute`), so every route carries every input alike.
 * - `clone`: the batch object itself; Node's structured clone serialises it inside
 *   `postMessage` and rebuilds it (Maps included) on the receiving thread.
 * - `json`: JSON text with tagged Maps; 3-4x slower than either, kept for comparison.
 * - `copy`: a copy the receiver owns (`copyForWire`), passed as it is: only for a port within one
 *   thread (the calling-thread host's, `in-thread-channel.ts`), where there is no thread boundary
 *   to serialise across and a copy sharing the strings is all the isolation a call needs.
 *
 * Every encoding first replaces the chained `__DERIVATION`s of result objects by links sent once
 * per call (`derivation-streams.ts`), and the receiving side rebuilds them: a deep enumeration
 * then costs the wire and the receiving thread in proportion to its classes, not to d²/2 names.
 */
import { Packr } from 'msgpackr';
import { DerivationStreams } from './derivation-streams.js';
import { loadNativeStrings } from './native-strings.js';
import type { WireEncoding } from './protocol.js';
import { readPutClassBatch } from './read-put-class-batch.js';
import { readReplyBatch, writeReplyBatch } from './reply-batch-wire.js';
import { ByteWriter } from './wire-bytes.js';
import { copyForWire, wireRoute } from './wire-fidelity.js';
import { writePutClassBatch } from './write-put-class-batch.js';

/** How one encoding turns a batch into what `postMessage` carries, and back. */
interface Encoding {
  encode(value: unknown): { readonly data: unknown; readonly transfer: readonly ArrayBuffer[] };
  decode(data: unknown): unknown;
}

/**
 * Encodes a batch for `postMessage` and decodes what arrived; one instance per port side, in the
 * order of the posts (it keeps the derivations of results still streaming).
 */
export interface WireCodec extends Encoding {
  /** `value`, encoded earlier, was not posted after all (its poster caught the failure). */
  discard(value: unknown): void;
  /** The peer was replaced: forget what was exchanged with the old one. */
  reset(): void;
}

const MAP_TAG = '\u0000map';
/** Bytes (the packed class members of an event, `event-wire.ts`), as base64. */
const BYTES_TAG = '\u0000bytes';

function mapReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Map) return { [MAP_TAG]: [...value] };
  if (value instanceof Uint8Array) {
    const bytes = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    return { [BYTES_TAG]: bytes.toString('base64') };
  }
  return value;
}

function mapReviver(_key: string, value: unknown): unknown {
  if (typeof value === 'object' && value !== null && MAP_TAG in value) {
    return new Map((value as Record<string, [unknown, unknown][]>)[MAP_TAG]);
  }
  if (typeof value === 'object' && value !== null && BYTES_TAG in value) {
    return new Uint8Array(
      Buffer.from((value as Record<string, string>)[BYTES_TAG] ?? '', 'base64'),
    );
  }
  return value;
}

/** The first byte of a packed post: which of the two byte formats follows. */
const MSGPACK = 0;
const PUT_CLASS_BATCH = 1;
const REPLY_BATCH = 2;

/** The encoding hosts and the main thread use unless told otherwise. */
export const DEFAULT_ENCODING: WireEncoding = 'msgpack';

/** The codec for one encoding. */
export function createWireCodec(encoding: WireEncoding): WireCodec {
  const codec = encodingOf(encoding);
  const derivations = new DerivationStreams();
  return {
    encode(value) {
      const packed = derivations.pack(value);
      try {
        return codec.encode(packed);
      } catch (error) {
        derivations.discard(value);
        throw error;
      }
    },
    decode: (data) => derivations.unpack(codec.decode(data)),
    discard: (value) => derivations.discard(value),
    reset: () => derivations.reset(),
  };
}

function encodingOf(encoding: WireEncoding): Encoding {
  switch (encoding) {
    case 'clone':
      return { encode: (value) => ({ data: value, transfer: [] }), decode: (data) => data };
    case 'copy':
      return {
        encode: (value) => ({ data: copyForWire(value), transfer: [] }),
        decode: (data) => data,
      };
    case 'json':
      return {
        encode: (value) => ({ data: JSON.stringify(value, mapReplacer), transfer: [] }),
        decode: (data) => (typeof data === 'string' ? JSON.parse(data, mapReviver) : undefined),
      };
    case 'msgpack': {
      loadNativeStrings();
      // Stryker disable next-line ObjectLiteral: msgpackr 2's defaults are these; spelled out so that an upgrade cannot change what the wire rebuilds
      const packr = new Packr({ mapsAsObjects: false, useRecords: true });
      const layout = new ByteWriter();
      return {
        encode(value) {
          const fixed =
            writePutClassBatch(layout, value, PUT_CLASS_BATCH) ??
            writeReplyBatch(layout, value, REPLY_BATCH);
          if (fixed !== undefined) return { data: fixed, transfer: [fixed] };
          if (wireRoute(value) === 'clone') return { data: value, transfer: [] };
          const bytes = packr.pack(value);
          // The pack buffer is pooled by msgpackr: copy out the message so it can be transferred.
          const owned = new Uint8Array(bytes.byteLength + 1);
          owned[0] = MSGPACK;
          owned.set(bytes, 1);
          return { data: owned.buffer, transfer: [owned.buffer] };
        },
        decode(data) {
          // Anything but bytes came by structured clone (see `wireRoute`).
          if (!(data instanceof ArrayBuffer)) return data;
          const bytes = new Uint8Array(data);
          switch (bytes[0]) {
            case MSGPACK:
              return packr.unpack(bytes.subarray(1));
            case PUT_CLASS_BATCH:
              return readPutClassBatch(bytes, 1);
            case REPLY_BATCH:
              return readReplyBatch(bytes, 1);
            default:
              throw new TypeError(`unknown wire format ${bytes[0]}`);
          }
        },
      };
    }
  }
}
