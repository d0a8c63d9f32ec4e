import { join } from 'node:path';
import { open, type RootDatabase } from 'lmdb';
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
import { ensureDataDir } from './data-dir.js';
import { DurableClassStore } from './durable-class-store.js';
import { CURRENT_FORMAT, checkDatabaseHeader, checkFormat } from './format.js';
import {
  FORMAT_KEY,
  META,
  NAMESPACE_MARKERS,
  namespaceMarker,
  prefixRange,
  storeKey,
} from './keys.js';
import { loadNamespace } from './load-namespace.js';
import { createRecordCodec, type RecordCodec } from './record-codec.js';

/**
 * LMDB page size of a new database (an existing one keeps its own). Class records are ~1.6 KB;
 * with 4 KB pages LMDB fits only two per leaf page and the file grows to ~4 KB per class, while
 * 16 KB pages halve the file (measured in bench/store.bench.ts) and keep records up to ~8 KB
 * out of overflow pages.
 */
export const PAGE_SIZE = 16384;

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
}

function openDatabase(
  file: string,
  options: DurableRepositoryOptions,
): RootDatabase<Buffer, Buffer> {
  checkDatabaseHeader(file);
  try {
    return open<Buffer, Buffer>({
      path: file,
      noSubdir: true,
      encoding: 'binary',
      keyEncoding: 'binary',
      pageSize: PAGE_SIZE,
      overlappingSync: options.overlappingSync ?? false,
    });
  } catch (cause) {
    throw new WbemError(WBEM_E_INITIALIZATION_FAILURE, {
      message: `${file} cannot be opened as a database: ${(cause as Error).message}`,
      cause,
    });
  }
}

