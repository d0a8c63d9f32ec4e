/**
 * @module `PendingWrites`: the records a namespace has written but LMDB has not committed yet.
 * lmdb-js queues writes and a read only sees them once their transaction commits, while a store
 * must show every applied change at once; reads therefore look here first. Entries leave when
 * their transaction commits (the database then answers the same) or all at once when a failed
 * commit makes the database the truth again.
 */
import type { RecordCodec } from './record-codec.js';

/** One queued write of a record: `value` undefined removes it. */
export interface PendingWrite {
  readonly key: Buffer;
  /** The key as a latin1 string: a map key whose `<` order is the key's byte order. */
  readonly id: string;
  /** `id` of the key without its last component: the range the record is listed in. */
  readonly group: string;
  /** The decoded record, kept by reference (the model is immutable). */
  readonly value: unknown;
  /** The sealed bytes to store; undefined for a removal. */
  readonly bytes: Buffer | undefined;
  /** Whether a point read of this key may keep the record in the namespace's cache. */
  readonly cacheable: boolean;
}

const NONE: ReadonlyMap<string, PendingWrite> = new Map();

/** Offset of a key's last component (its length prefix). */
function lastComponentAt(key: Buffer): number {
  let at = 0;
  for (;;) {
    const next = at + 2 + key.readUInt16BE(at);
    if (next + 2 > key.length) return at;
    at = next;
  }
}

/** Writes by key, also grouped by the range they are listed in (last write per key wins). */
export class PendingWrites {
  readonly #byId = new Map<string, PendingWrite>();
  readonly #groups = new Map<string, Map<string, PendingWrite>>();

  get size(): number {
    return this.#byId.size;
  }

  get(id: string): PendingWrite | undefined {
    return this.#byId.get(id);
  }

  set(write: PendingWrite): void {
    this.#byId.set(write.id, write);
    let group = this.#groups.get(write.group);
    if (group === undefined) {
      group = new Map();
      this.#groups.set(write.group, group);
    }
    group.set(write.id, write);
  }

  /**
   * Adds the write of `value` (undefined: a removal) under `key`, sealed now.
   * @throws {WbemError} WBEM_E_INVALID_PARAMETER when the value cannot be stored (nothing added).
   */
  stage(key: Buffer, value: unknown, cacheable: boolean, codec: RecordCodec): void {
    const id = key.toString('latin1');
    const group = id.slice(0, lastComponentAt(key));
    const bytes = value === undefined ? undefined : codec.encode(value, key);
    this.set({ key, id, group, value, bytes, cacheable });
  }

  /** Forgets `write` unless a later write of the same key replaced it; true when forgotten. */
  settle(write: PendingWrite): boolean {
    if (this.#byId.get(write.id) !== write) return false;
    this.#byId.delete(write.id);
    const group = this.#groups.get(write.group);
    if (group?.delete(write.id) && group.size === 0) this.#groups.delete(write.group);
    return true;
  }

  /** The writes listed in one range (`group` is the range's prefix as latin1). */
  inGroup(group: string): Iterable<PendingWrite> {
    return (this.#groups.get(group) ?? NONE).values();
  }

  /** Every write whose key starts with `prefix` (latin1); a scan, for the rare whole-family reads. */
  *under(prefix: string): Iterable<PendingWrite> {
    for (const write of this.#byId.values()) if (write.id.startsWith(prefix)) yield write;
  }

  values(): Iterable<PendingWrite> {
    return this.#byId.values();
  }

  clear(): void {
    this.#byId.clear();
    this.#groups.clear();
  }
}
