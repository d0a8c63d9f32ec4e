/**
 * @module `DurableRepository`: the durable `Repository`, one LMDB database file per data
 * directory holding every namespace. Opening checks the file before it is mapped
 * (`open-database.ts`); a clean close stamps it known good, so the next open needs no full
 * verification.
 */
import { dirname, join } from 'node:path';
import type { RootDatabase } from 'lmdb';
import { nameKey } from '../../model/names.js';
import {
  WBEM_E_CRITICAL_ERROR,
  WBEM_E_INITIALIZATION_FAILURE,
  WBEM_E_INVALID_NAMESPACE,
  WBEM_E_SHUTTING_DOWN,
} from '../../wbem/status.js';
import { WbemError } from '../../wbem/wbem-error.js';
import type { ClassStore } from '../class-store.js';
import type { Repository } from '../repository.js';
import { commitFailure } from './commit-failure.js';
import { ensureDataDir } from './data-dir.js';
import { DurableClassStore } from './durable-class-store.js';
import { checkFormat, decodeFormatRecord, FORMAT_VERSION, writeFormatRecord } from './format.js';
import {
  FORMAT_KEY,
  META,
  NAMESPACE_MARKERS,
  namespaceMarker,
  prefixRange,
  storeKey,
} from './keys.js';
import { openDatabase, stampClosedDatabase } from './open-database.js';
import { createRecordCodec, type RecordCodec, seal, unseal } from './record-codec.js';
import { VERIFY_TIMEOUT_MS } from './verify-store.js';

export { PAGE_SIZE } from './open-database.js';

/** The database file inside a data directory. */
export const STORE_FILE = 'store.mdb';

export interface DurableRepositoryOptions {
  /**
   * lmdb-js `overlappingSync`. Default `false`: each commit syncs to disk before it completes, so
   * committed means durable and recovery needs no boot-id heuristics; measured no slower for the
   * group-committed workload here (bench/RESULTS.md, "Storage"). `true` moves the sync after the
   * commit, outside the writer lock. Durability of `flush()` is the same either way: it waits for
   * the sync.
   */
  readonly overlappingSync?: boolean;
  /** Bound on the child-process verification of a file not known good (default 120 s). */
  readonly verifyTimeoutMs?: number;
  /** Decoded records each open namespace keeps in memory (default `DEFAULT_CACHE_ENTRIES`). */
  readonly cacheEntries?: number;
}

/**
 * A `Repository` persisted in an LMDB database under a data directory (created when absent).
 *
 * @throws {WbemError} from the constructor: WBEM_E_INITIALIZATION_FAILURE when the directory or
 * its database file cannot be opened or is not a wbemrx store (foreign, or holding records
 * without a format record); WBEM_E_CRITICAL_ERROR naming the file and the fault when it is a
 * damaged store; WBEM_E_DATABASE_VER_MISMATCH when it was written by another format version;
 * WBEM_E_OUT_OF_DISK_SPACE when a new store cannot be written. Nothing is ever overwritten to
 * make an open succeed, and a damaged file is never written to.
 *
 * @example
 * const repo = new DurableRepository('/var/lib/wbemrx');
 * const ns = repo.openNamespace('root/cimv2');
 * ns.apply(changes);
 * await ns.flush(); // durable from here on
 */
export class DurableRepository implements Repository {
  /** The data directory. */
  readonly path: string;
  /** The database file inside it. */
  readonly file: string;
  readonly #db: RootDatabase<Buffer, Buffer>;
  readonly #codec: RecordCodec = createRecordCodec();
  readonly #open = new Map<string, DurableClassStore>();
  readonly #cacheEntries: number | undefined;
  #closed = false;
  /** Set once damage was seen: a damaged file is never stamped known good. */
  #damaged = false;

