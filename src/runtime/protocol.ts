/**
 * @module The wire between the main thread and the actor hosts: the only place that defines what
 * crosses a worker boundary. Shaped like comlink's `protocol.ts`: a minimal `Endpoint`, unions
 * discriminated by a string `kind`, one guard that narrows `unknown`, and `assertNever`.
 *
 * ```
 *  main thread                                   host worker
 *  ───────────                                   ───────────
 *  Batch{ HostRequest[] }   ── one post per turn ──▶  NamespaceActor.turn(...)
 *  Batch{ HostReply[] }     ◀── one post per turn ──  progress | ok | fail | closed
 * ```
 *
 * Payloads are the plain data types of `model/`; errors cross as `fail` data and are rebuilt into
 * `WbemError` on the main thread, because structured clone keeps only message/name/stack.
 */
import type { MessagePort } from 'node:worker_threads';
import type { CimObject } from '../model/cim-value.js';
import type { WbemContext } from '../model/wbem-context.js';
import type { ProviderRegistration } from '../providers/provider-registration.js';
import type {
  PutClassIntent,
  PutInstanceIntent,
  ReadOptions,
  SchemaRules,
} from '../schema/index.js';
import { WBEM_E_FAILED } from '../wbem/status.js';
import { WbemError } from '../wbem/wbem-error.js';
import type { WqlQuery, WqlSelect } from '../wql/ast.js';
import type { EventWire } from './event-wire.js';
import type { HostPlacement } from './placement.js';

/** What a port must offer; `MessagePort` and `Worker` both fit (via `on`/`off` in Node). */
export interface Endpoint {
  postMessage(message: unknown, transfer?: readonly ArrayBuffer[]): void;
  on(event: 'message', listener: (value: unknown) => void): unknown;
  off(event: 'message', listener: (value: unknown) => void): unknown;
}

/**
 * Who makes a call and with what, worked out in phase 1 on the main thread and checked again in
 * the actor's turn (phase 2: write rights, providers, events).
 */
export interface CallAuthority {
  /** The connection's principal (`connectServer(ns, { user })`, or the policy's default). */
  readonly principal: string;
  /** The principal's `WBEM_*` rights on the namespace when the call was accepted. */
  readonly rights: number;
  /** The validated `IWbemContext`, forwarded to providers and attached to the call's events. */
  readonly context: WbemContext | null;
}

interface RequestBase {
  /** Call id, unique per engine. */
  readonly id: number;
  /** Normalised namespace path (`root/cimv2`). */
  readonly namespace: string;
  /** `WBEM_FLAG_SEND_STATUS` was set: the actor reports progress when it dequeues the call. */
  readonly sendStatus: boolean;
  /**
   * Someone watches the call's namespace (an `engine.events$` observer, or a notification query
   * whose scope covers it): the reply carries the call's events. Otherwise they are not shipped
   * back, since a class event holds whole classes (it would double the bytes of a put's round trip).
   */
  readonly wantsEvents: boolean;
  /** Who calls; the engine always sets it. A request without one holds no rights. */
  readonly caller?: CallAuthority;
}

export interface PutClassRequest extends RequestBase {
  readonly kind: 'putClass';
  readonly cls: unknown;
  readonly intent: PutClassIntent;
}
export interface DeleteClassRequest extends RequestBase {
  readonly kind: 'deleteClass';
  readonly name: unknown;
}
export interface GetClassRequest extends RequestBase {
  readonly kind: 'getClass';
  readonly name: unknown;
  readonly options: ReadOptions;
}
export interface CreateClassEnumRequest extends RequestBase {
  readonly kind: 'createClassEnum';
  readonly superclass: unknown;
  readonly deep: boolean;
  readonly options: ReadOptions;
}
/**
 * `EnumerateClassNames`: the names `createClassEnum` would return for the same arguments, without
 * the classes. They come back as one string, `ok.param` (`classNamesParam`), so the reply keeps
 * the plain-reply layout (`reply-batch-wire.ts`) and the sink its one `strParam`: no new reply
 * shape on the wire, in the call registry or in the sink events.
 */
