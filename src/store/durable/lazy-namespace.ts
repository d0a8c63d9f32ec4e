/**
 * @module `LazyNamespace`: the read side of one durable namespace. Nothing is read when it opens
 * but the class count: each read takes what it needs from the database (a point read for a class,
 * one key range for a class's subclasses or instances), through the writes not yet committed
 * (`PendingWrites`) and a bounded cache of decoded records (`RecordCache`). Opening therefore costs
 * the same for 10 classes and 100,000.
 *
 * The subclass index and the class count (`keys.ts`) are derived records: `plan` writes the index
 * records with the change set that changes the classes, and the count is written as the last
 * write of the same transaction (`takeCountWrite`), so both are exact in every committed state. A
 * namespace written before they existed gets them built once, on its first open (`buildIndexes`).
 */
import type { RootDatabase } from 'lmdb';
import type { ChangeSet, ClassRecord, InstanceRecord } from '../../model/change-set.js';
import type { CimInstance } from '../../model/cim-instance.js';
import { nameKey } from '../../model/names.js';
import type { QualifierDeclaration } from '../../model/qualifier-declaration.js';
import {
  CLASS,
  childKey,
  INDEX,
  INSTANCE,
  keyComponents,
  NO_SUPERCLASS,
  prefixRange,
  QUALIFIER,
  SUBCLASS,
  storeKey,
} from './keys.js';
import { PendingWrites } from './pending-writes.js';
import { damagedRecord, type RecordFamily, readRecord } from './read-record.js';
import { RecordCache } from './record-cache.js';
import type { RecordCodec } from './record-codec.js';

/** What `#inMemory` answers for a record that only the database holds, if anyone. */
const NOT_IN_MEMORY = Symbol('not in memory');

/** Where a namespace's records live and how damage is reported. */
export interface NamespaceSource {
  readonly db: RootDatabase<Buffer, Buffer>;
  readonly codec: RecordCodec;
  readonly nsKey: string;
  readonly file: string;
  /** Runs a read of the database, turning LMDB's own errors into WBEM_E_CRITICAL_ERROR. */
  readonly guard: <T>(read: () => T) => T;
  /** Bound on decoded records kept in memory. */
  readonly cacheEntries?: number;
}

/** A change set turned into record writes, not yet visible. */
export interface PlannedWrites {
  readonly writes: PendingWrites;
  readonly classCount: number;
}

function superKey(superclass: string | null): string {
  return superclass === null ? NO_SUPERCLASS : nameKey(superclass);
}

const byId = (a: { id: string }, b: { id: string }): number =>
  a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** One namespace read lazily; see the module comment. */
export class LazyNamespace {
  readonly #src: NamespaceSource;
  readonly #pending = new PendingWrites();
  readonly #cache: RecordCache<unknown>;
  readonly #countKey: Buffer;
  readonly #classes: Buffer;
  readonly #instances: Buffer;
  readonly #qualifiers: Buffer;
  readonly #subclasses: Buffer;
  #classCount = 0;
  /** Whether the count record (and so the subclass index) is stored or being written. */
  #indexed = false;
  /** The count changed since its record was last queued (`takeCountWrite`). */
  #countDirty = false;

  /**
   * @throws {WbemError} WBEM_E_CRITICAL_ERROR naming the file and the record when the class count,
   * or a class record an index build reads, is damaged.
   */
  constructor(source: NamespaceSource) {
    this.#src = source;
    this.#cache = new RecordCache(source.cacheEntries);
    this.#countKey = storeKey(source.nsKey, INDEX, 'classes');
    this.#classes = storeKey(source.nsKey, CLASS);
    this.#instances = storeKey(source.nsKey, INSTANCE);
    this.#qualifiers = storeKey(source.nsKey, QUALIFIER);
    this.#subclasses = storeKey(source.nsKey, SUBCLASS);
    this.reset();
  }

