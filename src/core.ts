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

export { benchClass } from './load-bench/lib/bench-class.js';
export { closedLoop, type LoadFigures } from './load-bench/lib/closed-loop.js';
// The parts the micro-benchmarks in `bench/` measure one by one: the MOF compiler's stages, the
// stores without the engine, WQL dispatch, the CIM-XML encoder, and the load benchmark's
// measuring tools. `bench/` imports nothing else (checked by `npm run lint:deps`).
export {
  type EchoOptions,
  measureComlinkEcho,
  measureEchoCeiling,
} from './load-bench/lib/echo-ceiling.js';
export { type LoopDelayFigures, startLoopDelay } from './load-bench/lib/loop-delay.js';
export { DMTF_SCHEMA_MOF } from './load-bench/scenarios/dmtf-schema-load.js';
export type { ChangeSet } from './model/change-set.js';
export type { ClassStoreReader } from './model/class-store-reader.js';
export { compileMof as compileParsedMof } from './mof/compile.js';
export { MofParsePool } from './mof/loader/mof-parse-pool.js';
export { parseMof } from './mof/parser.js';
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
export type { SchemaOperations } from './runtime/turns/turn.js';
export { createWireCodec, DEFAULT_ENCODING, type WireCodec } from './runtime/wire-codec.js';
export * as schemaOperations from './schema/index.js';
export {
  createClassEnum,
  deleteClass,
  enumerateClassNames,
  getClass,
  type Mutation,
  type OperationEnv,
  type PutClassIntent,
  putClass,
} from './schema/index.js';
export { readCimCall } from './server/cim-call.js';
export { decodeClass, NO_DECLARATIONS } from './server/decode-cim.js';
export { encodeClass } from './server/encode-cim.js';
export { XmlTreeBuilder } from './server/xml-tree.js';
export type { ClassStore } from './store/class-store.js';
export { DurableRepository, PAGE_SIZE } from './store/durable/durable-repository.js';
export { storeKey } from './store/durable/keys.js';
export { createRecordCodec } from './store/durable/record-codec.js';
export { MemoryClassStore } from './store/memory-class-store.js';
export { MemoryRepository } from './store/memory-repository.js';
export {
  compileEventQuery,
  type EventFilter,
  eventObject,
  SubscriptionIndex,
} from './wql/index.js';
