/**
 * @module `RecordCache`: a least-recently-used map of decoded records, bounded by entry count, so
 * that a namespace of any size keeps only its working set decoded in memory.
 */

/** Default bound: the DMTF schema (about 1,500 classes) and a large working set fit whole. */
export const DEFAULT_CACHE_ENTRIES = 8192;

/**
 * A bounded LRU map. A `Map` iterates in insertion order, so re-inserting on every hit keeps the
 * least recently used entry first, where eviction takes it.
 */
export class RecordCache<V> {
  readonly #limit: number;
  readonly #entries = new Map<string, V>();

  constructor(limit: number = DEFAULT_CACHE_ENTRIES) {
    this.#limit = Math.max(1, Math.floor(limit));
  }

  get size(): number {
    return this.#entries.size;
  }

  get(key: string): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.#limit) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  clear(): void {
    this.#entries.clear();
  }
}
