/**
 * @module A repository module for group-commit tests: a `MemoryRepository` whose stores count
 * `apply` and `flush` calls into a shared Int32Array ([applies, flushes]) and, with
 * `failFlush`, reject every flush (a commit that never becomes durable).
 */
import type { ClassStore } from '../../../src/store/class-store.js';
import { MemoryRepository } from '../../../src/store/memory-repository.js';
import type { Repository } from '../../../src/store/repository.js';

export interface InstrumentOptions {
  readonly counters: SharedArrayBuffer;
  readonly failFlush: boolean;
}

export function createRepository(options: InstrumentOptions): Repository {
  const inner = new MemoryRepository();
  const counts = new Int32Array(options.counters);
  return {
    openNamespace(path: string): ClassStore {
      const store = inner.openNamespace(path);
      return new Proxy(store, {
        get(target, key, receiver) {
          if (key === 'apply') {
            return (changes: Parameters<ClassStore['apply']>[0]) => {
              Atomics.add(counts, 0, 1);
              target.apply(changes);
            };
          }
          if (key === 'flush') {
            return async () => {
              Atomics.add(counts, 1, 1);
              if (options.failFlush) throw new Error('disk on fire');
              await target.flush();
            };
          }
          const value: unknown = Reflect.get(target, key, receiver);
          return typeof value === 'function' ? value.bind(target) : value;
        },
      });
    },
    dropNamespace: (path) => inner.dropNamespace(path),
    readMeta: (path, key) => inner.readMeta(path, key),
    writeMeta: (path, key, value) => inner.writeMeta(path, key, value),
    close: () => inner.close(),
  };
}