export interface EnumerateClassNamesRequest extends RequestBase {
  readonly kind: 'enumerateClassNames';
  readonly superclass: unknown;
  readonly deep: boolean;
}
export interface PutInstanceRequest extends RequestBase {
  readonly kind: 'putInstance';
  readonly instance: unknown;
  readonly intent: PutInstanceIntent;
}
export interface GetInstanceRequest extends RequestBase {
  readonly kind: 'getInstance';
  readonly path: unknown;
}
export interface DeleteInstanceRequest extends RequestBase {
  readonly kind: 'deleteInstance';
  readonly path: unknown;
}
export interface CreateInstanceEnumRequest extends RequestBase {
  readonly kind: 'createInstanceEnum';
  readonly className: unknown;
  readonly deep: boolean;
}
export interface PutQualifierDeclarationRequest extends RequestBase {
  readonly kind: 'putQualifierDeclaration';
  readonly declaration: unknown;
}
/** Replies with the one declaration in `ok.objects` (a `QualifierDeclaration`, not a class). */
export interface GetQualifierDeclarationRequest extends RequestBase {
  readonly kind: 'getQualifierDeclaration';
  readonly name: unknown;
}
export interface DeleteQualifierDeclarationRequest extends RequestBase {
  readonly kind: 'deleteQualifierDeclaration';
  readonly name: unknown;
}
/** Replies with every declaration of the namespace in `ok.objects`. */
export interface CreateQualifierDeclarationEnumRequest extends RequestBase {
  readonly kind: 'createQualifierDeclarationEnum';
}
/**
 * `ExecQuery`: the query parsed in phase 1. Results come back as `indicate` replies, a slice at a
 * time, then an `ok` with no objects.
 */
export interface ExecQueryRequest extends RequestBase {
  readonly kind: 'execQuery';
  readonly query: WqlQuery;
  /** `WBEM_FLAG_PROTOTYPE`: only the class prototype of the results. */
  readonly prototype: boolean;
  readonly options: ReadOptions;
}
/** `ExecNotificationQuery`: checks the query's class names against the namespace's classes. */
export interface CheckEventQueryRequest extends RequestBase {
  readonly kind: 'checkEventQuery';
  readonly query: WqlSelect;
}
/** Sent to the parent namespace: adds the `__NAMESPACE` instance `name`. */
export interface CreateNamespaceRequest extends RequestBase {
  readonly kind: 'createNamespace';
  readonly name: string;
  /** The PutInstance mode of a caller's `__NAMESPACE` put; absent: `create-only`. */
  readonly mode?: 'create-only' | 'update-only' | 'create-or-update';
}
/** Sent to the parent namespace: removes the `__NAMESPACE` instance `name`. */
export interface DeleteNamespaceRequest extends RequestBase {
  readonly kind: 'deleteNamespace';
  readonly name: string;
}
/** Sent to the parent namespace: replies with the `__NAMESPACE` instances (all, or `name`). */
export interface GetNamespacesRequest extends RequestBase {
  readonly kind: 'getNamespaces';
  readonly name: string | null;
}
/** Sent to the namespace itself: closes its store, drops its data, deactivates the actor. */
export interface DropNamespaceRequest extends RequestBase {
  readonly kind: 'dropNamespace';
}

/** The authority of a request that carries none: no principal, no rights, no context. */
export const NO_AUTHORITY: CallAuthority = { principal: '', rights: 0, context: null };

/** The caller of a request (`NO_AUTHORITY` when it carries none). */
export function authorityOf(request: { readonly caller?: CallAuthority }): CallAuthority {
  return request.caller ?? NO_AUTHORITY;
}

/** Control-plane read of a namespace-metadata record; `ok.param` is its text or `null`. */
export interface ReadMetaRequest extends RequestBase {
  readonly kind: 'readMeta';
  readonly key: string;
}
/** Stores (or with `null` removes) a namespace-metadata record, durably, before `ok`. */
export interface WriteMetaRequest extends RequestBase {
  readonly kind: 'writeMeta';
  readonly key: string;
  readonly value: string | null;
}
/** Adds a class provider registration to the namespace (persisted with its metadata). */
export interface RegisterProviderRequest extends RequestBase {
  readonly kind: 'registerProvider';
  readonly registration: ProviderRegistration;
}
/** Removes a class provider registration by name. */
export interface UnregisterProviderRequest extends RequestBase {
  readonly kind: 'unregisterProvider';
  readonly name: string;
}

