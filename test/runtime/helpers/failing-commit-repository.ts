/**
 * @module A repository module whose stores' commits fail on demand: a `MemoryRepository` whose
 * `flush` looks at a shared switch first (0: commit; 1: fail with `WBEM_E_OUT_OF_DISK_SPACE`, as
 * a full disk does; 2: fail with a plain `Error`, a bug below the store; 3: fail once as 1 does)
 * and then rejects, leaving the rollback to the caller as the `ClassStore` contract says.
 */
import type { ChangeSet } from '../../../src/model/change-set.js';
import type { ClassStore } from '../../../src/store/class-store.js';
import { MemoryRepository } from '../../../src/store/memory-repository.js';
import type { Repository } from '../../../src/store/repository.js';
import { WBEM_E_OUT_OF_DISK_SPACE } from '../../../src/wbem/status.js';
import { WbemError } from '../../../src/wbem/wbem-error.js';

export interface FailingCommitOptions {
  /** Int32Array[0]: the failure mode of the next flushes. */
  readonly mode: SharedArrayBuffer;
}

export const COMMIT = 0;
export const FAIL_DISK_FULL = 1;
export const FAIL_BUG = 2;
/** The next flush fails as `FAIL_DISK_FULL` does, and the switch goes back to `COMMIT`. */
export const FAIL_DISK_FULL_ONCE = 3;

class FailingCommitStore implements ClassStore {
  readonly #inner: ClassStore;
  readonly #mode: Int32Array;

  constructor(inner: ClassStore, mode: Int32Array) {
    this.#inner = inner;
    this.#mode = mode;
  }

  getClass = (name: string) => this.#inner.getClass(name);
  hasClass = (name: string) => this.#inner.hasClass(name);
  subclassNames = (name: string | null) => this.#inner.subclassNames(name);
  classNames = () => this.#inner.classNames();
  classCount = () => this.#inner.classCount();
  getInstance = (className: string, key: string) => this.#inner.getInstance(className, key);
  instances = (className: string) => this.#inner.instances(className);
  instanceCount = (className: string) => this.#inner.instanceCount(className);
  getQualifierDeclaration = (name: string) => this.#inner.getQualifierDeclaration(name);
  qualifierDeclarations = () => this.#inner.qualifierDeclarations();

  apply(changes: ChangeSet): void {
    this.#inner.apply(changes);
  }

  async flush(): Promise<void> {
    if (Atomics.compareExchange(this.#mode, 0, FAIL_DISK_FULL_ONCE, COMMIT) === FAIL_DISK_FULL_ONCE)
      throw new WbemError(WBEM_E_OUT_OF_DISK_SPACE, { message: 'the disk is full' });
    switch (Atomics.load(this.#mode, 0)) {
      case FAIL_DISK_FULL:
        throw new WbemError(WBEM_E_OUT_OF_DISK_SPACE, { message: 'the disk is full' });
      case FAIL_BUG:
        throw new Error('disk on fire');
      default:
        await this.#inner.flush();
    }
  }

  rollback(): void {
    this.#inner.rollback();
  }

  close(): Promise<void> {
    return this.#inner.close();
  }
}

export function createRepository(options: FailingCommitOptions): Repository {
  const inner = new MemoryRepository();
  const mode = new Int32Array(options.mode);
  const stores = new Map<string, ClassStore>();
  return {
    openNamespace(path: string): ClassStore {
      const store = inner.openNamespace(path);
      let wrapped = stores.get(path);
      if (wrapped === undefined) {
        wrapped = new FailingCommitStore(store, mode);
        stores.set(path, wrapped);
      }
      return wrapped;
    },
    dropNamespace: (path) => inner.dropNamespace(path),
    readMeta: (path, key) => inner.readMeta(path, key),
    writeMeta: (path, key, value) => inner.writeMeta(path, key, value),
    close: () => inner.close(),
  };
}
