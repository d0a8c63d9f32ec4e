/**
 * @module wbemrx/core: the engine's inner parts without the engine, for measuring it (the load
 * benchmark's references) and for embedding the rules where no worker threads are wanted.
 *
 * - The schema core: `putClass` and the other schema operations, pure functions over a
 *   namespace's read view, applied to a `MemoryClassStore`. No threads, no wire, no actor.
 * - The host wire: the encoding (`createWireCodec`) and per-turn batching (`Outbox`) the engine
 *   uses between the main thread and its actor hosts, and the message types they carry, so a
 *   bare worker can be driven exactly as the engine drives its hosts (the echo ceiling).
 *
 * Unlike `wbemrx` (the public API), these signatures follow the engine's internals and may change
 * with them between minor versions.
 */
export type { ChangeSet } from './model/change-set.js';
export type { ClassStoreReader } from './model/class-store-reader.js';
export {
  DEFAULT_MAX_BATCH,
  Outbox,
  type OutboxOptions,
  type PostTarget,
} from './runtime/outbox.js';
export {
  type Batch,
  type Endpoint,
  type HostReply,
  type HostRequest,
  isReplyBatch,
  isRequestBatch,
  type PutClassRequest,
  type WireEncoding,
} from './runtime/protocol.js';
export { createWireCodec, DEFAULT_ENCODING, type WireCodec } from './runtime/wire-codec.js';
export {
  createClassEnum,
  deleteClass,
  getClass,
  type Mutation,
  type OperationEnv,
  type PutClassIntent,
  putClass,
} from './schema/index.js';
export type { ClassStore } from './store/class-store.js';
export { MemoryClassStore } from './store/memory-class-store.js';