export type OperationRequest =
  | PutClassRequest
  | DeleteClassRequest
  | GetClassRequest
  | CreateClassEnumRequest
  | EnumerateClassNamesRequest
  | PutInstanceRequest
  | GetInstanceRequest
  | DeleteInstanceRequest
  | CreateInstanceEnumRequest
  | ExecQueryRequest
  | CheckEventQueryRequest
  | PutQualifierDeclarationRequest
  | GetQualifierDeclarationRequest
  | DeleteQualifierDeclarationRequest
  | CreateQualifierDeclarationEnumRequest
  | CreateNamespaceRequest
  | DeleteNamespaceRequest
  | GetNamespacesRequest
  | DropNamespaceRequest
  | ReadMetaRequest
  | WriteMetaRequest
  | RegisterProviderRequest
  | UnregisterProviderRequest;

export type OperationKind = OperationRequest['kind'];

/** Best-effort cancellation: ids still queued in an actor are skipped. */
export interface CancelRequest {
  readonly kind: 'cancel';
  readonly ids: readonly number[];
}
/**
 * The echo host's shutdown handshake (the benchmark's ceiling, `echo-host.ts`); an actor host is
 * shut down through its control plane (`HostControl`).
 */
export interface ShutdownRequest {
  readonly kind: 'shutdown';
}
/** Test-only: the host ends its thread abruptly (supervision tests). */
export interface CrashRequest {
  readonly kind: 'crash';
}

export type HostRequest = OperationRequest | CancelRequest | ShutdownRequest | CrashRequest;

export interface ProgressReply {
  readonly kind: 'progress';
  readonly id: number;
  /** Progress `hResult` (LOWORD done, HIWORD total). */
  readonly progress: number;
  readonly message: string;
}
/**
 * Part of a call's results, ahead of its `ok`: a query streams its results in slices, and a large
 * result is sent `REPLY_SLICE` objects per post, so that the main thread decodes and delivers one
 * slice per event-loop turn instead of all in one.
 */
export interface IndicateReply {
  readonly kind: 'indicate';
  readonly id: number;
  readonly objects: readonly CimObject[];
}
export interface OkReply {
  readonly kind: 'ok';
  readonly id: number;
  /** Classes or instances; for the qualifier-declaration reads, `QualifierDeclaration`s. */
  readonly objects: readonly CimObject[];
  /** The sink's `strParam` (PutInstance: the new instance path). */
  readonly param: string | null;
  /**
   * Committed intrinsic events, published by the main thread on `events$`; their classes'
   * members packed, decoded only when read (`event-wire.ts`).
   */
  readonly events: readonly EventWire[];
}
export interface FailReply {
  readonly kind: 'fail';
  readonly id: number;
  readonly hresult: number;
  readonly message: string;
}
/** The echo host's answer to `shutdown`. */
export interface ClosedReply {
  readonly kind: 'closed';
}

export type HostReply = ProgressReply | IndicateReply | OkReply | FailReply | ClosedReply;

/** One post: every message for one peer in one event-loop turn. */
export interface Batch<T> {
  readonly kind: 'batch';
  readonly messages: readonly T[];
}

/** The storage a host opens on its own thread, as serialisable data. */
export type RepositorySpec =
  | { readonly kind: 'memory' }
  | { readonly kind: 'durable'; readonly path: string }
  /** Test seam: a module whose `createRepository(options)` returns a `Repository`. */
  | { readonly kind: 'module'; readonly url: string; readonly options?: unknown };

/**
 * Encodings measured in `bench/engine.bench.ts` (`DEFAULT_ENCODING` in `wire-codec.ts`); `copy`
 * is the calling-thread host's, whose port stays within one thread (`in-thread-channel.ts`).
 */
export const WIRE_ENCODINGS = ['msgpack', 'clone', 'json', 'copy'] as const;
export type WireEncoding = (typeof WIRE_ENCODINGS)[number];

/** `workerData` of a host worker. */
export interface HostInit {
  readonly repository: RepositorySpec;
  readonly encoding: WireEncoding;
  /** Messages per post in both directions (see `outbox.ts`). */
  readonly maxBatch: number;
  readonly server: string;
  /** Rules where WMI and DMTF disagree, for every actor's `OperationEnv`. */
  readonly rules: SchemaRules;
  /**
   * Test seam: URL of the worker entry that serves the host (`null`: the bundled
   * `workers/actor-host.worker.ts`, `bundled/actor-host.worker.cjs`);
   * a test entry may hand `serveActorHost` other schema operations.
   */
  readonly hostWorkerUrl: string | null;
  /** Where the hosts run (`placement.ts`); default `'worker-threads'`. */
  readonly placement?: HostPlacement;
  /** Per-call time limit of class providers (a registration may set its own). */
  readonly providerTimeoutMs: number;
  /** Time limit for loading a provider module in its sandbox. */
  readonly providerLoadTimeoutMs: number;
  /** Registrations from the engine options: in force in their namespaces, never persisted. */
  readonly providers: readonly ProviderRegistration[];
  /** The host's end of its control-plane channel (`HostControl`); set per worker when it starts. */
  readonly control?: MessagePort;
}

