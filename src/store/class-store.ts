/**
 * @module The storage seam: one `ClassStore` per namespace, behind one interface that the memory
 * and the durable stores implement and one conformance suite checks
 * (`test/store/class-store.case.ts`).
 *
 * Stores know nothing of WMI rules: the schema layer decides a `ChangeSet`, the store applies it
 * atomically. Stores trust its shape (the schema built it; `checkChangeSet` is the one shape
 * check, for records read back from disk), so `apply` does not walk it again. Reads see every
 * applied change at once (before it is durable); `flush()` is the durability barrier, so a
 * caller can apply a batch of changes and await one flush for all. After a failed flush the
 * owner calls `rollback()`.
 */

import type { ChangeSet } from '../model/change-set.js';
import type { ClassStoreReader } from '../model/class-store-reader.js';

export type { ClassStoreReader };

export interface ClassStore extends ClassStoreReader {
  /**
   * Applies a change set atomically: afterwards either all of it is visible or, if this throws,
   * none of it is. Visibility is immediate; durability waits for `flush()`.
   */
  apply(changes: ChangeSet): void;
  /** Resolves once every change applied so far is durable (a no-op for the memory store). */
  flush(): Promise<void>;
  /**
   * True when `flush()` never rejects (the memory store): an applied change is then already as
   * durable as it will be, and may be read before the flush that covers it.
   */
  readonly flushNeverFails?: boolean;
  /**
   * What the store's owner calls after `flush()` rejected (the batch that flush covered fails as
   * a whole): undoes every change applied since the last flush that resolved, so that reads show
   * only what is durable, and the store accepts changes again.
   * @throws {WbemError} when even the durable state cannot be read back (the owner reopens it).
   */
  rollback(): void;
  /** Flushes, then releases the store; no call is valid afterwards. */
  close(): Promise<void>;
}
