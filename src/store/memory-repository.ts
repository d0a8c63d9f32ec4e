/**
 * @module `MemoryRepository`: namespace stores held in memory, for tests and for engines that
 * need no durability.
 */
import { nameKey } from '../model/names.js';
import type { ClassStore } from './class-store.js';
import { MemoryClassStore } from './memory-class-store.js';
import type { Repository } from './repository.js';

/**
 * A `Repository` of `MemoryClassStore`s. Namespace paths are case-insensitive; opening a path
 * twice returns the same store, so its contents live as long as the repository (until
 * `dropNamespace` or `close`).
 */
export class MemoryRepository implements Repository {
  readonly #stores = new Map<string, MemoryClassStore>();

  openNamespace(path: string): ClassStore {
    const key = nameKey(path);
    let store = this.#stores.get(key);
    if (store === undefined) {
      store = new MemoryClassStore();
      this.#stores.set(key, store);
    }
    return store;
  }

  dropNamespace(path: string): Promise<void> {
    const key = nameKey(path);
    const store = this.#stores.get(key);
    this.#stores.delete(key);
    return store === undefined ? Promise.resolve() : store.close();
  }

  /** Paths of the namespaces opened and not dropped, lower-cased. */
  listNamespaces(): string[] {
    return [...this.#stores.keys()];
  }

  async close(): Promise<void> {
    const stores = [...this.#stores.values()];
    this.#stores.clear();
    await Promise.all(stores.map((store) => store.close()));
  }
}
