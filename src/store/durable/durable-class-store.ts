/**
 * @module `DurableClassStore`: one namespace of a `DurableRepository`. Reads come from an
 * in-memory mirror (`MemoryClassStore`), so they are synchronous and O(1); each `apply` updates
 * the mirror and queues the change set's writes, which LMDB commits as one transaction.
 *
 * Atomic on disk: every write of one change set is issued in one synchronous run, and lmdb-js
 * commits all writes issued in one event turn in the same transaction (`eventTurnBatching`, on
 * by default). The store never runs a synchronous transaction of its own, the one thing that may
 * split a batch (and then only between change sets, never inside one).
 *
 * Group commit: many applies share the commits lmdb-js batches per event turn; `flush()` waits
 * for the last queued write to be committed and then for `db.flushed`, the point at which the data
 * is synced to disk. The repository opens LMDB with sync on commit (no `noSync`, no
 * `overlappingSync` by default), so an acknowledged flush survives a process kill and a power
 * loss, as far as the disk honours fsync.
 *
 * A failed commit (a full disk, an I/O error) is reported by the next `flush()`, which then
 * reloads the mirror from what the database holds: the failed transaction leaves nothing
 * visible, and the store keeps serving reads and accepts writes again once there is room. Between
 * the failure and that flush, `apply` refuses, so nothing new is planned on a state that is gone.
 */
import type { RootDatabase } from 'lmdb';
import type { ChangeSet, ClassRecord } from '../../model/change-set.js';
import type { CimInstance } from '../../model/cim-instance.js';
import { nameKey } from '../../model/names.js';
import type { QualifierDeclaration } from '../../model/qualifier-declaration.js';
import {
  WBEM_E_FAILED,
  WBEM_E_OUT_OF_DISK_SPACE,
  WBEM_E_SHUTTING_DOWN,
} from '../../wbem/status.js';
import { WbemError } from '../../wbem/wbem-error.js';
import type { ClassStore } from '../class-store.js';
import type { MemoryClassStore } from '../memory-class-store.js';
import { commitFailure, isOutOfSpace, settleCommitError } from './commit-failure.js';
import { CLASS, INSTANCE, QUALIFIER, storeKey } from './keys.js';
import type { RecordCodec } from './record-codec.js';

/** What a namespace store needs from its repository. */
export interface NamespaceBinding {
  readonly db: RootDatabase<Buffer, Buffer>;
  readonly codec: RecordCodec;
  /** `nameKey` of the namespace path. */
  readonly nsKey: string;
  /** Namespace path as opened, for messages. */
  readonly path: string;
  /** The database file, for messages. */
  readonly file: string;
  /** The data directory, for messages and free-space checks. */
  readonly dir: string;
  /** Reads the namespace's committed records into a new mirror. */
  readonly reload: () => MemoryClassStore;
  /** Called once when the store closes, so the repository forgets it. */
  readonly onClose: () => void;
}

/** One write of a planned change set: `value` undefined removes the key. */
type Write = readonly [key: Buffer, value: Buffer | undefined];

/** A `ClassStore` whose every applied change set is written to the repository's database. */
export class DurableClassStore implements ClassStore {
  readonly #binding: NamespaceBinding;
  #mirror: MemoryClassStore;
  #lastWrite: Promise<unknown> | undefined;
  #failure: unknown;
  #closed = false;

  /** @internal Created by `DurableRepository.openNamespace`. */
  constructor(binding: NamespaceBinding, mirror: MemoryClassStore, pending?: Promise<unknown>) {
    this.#binding = binding;
    this.#mirror = mirror;
    if (pending !== undefined) this.#track(pending);
  }

  getClass(name: string): ClassRecord | undefined {
    return this.#mirror.getClass(name);
  }

  hasClass(name: string): boolean {
    return this.#mirror.hasClass(name);
  }

  subclassNames(name: string | null): readonly string[] {
    return this.#mirror.subclassNames(name);
  }

  classNames(): Iterable<string> {
    return this.#mirror.classNames();
  }

  classCount(): number {
    return this.#mirror.classCount();
  }

  getInstance(className: string, key: string): CimInstance | undefined {
    return this.#mirror.getInstance(className, key);
  }

  instances(className: string): Iterable<CimInstance> {
    return this.#mirror.instances(className);
  }

  instanceCount(className: string): number {
    return this.#mirror.instanceCount(className);
  }

  getQualifierDeclaration(name: string): QualifierDeclaration | undefined {
    return this.#mirror.getQualifierDeclaration(name);
  }

  qualifierDeclarations(): Iterable<QualifierDeclaration> {
    return this.#mirror.qualifierDeclarations();
  }

  /**
   * Applies a change set atomically: visible at once, durable after the next `flush()`.
   *
   * @throws {WbemError} WBEM_E_INVALID_PARAMETER when the change set is malformed or holds a value
   * that cannot be stored (nothing applied); WBEM_E_OUT_OF_DISK_SPACE or WBEM_E_FAILED after a
   * failed commit, until `flush()` has reported it; WBEM_E_SHUTTING_DOWN after `close()`.
   */
  apply(changes: ChangeSet): void {
    this.#checkUsable();
    const writes = this.#plan(changes);
    this.#mirror.apply(changes);
    const { db } = this.#binding;
    let last: Promise<unknown> | undefined;
    try {
      for (const [key, value] of writes) {
        last = value === undefined ? db.remove(key) : db.put(key, value);
      }
    } catch (error) {
      // The mirror is ahead of what was queued: refuse until flush() reloads it.
      this.#failure ??= error;
      throw this.#pendingFailure();
    }
    if (last !== undefined) this.#track(last);
  }

