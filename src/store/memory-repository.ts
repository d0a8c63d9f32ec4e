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
  readonly #meta = new Map<string, Map<string, string>>();

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
    this.#meta.delete(key);
    return store === undefined ? Promise.resolve() : store.close();
  }

  readMeta(path: string, key: string): string | undefined {
    return this.#meta.get(nameKey(path))?.get(key);
  }

  writeMeta(path: string, key: string, value: string | null): Promise<void> {
    const nsKey = nameKey(path);
    const records = this.#meta.get(nsKey) ?? new Map<string, string>();
    if (value === null) records.delete(key);
    else records.set(key, value);
    if (records.size === 0) this.#meta.delete(nsKey);
    else this.#meta.set(nsKey, records);
    return Promise.resolve();
  }

  /** Paths of the namespaces opened and not dropped, lower-cased. */
  listNamespaces(): string[] {
    return [...this.#stores.keys()];
  }

  async close(): Promise<void> {
    const stores = [...this.#stores.values()];
    this.#stores.clear();
    this.#meta.clear();
    await Promise.all(stores.map((store) => store.close()));
  }
}
