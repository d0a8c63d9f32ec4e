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
  /** Removes every class, instance and declaration of a namespace. */
  dropNamespace(path: string): Promise<void>;
  /** Closes every store this repository opened. */
  close(): Promise<void>;
}