/**
 * A `Repository` persisted in an LMDB database under a data directory (created when absent).
 *
 * @throws {WbemError} from the constructor: WBEM_E_INITIALIZATION_FAILURE when the directory or
 * its database file cannot be opened or is not a wbemrx store (damaged, foreign, or holding records
 * without a format record); WBEM_E_DATABASE_VER_MISMATCH when it was written by another format
 * version. Nothing is ever overwritten to make an open succeed.
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
  #closed = false;

  constructor(path: string, options: DurableRepositoryOptions = {}) {
    this.path = path;
    this.file = join(path, STORE_FILE);
    ensureDataDir(path);
    this.#db = openDatabase(this.file, options);
    try {
      this.#checkFormat();
    } catch (error) {
      this.#db.close().catch(() => {});
      throw error;
    }
  }

  /**
   * Opens a namespace, loading its records into memory on first open; opening an open namespace
   * returns the same store.
   *
   * @throws {WbemError} WBEM_E_INVALID_NAMESPACE for an empty path; WBEM_E_CRITICAL_ERROR when its
   * records are damaged; WBEM_E_SHUTTING_DOWN after `close()`.
   */
  openNamespace(path: string): ClassStore {
    const nsKey = this.#namespaceKey(path);
    const existing = this.#open.get(nsKey);
    if (existing !== undefined) return existing;
    const mirror = loadNamespace(this.#db, this.#codec, nsKey, this.file);
    const marker = namespaceMarker(nsKey);
    const pending = this.#db.doesExist(marker)
      ? undefined
      : this.#db.put(marker, this.#codec.encode({ path }));
    const store = new DurableClassStore(
      {
        db: this.#db,
        codec: this.#codec,
        nsKey,
        path,
        file: this.file,
        onClose: () => {
          if (this.#open.get(nsKey) === store) this.#open.delete(nsKey);
        },
      },
      mirror,
      pending,
    );
    this.#open.set(nsKey, store);
    return store;
  }

  /**
   * Removes every record of a namespace (closing its store when open here) and waits until the
   * removal is durable.
   *
   * @throws {WbemError} WBEM_E_INVALID_NAMESPACE for an empty path; WBEM_E_CRITICAL_ERROR when
   * the removal cannot be committed; WBEM_E_SHUTTING_DOWN after `close()`.
   */
  async dropNamespace(path: string): Promise<void> {
    const nsKey = this.#namespaceKey(path);
    await this.#open.get(nsKey)?.close();
    const keys: Buffer[] = [...this.#db.getKeys(prefixRange(storeKey(nsKey)))].map((key) =>
      Buffer.from(key),
    );
    keys.push(namespaceMarker(nsKey));
    let last: Promise<unknown> | undefined;
    for (const key of keys) last = this.#db.remove(key);
    try {
      await last;
      await this.#db.flushed;
    } catch (cause) {
      throw new WbemError(WBEM_E_CRITICAL_ERROR, {
        message: `dropping namespace ${path} from ${this.file} failed: ${(cause as Error).message}`,
        cause,
      });
    }
  }

  /**
   * Reads a namespace-metadata record `[nsKey, 'm', key]` (UTF-8 text), without opening the
   * namespace.
   * @throws {WbemError} WBEM_E_INVALID_NAMESPACE for an empty path; WBEM_E_SHUTTING_DOWN after
   * `close()`.
   */
  readMeta(path: string, key: string): string | undefined {
    const raw = this.#db.getBinary(storeKey(this.#namespaceKey(path), META, key));
    return raw === undefined ? undefined : Buffer.from(raw).toString('utf8');
  }

  /**
   * Writes (or with `null` removes) a namespace-metadata record and waits until it is durable.
   * `dropNamespace` removes these records with the rest of the namespace.
   * @throws {WbemError} WBEM_E_INVALID_NAMESPACE for an empty path; WBEM_E_CRITICAL_ERROR when
   * the write cannot be committed; WBEM_E_SHUTTING_DOWN after `close()`.
   */
  async writeMeta(path: string, key: string, value: string | null): Promise<void> {
    const nsKey = this.#namespaceKey(path);
    const recordKey = storeKey(nsKey, META, key);
    try {
      await (value === null
        ? this.#db.remove(recordKey)
        : this.#db.put(recordKey, Buffer.from(value, 'utf8')));
      await this.#db.flushed;
    } catch (cause) {
      throw new WbemError(WBEM_E_CRITICAL_ERROR, {
        message: `writing metadata ${key} of namespace ${path} to ${this.file} failed: ${(cause as Error).message}`,
        cause,
      });
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
    const paths: string[] = [];
    for (const { value } of this.#db.getRange(prefixRange(NAMESPACE_MARKERS))) {
      let marker: { path?: unknown } | undefined;
      try {
        marker = this.#codec.decode(value) as { path?: unknown };
      } catch (cause) {
        throw new WbemError(WBEM_E_CRITICAL_ERROR, {
          message: `${this.file} is damaged: a namespace marker cannot be decoded`,
          cause,
        });
      }
      if (typeof marker?.path === 'string') paths.push(marker.path);
    }
    return paths;
  }

  /** Resolves once every write of every namespace open here is durable. */
  async flush(): Promise<void> {
    await Promise.all([...this.#open.values()].map((store) => store.flush()));
    await this.#db.flushed;
  }

  /** Flushes and closes every namespace, then the database. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      await Promise.all([...this.#open.values()].map((store) => store.close()));
    } finally {
      await this.#db.close();
    }
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
   * Checks the format record, writing it into an empty database. `noOverwrite` makes the first
   * write atomic against other threads opening the same fresh directory at once.
   */
  #checkFormat(): void {
    let raw = this.#db.getBinary(FORMAT_KEY);
    if (raw === undefined) {
      if (this.#db.getKeysCount() > 0) {
        throw new WbemError(WBEM_E_INITIALIZATION_FAILURE, {
          message: `${this.file} holds records but no format record: not a wbemrx store`,
        });
      }
      this.#db.putSync(FORMAT_KEY, this.#codec.encode(CURRENT_FORMAT), { noOverwrite: true });
      raw = this.#db.getBinary(FORMAT_KEY);
    }
    let record: unknown;
    try {
      record = raw === undefined ? undefined : this.#codec.decode(raw);
    } catch {
      record = undefined;
    }
    checkFormat(record, this.file);
  }
}
