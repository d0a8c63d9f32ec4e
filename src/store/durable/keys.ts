/**
 * @module The key layout of the durable store: one LMDB database per data directory, every record
 * under a binary key made of length-prefixed UTF-8 components.
 *
 * ```
 *  ['', 'format']                      format record (name + version)
 *  ['', 'ns', nsKey]                   namespace marker: { path } (lists namespaces)
 *  [nsKey, 'c', classKey]              ClassRecord
 *  [nsKey, 'i', classKey, instanceKey] InstanceRecord
 *  [nsKey, 'q', qualifierKey]          QualifierDeclaration
 *  [nsKey, 'm', key]                   namespace metadata: security descriptor, provider registrations
 *  [nsKey, 's', superKey, classKey]    subclass index: the class's stored name ('' superKey: a base class)
 *  [nsKey, 'x', 'classes']             class count; its presence says the namespace's indexes are built
 * ```
 *
 * The index records are derived from the class records and written in the same transaction as
 * each change set, so a namespace opens without reading its classes (`lazy-namespace.ts`).
 *
 * Length prefixes (not separators) make the encoding unambiguous whatever a name contains, and
 * keep every family a contiguous key range, so a namespace or a class's instances are read or
 * removed by one prefix range. The empty namespace key is reserved for engine-wide records: no
 * namespace path is empty. Components longer than `HASHED_ABOVE` bytes are replaced by a hash,
 * because LMDB refuses keys past ~1.9 KB; the full name always lives in the record's value.
 */
import { createHash } from 'node:crypto';

/** Byte length past which a component is stored as its SHA-256. */
const HASHED_ABOVE = 400;
/** Marks a hashed component; a NUL never starts a CIM name or a canonical instance key. */
const HASH_MARK = '\u0000sha256:';

function component(text: string): Buffer {
  let bytes = Buffer.from(text, 'utf8');
  if (bytes.length > HASHED_ABOVE) {
    bytes = Buffer.from(HASH_MARK + createHash('sha256').update(bytes).digest('hex'), 'utf8');
  }
  const out = Buffer.allocUnsafe(2 + bytes.length);
  out.writeUInt16BE(bytes.length, 0);
  bytes.copy(out, 2);
  return out;
}

/** The binary key of a list of components. */
export function storeKey(...components: readonly string[]): Buffer {
  return Buffer.concat(components.map(component));
}

/**
 * `prefix` (a key) followed by one more component: what `storeKey` of the longer list returns,
 * in one allocation for the usual short name (this is on the write path of every change).
 */
export function childKey(prefix: Buffer, text: string): Buffer {
  const length = Buffer.byteLength(text, 'utf8');
  if (length > HASHED_ABOVE) return Buffer.concat([prefix, component(text)]);
  const out = Buffer.allocUnsafe(prefix.length + 2 + length);
  prefix.copy(out, 0);
  out.writeUInt16BE(length, prefix.length);
  out.write(text, prefix.length + 2, 'utf8');
  return out;
}

/** Bounds of every key that starts with `prefix` (start inclusive, end exclusive). */
export function prefixRange(prefix: Buffer): { start: Buffer; end: Buffer } {
  // Every key under the prefix continues with a 2-byte length whose first byte is at most 0x01
  // (components are at most HASHED_ABOVE bytes), so 0xff bounds the range.
  return { start: prefix, end: Buffer.concat([prefix, Buffer.from([0xff])]) };
}

/** Engine-wide records live under the empty namespace key. */
export const ENGINE = '';
export const FORMAT_KEY = storeKey(ENGINE, 'format');
export const NAMESPACE_MARKERS = storeKey(ENGINE, 'ns');

/** Key of the marker that records a namespace exists (value: `{ path }`). */
export function namespaceMarker(nsKey: string): Buffer {
  return storeKey(ENGINE, 'ns', nsKey);
}

export const CLASS = 'c';
export const INSTANCE = 'i';
export const QUALIFIER = 'q';
/** Namespace metadata (`Repository.readMeta`/`writeMeta`): security descriptor, provider registrations. */
export const META = 'm';

/** Subclass index: one record per class, under its superclass's key. */
export const SUBCLASS = 's';
/** Per-namespace index bookkeeping (the class count). */
export const INDEX = 'x';
/** Superclass component of a base class in the subclass index; no CIM name is empty. */
export const NO_SUPERCLASS = '';

/** Reads the components back from a key (used to tell a record's family while loading). */
export function keyComponents(key: Uint8Array): string[] {
  const parts: string[] = [];
  const buf = Buffer.from(key.buffer, key.byteOffset, key.byteLength);
  let at = 0;
  while (at + 2 <= buf.length) {
    const length = buf.readUInt16BE(at);
    parts.push(buf.toString('utf8', at + 2, at + 2 + length));
    at += 2 + length;
  }
  return parts;
}
