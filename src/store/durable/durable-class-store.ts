/**
 * @module `DurableClassStore`: one namespace of a `DurableRepository`. Reads go to the database
 * lazily (`LazyNamespace`: point reads and key ranges, a bounded cache, the writes not yet
 * committed on top), so opening a namespace reads nothing of its classes; each `apply` plans the
 * change set's record writes (the derived index records with them), makes them visible at once
 * and queues them, and LMDB commits them as one transaction.
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
 * forgets every write not committed: the failed transaction leaves nothing visible, and the
 * store keeps serving reads and accepts writes again once there is room. Between the failure and
 * that flush, `apply` refuses, so nothing new is planned on a state that is gone.
 */
import type { RootDatabase } from 'lmdb';
import type { ChangeSet, ClassRecord } from '../../model/change-set.js';
import type { CimInstance } from '../../model/cim-instance.js';
import type { QualifierDeclaration } from '../../model/qualifier-declaration.js';
import {
  WBEM_E_FAILED,
  WBEM_E_OUT_OF_DISK_SPACE,
  WBEM_E_SHUTTING_DOWN,
} from '../../wbem/status.js';
import { WbemError } from '../../wbem/wbem-error.js';
import type { ClassStore } from '../class-store.js';
import { commitFailure, isOutOfSpace, settleCommitError } from './commit-failure.js';
import { LazyNamespace, type PlannedWrites } from './lazy-namespace.js';
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
  /** Runs a read of the database, turning LMDB's own errors into WBEM_E_CRITICAL_ERROR. */
  readonly guard: <T>(read: () => T) => T;
  /** Bound on the decoded records kept in memory (default `DEFAULT_CACHE_ENTRIES`). */
  readonly cacheEntries?: number;
  /** Called once when the store closes, so the repository forgets it. */
  readonly onClose: () => void;
}

/** A `ClassStore` whose every applied change set is written to the repository's database. */
export class DurableClassStore implements ClassStore {
  readonly #binding: NamespaceBinding;
  readonly #ns: LazyNamespace;
  #lastWrite: Promise<unknown> | undefined;
  #failure: unknown;
  #closed = false;

  /**
   * @internal Created by `DurableRepository.openNamespace`.
   * @throws {WbemError} WBEM_E_CRITICAL_ERROR when the namespace's class count, or a class record
   * a first index build reads, is damaged.
   */
  constructor(binding: NamespaceBinding, pending?: Promise<unknown>) {
    this.#binding = binding;
    this.#ns = new LazyNamespace({ ...binding });
    if (pending !== undefined) this.#track(pending);
    const build = this.#ns.buildIndexes();
    if (build !== undefined) this.#write(build);
  }

  getClass(name: string): ClassRecord | undefined {
    return this.#ns.getClass(name);
  }

  hasClass(name: string): boolean {
    return this.#ns.hasClass(name);
  }

  subclassNames(name: string | null): readonly string[] {
    return this.#ns.subclassNames(name);
  }

  classNames(): Iterable<string> {
    return this.#ns.classNames();
  }

  classCount(): number {
    return this.#ns.classCount();
  }

  getInstance(className: string, key: string): CimInstance | undefined {
    return this.#ns.getInstance(className, key);
  }

  instances(className: string): Iterable<CimInstance> {
    return this.#ns.instances(className);
  }

  instanceCount(className: string): number {
    return this.#ns.instanceCount(className);
  }

  getQualifierDeclaration(name: string): QualifierDeclaration | undefined {
    return this.#ns.getQualifierDeclaration(name);
  }

  qualifierDeclarations(): Iterable<QualifierDeclaration> {
    return this.#ns.qualifierDeclarations();
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
    this.#write(this.#ns.plan(changes));
  }

  /**
   * @internal Called by the repository as lmdb-js is about to commit a transaction: queues the
   * namespace's class count, when it changed, as the transaction's last write.
   */
  beforeCommit(): void {
    if (this.#closed || this.#failure !== undefined) return;
    const count = this.#ns.takeCountWrite();
    if (count !== undefined) this.#track(this.#binding.db.put(count.key, count.bytes));
  }

  /** Shows planned writes and queues them; they leave the pending set once committed. */
  #write(planned: PlannedWrites): void {
    const { db } = this.#binding;
    this.#ns.show(planned);
    let last: Promise<unknown> | undefined;
    try {
      for (const { key, bytes } of planned.writes.values()) {
        last = bytes === undefined ? db.remove(key) : db.put(key, bytes);
      }
    } catch (error) {
      // Reads are ahead of what was queued: refuse until flush() forgets the pending writes.
      this.#failure ??= error;
      throw this.#pendingFailure();
    }
    if (last === undefined) return;
    const ns = this.#ns;
    this.#track(
      last.then((result) => {
        if (this.#failure === undefined) ns.settle(planned);
        return result;
      }),
    );
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
    await this.#lastWrite;
    try {
      await this.#binding.db.flushed;
    } catch (error) {
      this.#failure ??= error;
    }
    const failure = this.#failure;
    if (failure === undefined) return;
    const { path, file, dir } = this.#binding;
    const error = await commitFailure(failure, dir, `writing namespace ${path} to ${file}`);
    // `apply` refuses once a failure is recorded, so the writes still in flight are the last
    // ones issued before it surfaced; forgetting them before they settle would hide them while
    // they land on disk.
    await this.#lastWrite;
    if (this.#failure === failure) {
      try {
        this.#ns.reset();
        this.#failure = undefined;
      } catch {
        // The database cannot be read back: keep refusing writes.
      }
    }
    throw error;
  }

  /**
   * After a failed flush: `flush()` has already dropped the writes not committed, so reads show
   * exactly what the database holds. When that failed, it is tried again here.
   *
   * @throws {WbemError} WBEM_E_CRITICAL_ERROR when the database still cannot be read back; `apply`
   * keeps refusing with the recorded failure. The error tells the owner to reopen the store, as
   * `ClassStore.rollback` documents: swallowed, it would leave a store that refuses every change
   * and that no later flush (there is no change left to flush) ever recovers.
   */
  rollback(): void {
    if (this.#failure === undefined) return;
    this.#ns.reset();
    this.#failure = undefined;
    this.#lastWrite = undefined;
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