  constructor(path: string, options: DurableRepositoryOptions = {}) {
    this.path = path;
    this.file = join(path, STORE_FILE);
    this.#cacheEntries = options.cacheEntries;
    ensureDataDir(path);
    this.#db = openDatabase(this.file, {
      overlappingSync: options.overlappingSync ?? false,
      verifyTimeoutMs: options.verifyTimeoutMs ?? VERIFY_TIMEOUT_MS,
    });
    try {
      this.#checkFormat();
    } catch (error) {
      this.#db.close().catch(() => {});
      throw error;
    }
    this.#db.on('beforecommit', () => {
      for (const store of this.#open.values()) store.beforeCommit();
    });
  }

  /**
   * Opens a namespace; opening an open namespace returns the same store. Nothing of its classes
   * is read until a call asks (`LazyNamespace`), so opening costs the same whatever its size.
   *
   * @throws {WbemError} WBEM_E_INVALID_NAMESPACE for an empty path; WBEM_E_CRITICAL_ERROR when its
   * class count is damaged (a damaged record is reported by the read that meets it);
   * WBEM_E_SHUTTING_DOWN after `close()`.
   */
  openNamespace(path: string): ClassStore {
    const nsKey = this.#namespaceKey(path);
    const existing = this.#open.get(nsKey);
    if (existing !== undefined) return existing;
    const marker = namespaceMarker(nsKey);
    const pending = this.#read(() => this.#db.doesExist(marker))
      ? undefined
      : this.#db.put(marker, this.#codec.encode({ path }, marker));
    const store = new DurableClassStore(
      {
        db: this.#db,
        codec: this.#codec,
        nsKey,
        path,
        file: this.file,
        dir: dirname(this.file),
        guard: (read) => this.#read(read),
        ...(this.#cacheEntries === undefined ? {} : { cacheEntries: this.#cacheEntries }),
        onClose: () => {
          if (this.#open.get(nsKey) === store) this.#open.delete(nsKey);
        },
      },
      pending,
    );
    this.#open.set(nsKey, store);
    return store;
  }

  /**
   * Removes every record of a namespace (closing its store when open here) and waits until the
   * removal is durable.
   *
   * @throws {WbemError} WBEM_E_INVALID_NAMESPACE for an empty path; WBEM_E_OUT_OF_DISK_SPACE or
   * WBEM_E_FAILED when the removal cannot be committed; WBEM_E_SHUTTING_DOWN after `close()`.
   */
  async dropNamespace(path: string): Promise<void> {
    const nsKey = this.#namespaceKey(path);
    await this.#open.get(nsKey)?.close();
    const keys: Buffer[] = this.#read(() =>
      [...this.#db.getKeys(prefixRange(storeKey(nsKey)))].map((key) => Buffer.from(key)),
    );
    keys.push(namespaceMarker(nsKey));
    let last: Promise<unknown> | undefined;
    for (const key of keys) last = this.#db.remove(key);
    try {
      await last;
      await this.#db.flushed;
    } catch (cause) {
      throw await commitFailure(cause, this.path, `dropping namespace ${path} from ${this.file}`);
    }
  }

  /**
   * Reads a namespace-metadata record `[nsKey, 'm', key]` (UTF-8 text), without opening the
   * namespace.
   * @throws {WbemError} WBEM_E_INVALID_NAMESPACE for an empty path; WBEM_E_CRITICAL_ERROR when
   * the record is damaged; WBEM_E_SHUTTING_DOWN after `close()`.
   */
  readMeta(path: string, key: string): string | undefined {
    const recordKey = storeKey(this.#namespaceKey(path), META, key);
    return this.#read(() => {
      const raw = this.#db.getBinary(recordKey);
      if (raw === undefined) return undefined;
      try {
        return unseal(raw, recordKey).toString('utf8');
      } catch (error) {
        throw this.#damage(`metadata ${key} of namespace ${path}: ${(error as Error).message}`);
      }
    });
  }

  /**
   * Writes (or with `null` removes) a namespace-metadata record and waits until it is durable.
   * `dropNamespace` removes these records with the rest of the namespace.
   * @throws {WbemError} WBEM_E_INVALID_NAMESPACE for an empty path; WBEM_E_OUT_OF_DISK_SPACE or
   * WBEM_E_FAILED when the write cannot be committed; WBEM_E_SHUTTING_DOWN after `close()`.
   */
  async writeMeta(path: string, key: string, value: string | null): Promise<void> {
    const nsKey = this.#namespaceKey(path);
    const recordKey = storeKey(nsKey, META, key);
    try {
      await (value === null
        ? this.#db.remove(recordKey)
        : this.#db.put(recordKey, seal(Buffer.from(value), recordKey)));
      await this.#db.flushed;
    } catch (cause) {
      throw await commitFailure(
        cause,
        this.path,
        `writing metadata ${key} of namespace ${path} to ${this.file}`,
      );
    }
  }

  /**
   * Paths (as first opened) of every namespace stored in this directory, in key order.
   *
   * @throws {WbemError} WBEM_E_CRITICAL_ERROR when a namespace marker is damaged;
   * WBEM_E_SHUTTING_DOWN after `close()`.
   */
  listNamespaces(): string[] {
    this.#checkOpen();
    return this.#read(() => {
      const paths: string[] = [];
      for (const { key, value } of this.#db.getRange(prefixRange(NAMESPACE_MARKERS))) {
        let marker: { path?: unknown } | undefined;
        try {
          marker = this.#codec.decode(value, key) as { path?: unknown };
        } catch (cause) {
          throw this.#damage(`a namespace marker cannot be decoded (${(cause as Error).message})`);
        }
        // Every marker is written as `{ path }`: one without a path is damage, not a namespace to
        // leave out of the list silently.
        if (typeof marker?.path !== 'string')
          throw this.#damage('a namespace marker holds no path');
        paths.push(marker.path);
      }
      return paths;
    });
  }

  /** Resolves once every write of every namespace open here is durable. */
  async flush(): Promise<void> {
    await Promise.all([...this.#open.values()].map((store) => store.flush()));
    await this.#db.flushed;
  }

  /** Flushes and closes every namespace, then the database, and stamps an intact file. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await Promise.all([...this.#open.values()].map((store) => store.close()));
    } finally {
      await this.#db.close();
      if (!this.#damaged) stampClosedDatabase(this.file);
    }
  }

  /**
   * Runs a read of the database: LMDB's own errors (a damaged page it noticed) become
   * WBEM_E_CRITICAL_ERROR naming the file, and any damage marks this file as not known good.
   */
  #read<T>(read: () => T): T {
    try {
      return read();
    } catch (error) {
      const wbem = error instanceof WbemError ? error : this.#damage((error as Error).message);
      if (wbem.hresult === WBEM_E_CRITICAL_ERROR) this.#damaged = true;
      throw wbem;
    }
  }

  /** The error for damage seen by a read; `#read`, which every such read runs in, records it. */
  #damage(what: string): WbemError {
    return new WbemError(WBEM_E_CRITICAL_ERROR, { message: `${this.file} is damaged: ${what}` });
  }

  #namespaceKey(path: string): string {
    this.#checkOpen();
    if (typeof path !== 'string' || path.length === 0) {
      throw new WbemError(WBEM_E_INVALID_NAMESPACE, { message: 'namespace path is empty' });
    }
    return nameKey(path);
  }

  #checkOpen(): void {
    if (this.#closed) {
      throw new WbemError(WBEM_E_SHUTTING_DOWN, { message: `repository ${this.path} is closed` });
    }
  }

  /**
   * Checks the format record, writing it into an empty database and upgrading an older version
   * (whose namespaces build their index records as each is first opened).
   */
  #checkFormat(): void {
    let raw = this.#read(() => this.#db.getBinary(FORMAT_KEY));
    if (raw === undefined) {
      if (this.#read(() => this.#db.getKeysCount()) > 0) {
        throw new WbemError(WBEM_E_INITIALIZATION_FAILURE, {
          message: `${this.file} holds records but no format record: not a wbemrx store`,
        });
      }
      writeFormatRecord(this.#db, this.#codec, this.file, this.path);
      raw = this.#read(() => this.#db.getBinary(FORMAT_KEY));
    }
    const version = checkFormat(
      raw === undefined ? undefined : decodeFormatRecord(this.#codec, raw),
      this.file,
    );
    if (version !== FORMAT_VERSION) {
      writeFormatRecord(this.#db, this.#codec, this.file, this.path, true);
    }
  }
}
