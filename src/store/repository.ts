/**
 * @module A repository: the set of namespace stores behind one engine (one data directory for the
 * durable store). Each namespace's store is opened by the actor that owns the namespace, on that
 * actor's thread; a durable repository may therefore be opened by several threads of one process
 * at once, each writing only the namespaces it owns.
 */
import type { ClassStore } from './class-store.js';

export interface Repository {
  /** Opens (creating when absent) the store of one namespace, by normalised path (`root/cimv2`). */
  openNamespace(path: string): ClassStore;
  /** Removes every class, instance, declaration and metadata record of a namespace. */
  dropNamespace(path: string): Promise<void>;
  /**
   * Reads one namespace-metadata record (security descriptor, provider registrations, ...):
   * text stored by `writeMeta`, or `undefined` when none is stored. Does not open the namespace.
   */
  readMeta(path: string, key: string): string | undefined;
  /**
   * Stores (or with `null` removes) one namespace-metadata record; durable when the promise
   * resolves. Only the actor that owns the namespace writes its metadata.
   */
  writeMeta(path: string, key: string, value: string | null): Promise<void>;
  /** Closes every store this repository opened. */
  close(): Promise<void>;
}