  /** The writes that build the indexes of a namespace stored without them, or none. */
  buildIndexes(): PlannedWrites | undefined {
    if (this.#indexed) return undefined;
    const { db, guard } = this.#src;
    const writes = new PendingWrites();
    let count = 0;
    guard(() => {
      for (const { key, value } of db.getRange(prefixRange(this.#classes))) {
        const record = readRecord(this.#src, value, Buffer.from(key), 'class') as ClassRecord;
        if (nameKey(record.local.name) !== keyComponents(key)[2]) {
          throw damagedRecord(this.#src, key, 'is not the class its key names');
        }
        this.#stage(writes, this.#subclassKey(record), record.local.name, false);
        count++;
      }
    });
    // An empty namespace gets its count record with its first change.
    if (count === 0) return undefined;
    return { writes, classCount: count };
  }

  getClass(name: string): ClassRecord | undefined {
    return this.#point(childKey(this.#classes, nameKey(name)), 'class') as ClassRecord | undefined;
  }

  hasClass(name: string): boolean {
    return this.getClass(name) !== undefined;
  }

  subclassNames(name: string | null): readonly string[] {
    const prefix = childKey(this.#subclasses, superKey(name));
    return this.#range(prefix, 'name', true).map((entry) => entry.value as string);
  }

  classNames(): Iterable<string> {
    return this.#range(this.#subclasses, 'name', false).map((entry) => entry.value as string);
  }

  classCount(): number {
    return this.#classCount;
  }

  getInstance(className: string, key: string): CimInstance | undefined {
    const ref = childKey(childKey(this.#instances, nameKey(className)), key);
    return (this.#point(ref, 'instance') as InstanceRecord | undefined)?.instance;
  }

  instances(className: string): Iterable<CimInstance> {
    const prefix = storeKey(this.#src.nsKey, INSTANCE, nameKey(className));
    return this.#range(prefix, 'instance', true).map(
      (entry) => (entry.value as InstanceRecord).instance,
    );
  }

  instanceCount(className: string): number {
    const prefix = storeKey(this.#src.nsKey, INSTANCE, nameKey(className));
    const { db, guard } = this.#src;
    return guard(() => {
      let count = db.getKeysCount(prefixRange(prefix));
      for (const write of this.#pending.inGroup(prefix.toString('latin1'))) {
        const stored = db.doesExist(write.key);
        if (write.value !== undefined && !stored) count++;
        else if (write.value === undefined && stored) count--;
      }
      return count;
    });
  }

  getQualifierDeclaration(name: string): QualifierDeclaration | undefined {
    return this.#point(childKey(this.#qualifiers, nameKey(name)), 'qualifier') as
      | QualifierDeclaration
      | undefined;
  }

  qualifierDeclarations(): Iterable<QualifierDeclaration> {
    return this.#range(this.#qualifiers, 'qualifier', true).map(
      (entry) => entry.value as QualifierDeclaration,
    );
  }

  /**
   * The record writes of a change set, index records included, in the order `ChangeSet`
   * documents (a later write of a key replaces an earlier one). Nothing becomes visible.
   *
   * @throws {WbemError} WBEM_E_INVALID_PARAMETER when a value cannot be stored.
   */
  plan(changes: ChangeSet): PlannedWrites {
    const writes = new PendingWrites();
    let count = this.#classCount;
    const classAt = (key: Buffer): ClassRecord | undefined =>
      this.#point(key, 'class', writes) as ClassRecord | undefined;
    // A drop reads the pending layer alone: the writes staged before it hold no instance puts
    // (`ChangeSet` applies them last), only removals, and removing a key again changes nothing.
    const dropInstances = (classKey: string): void => {
      const prefix = childKey(this.#instances, classKey);
      for (const entry of this.#range(prefix, undefined, true)) {
        this.#stage(writes, entry.key, undefined, true);
      }
    };
    for (const name of changes.deleteClasses) {
      const classKey = nameKey(name);
      const key = childKey(this.#classes, classKey);
      const existing = classAt(key);
      if (existing === undefined) continue;
      this.#stage(writes, key, undefined, true);
      this.#stage(writes, this.#subclassKey(existing), undefined, false);
      count--;
      dropInstances(classKey);
    }
    for (const ref of changes.deleteInstances) {
      const key = childKey(childKey(this.#instances, nameKey(ref.className)), ref.key);
      this.#stage(writes, key, undefined, true);
    }
    for (const name of changes.deleteInstancesOf) dropInstances(nameKey(name));
    for (const record of changes.putClasses) {
      const key = childKey(this.#classes, nameKey(record.local.name));
      const existing = classAt(key);
      // The record this namespace holds, handed back by an update that changed nothing.
      if (existing === record) continue;
      if (existing === undefined) count++;
      else if (superKey(existing.local.superclass) !== superKey(record.local.superclass)) {
        this.#stage(writes, this.#subclassKey(existing), undefined, false);
      }
      this.#stage(writes, key, record, true);
      this.#stage(writes, this.#subclassKey(record), record.local.name, false);
    }
    for (const record of changes.putInstances) {
      const classKey = childKey(this.#instances, nameKey(record.instance.className));
      const key = childKey(classKey, record.key);
      // The instance this namespace holds, handed back by a put that changed nothing. Only what
      // is in memory is looked at: a database read here would cost every create one.
      const held = this.#inMemory(key.toString('latin1'), writes);
      if (
        // Stryker disable next-line ConditionalExpression: the marker has no `instance` either; the test keeps the cast honest
        held !== NOT_IN_MEMORY &&
        (held as InstanceRecord | undefined)?.instance === record.instance
      )
        continue;
      this.#stage(writes, key, record, true);
    }
    for (const decl of changes.putQualifierDeclarations) {
      this.#stage(writes, childKey(this.#qualifiers, nameKey(decl.name)), decl, true);
    }
    for (const name of changes.deleteQualifierDeclarations) {
      this.#stage(writes, childKey(this.#qualifiers, nameKey(name)), undefined, true);
    }
    return { writes, classCount: count };
  }

  /** Makes planned writes visible (they are pending until `settle`). */
  show(planned: PlannedWrites): void {
    for (const write of planned.writes.values()) {
      this.#pending.set(write);
      this.#cache.delete(write.id);
    }
    if (planned.classCount !== this.#classCount || !this.#indexed) this.#countDirty = true;
    this.#classCount = planned.classCount;
  }

  /**
   * The count record to write, when the count changed since the last one was taken. Written once
   * per transaction, as its last write (`DurableRepository` asks from lmdb-js's `beforecommit`),
   * rather than with each change set: the index records of a change set are in its transaction
   * either way, and one count per batch instead of one per change saves a write per create.
   */
  takeCountWrite(): { readonly key: Buffer; readonly bytes: Buffer } | undefined {
    if (!this.#countDirty) return undefined;
    this.#countDirty = false;
    this.#indexed = true;
    return { key: this.#countKey, bytes: this.#src.codec.encode(this.#classCount, this.#countKey) };
  }

  /** After the writes' transaction committed: the database answers for them from now on. */
  settle(planned: PlannedWrites): void {
    for (const write of planned.writes.values()) {
      if (this.#pending.settle(write) && write.cacheable && write.value !== undefined) {
        this.#cache.set(write.id, write.value);
      }
    }
  }

  /**
   * Forgets every write not committed and every cached record: reads answer what the database
   * holds. What a failed commit calls.
   * @throws {WbemError} WBEM_E_CRITICAL_ERROR when the class count cannot be read back.
   */
  reset(): void {
    this.#pending.clear();
    this.#cache.clear();
    this.#countDirty = false;
    const stored = this.#storedCount();
    this.#indexed = stored !== undefined;
    this.#classCount = stored ?? 0;
  }

  #subclassKey(record: ClassRecord): Buffer {
    const parent = childKey(this.#subclasses, superKey(record.local.superclass));
    return childKey(parent, nameKey(record.local.name));
  }

  /** Adds a write to `writes`, sealing its value now so that a bad value fails the plan. */
  #stage(writes: PendingWrites, key: Buffer, value: unknown, cacheable: boolean): void {
    writes.stage(key, value, cacheable, this.#src.codec);
  }

  #storedCount(): number | undefined {
    return this.#point(this.#countKey, 'count') as number | undefined;
  }

  /**
   * One record by id as memory holds it: staged writes, then pending ones, then the cache
   * (`undefined` for a removal); `NOT_IN_MEMORY` when only the database can answer.
   */
  #inMemory(id: string, staged?: PendingWrites): unknown {
    const write = staged?.get(id) ?? this.#pending.get(id);
    if (write !== undefined) return write.value;
    return this.#cache.get(id) ?? NOT_IN_MEMORY;
  }

  /** One record by key: from memory (`#inMemory`), else from the database. */
  #point(key: Buffer, family: RecordFamily, staged?: PendingWrites): unknown {
    const id = key.toString('latin1');
    const held = this.#inMemory(id, staged);
    if (held !== NOT_IN_MEMORY) return held;
    const { db, guard } = this.#src;
    // Decoded under the guard with the read: damage found here must be recorded, or closing
    // would stamp the file known good and the next open would skip its full verification.
    const found = guard(() => {
      const bytes = db.getBinary(key);
      return bytes === undefined ? undefined : { value: readRecord(this.#src, bytes, key, family) };
    });
    if (found === undefined) return undefined;
    const { value } = found;
    if (family !== 'count') this.#cache.set(id, value);
    return value;
  }

  /**
   * Every record under `prefix`, in key order, as the database holds them with the pending writes
   * applied. `exact`: the prefix is one group (a class's subclasses or instances, the
   * declarations); otherwise the writes are found by a scan. Values are decoded only when a family
   * is given.
   */
  #range(
    prefix: Buffer,
    family: RecordFamily | undefined,
    exact: boolean,
  ): { id: string; key: Buffer; value: unknown }[] {
    const { db, guard } = this.#src;
    const found = new Map<string, { id: string; key: Buffer; value: unknown }>();
    guard(() => {
      const range = prefixRange(prefix);
      if (family === undefined) {
        for (const raw of db.getKeys(range)) {
          const key = Buffer.from(raw);
          const id = key.toString('latin1');
          found.set(id, { id, key, value: undefined });
        }
        return;
      }
      for (const { key: raw, value } of db.getRange(range)) {
        const key = Buffer.from(raw);
        const id = key.toString('latin1');
        if (this.#pending.get(id) !== undefined) continue;
        found.set(id, { id, key, value: readRecord(this.#src, value, key, family) });
      }
    });
    const group = prefix.toString('latin1');
    for (const write of exact ? this.#pending.inGroup(group) : this.#pending.under(group)) {
      if (write.value === undefined) found.delete(write.id);
      else found.set(write.id, { id: write.id, key: write.key, value: write.value });
    }
    return [...found.values()].sort(byId);
  }
}