/** One actor of a host, as the control plane reports it. */
export interface ActorStats {
  readonly namespace: string;
  readonly state: 'idle' | 'active' | 'stopped';
  /** Messages waiting for a turn. */
  readonly queued: number;
}

export interface HostStats {
  readonly actors: readonly ActorStats[];
}

/**
 * The control plane of a host: the calls that are not on the hot path, over comlink on a
 * dedicated `MessageChannel`, so the hot path keeps its batched protocol on the worker's port. A
 * failure comes back as a `WbemError` value (comlink transfer handler `'wbem-error'`), never as a
 * thrown error, whose HRESULT comlink's own error handling would drop.
 */
export interface HostControl {
  /** Waits for every accepted turn, closes every store and the providers. */
  shutdown(): Promise<WbemError | null>;
  /** The host's live actors; the start-up failure when the host could not start. */
  stats(): HostStats | WbemError;
}

const REQUEST_KINDS: ReadonlySet<string> = new Set<HostRequest['kind']>([
  'putClass',
  'deleteClass',
  'getClass',
  'createClassEnum',
  'enumerateClassNames',
  'putInstance',
  'getInstance',
  'deleteInstance',
  'createInstanceEnum',
  'execQuery',
  'checkEventQuery',
  'putQualifierDeclaration',
  'getQualifierDeclaration',
  'deleteQualifierDeclaration',
  'createQualifierDeclarationEnum',
  'createNamespace',
  'deleteNamespace',
  'getNamespaces',
  'dropNamespace',
  'readMeta',
  'writeMeta',
  'registerProvider',
  'unregisterProvider',
  'cancel',
  'shutdown',
  'crash',
]);

const REPLY_KINDS: ReadonlySet<string> = new Set<HostReply['kind']>([
  'progress',
  'indicate',
  'ok',
  'fail',
  'closed',
]);

function isBatchOf<T>(value: unknown, kinds: ReadonlySet<string>): value is Batch<T> {
  if (typeof value !== 'object' || value === null) return false;
  const batch = value as { kind?: unknown; messages?: unknown };
  if (batch.kind !== 'batch' || !Array.isArray(batch.messages)) return false;
  return batch.messages.every(
    (m: unknown) =>
      typeof m === 'object' &&
      m !== null &&
      typeof (m as { kind?: unknown }).kind === 'string' &&
      kinds.has((m as { kind: string }).kind),
  );
}

/** The one guard for what a host receives. */
export function isRequestBatch(value: unknown): value is Batch<HostRequest> {
  return isBatchOf<HostRequest>(value, REQUEST_KINDS);
}

/** The one guard for what the main thread receives. */
export function isReplyBatch(value: unknown): value is Batch<HostReply> {
  return isBatchOf<HostReply>(value, REPLY_KINDS);
}

/** The `ok.param` of an `enumerateClassNames` reply: its names as a JSON array. */
export function classNamesParam(names: readonly string[]): string {
  return JSON.stringify(names);
}

/**
 * The names an `enumerateClassNames` reply carries in `param`.
 * @throws {WbemError} WBEM_E_FAILED when `param` is not a JSON array of strings (a broken host).
 */
export function classNamesOf(param: string | null): string[] {
  let names: unknown;
  try {
    names = JSON.parse(param ?? '');
  } catch {
    names = undefined;
  }
  if (!Array.isArray(names) || !names.every((n) => typeof n === 'string')) {
    throw new WbemError(WBEM_E_FAILED, {
      message: 'the reply to EnumerateClassNames holds no list of class names',
    });
  }
  return names;
}

/** Exhaustiveness check for `switch (message.kind)`. */
export function assertNever(value: never): never {
  throw new Error(`unexpected message: ${JSON.stringify(value)}`);
}