  /**
   * Resolves once every change applied so far is committed and synced to disk. After a failed
   * commit it reloads the namespace from the database (dropping every change not committed) and
   * reports the failure; the store is usable again afterwards.
   *
   * @throws {WbemError} WBEM_E_OUT_OF_DISK_SPACE naming the data directory when a commit failed
   * for lack of space; WBEM_E_FAILED with the cause when it failed otherwise.
   */
  async flush(): Promise<void> {
    const pending = this.#lastWrite;
    if (pending !== undefined) await pending;
    try {
      await this.#binding.db.flushed;
    } catch (error) {
      this.#failure ??= error;
    }
    const failure = this.#failure;
    if (failure === undefined) {
      // The mirror's own undo journal is not needed: a failed commit reloads it from the disk.
      await this.#mirror.flush();
      return;
    }
    const { path, file, dir } = this.#binding;
    const error = await commitFailure(failure, dir, `writing namespace ${path} to ${file}`);
    // `apply` refuses once a failure is recorded, so the writes still in flight are the last
    // ones issued before it surfaced; reloading before they settle would drop them from the
    // mirror while they land on disk.
    const last = this.#lastWrite;
    if (last !== undefined) await last;
    if (this.#failure === failure) {
      try {
        this.#mirror = this.#binding.reload();
        this.#failure = undefined;
      } catch {
        // The database cannot be read back: keep refusing writes.
      }
    }
    throw error;
  }

  /**
   * After a failed flush: `flush()` has already reloaded the mirror from what the database holds
   * (exactly what was committed). When that reload itself failed, it is tried again here; the
   * store keeps refusing changes while the database cannot be read back.
   */
  rollback(): void {
    if (this.#failure === undefined) return;
    try {
      this.#mirror = this.#binding.reload();
      this.#failure = undefined;
      this.#lastWrite = undefined;
    } catch {
      // Still unreadable: `apply` keeps refusing with the recorded failure.
    }
  }

  /** Flushes, then closes; the repository's database stays open for its other namespaces. */
  async close(): Promise<void> {
    if (this.#closed) return;
    try {
      await this.flush();
    } finally {
      this.#closed = true;
      this.#binding.onClose();
    }
  }

  /**
   * The writes of a change set, in application order. Removals all precede puts in that order,
   * so enumerating the instances a class delete drops from the mirror's state before the change
   * set is exact (instances the same change set puts come later and are not removed).
   */
  #plan(changes: ChangeSet): Write[] {
    const { codec, nsKey } = this.#binding;
    const writes: Write[] = [];
    const dropInstancesOf = (className: string): void => {
      const classKey = nameKey(className);
      for (const key of this.#mirror.instanceKeys(className)) {
        writes.push([storeKey(nsKey, INSTANCE, classKey, key), undefined]);
      }
    };
    for (const name of changes.deleteClasses) {
      writes.push([storeKey(nsKey, CLASS, nameKey(name)), undefined]);
      dropInstancesOf(name);
    }
    for (const ref of changes.deleteInstances) {
      writes.push([storeKey(nsKey, INSTANCE, nameKey(ref.className), ref.key), undefined]);
    }
    for (const name of changes.deleteInstancesOf) dropInstancesOf(name);
    for (const record of changes.putClasses) {
      const key = storeKey(nsKey, CLASS, nameKey(record.local.name));
      writes.push([key, codec.encode(record, key)]);
    }
    for (const record of changes.putInstances) {
      const key = storeKey(nsKey, INSTANCE, nameKey(record.instance.className), record.key);
      writes.push([key, codec.encode(record, key)]);
    }
    for (const decl of changes.putQualifierDeclarations) {
      const key = storeKey(nsKey, QUALIFIER, nameKey(decl.name));
      writes.push([key, codec.encode(decl, key)]);
    }
    for (const name of changes.deleteQualifierDeclarations) {
      writes.push([storeKey(nsKey, QUALIFIER, nameKey(name)), undefined]);
    }
    return writes;
  }

  #track(write: Promise<unknown>): void {
    const tracked = write.then(undefined, (error: unknown) => {
      this.#failure ??= error;
      return settleCommitError(error);
    });
    this.#lastWrite = tracked;
  }

  #checkUsable(): void {
    if (this.#closed) {
      throw new WbemError(WBEM_E_SHUTTING_DOWN, {
        message: `namespace ${this.#binding.path} is closed`,
      });
    }
    if (this.#failure !== undefined) throw this.#pendingFailure();
  }

  /** A failed commit not yet reported by `flush()` (which also recovers from it). */
  #pendingFailure(): WbemError {
    const cause = this.#failure;
    const { path, file, dir } = this.#binding;
    const full = isOutOfSpace(cause, dir);
    return new WbemError(full ? WBEM_E_OUT_OF_DISK_SPACE : WBEM_E_FAILED, {
      message: `writing namespace ${path} to ${file} failed${full ? `: out of disk space in ${dir}` : ''} (${cause instanceof Error ? cause.message : String(cause)}); the store recovers at the next flush`,
      cause,
    });
  }
}
