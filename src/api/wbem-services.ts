/**
 * @module `IWbemServices` for one namespace: WMI's method names and flag words, as a thin adapter.
 * Each method is one line: the phase 1 of its operation family (`phase1/`), handed to one of the
 * call forms (`call-forms.ts`: async + sink, promise, Rx, sync/semisync), which all start it
 * through `#route`: phase 1, the connection's own step of it (context, connect rights,
 * `phase1/caller.ts`), then the one way the call runs, almost always the engine's call path
 * (`EngineCore.startPrepared`).
 */
import { Observable } from 'rxjs';
import type { CimClass } from '../model/cim-class.js';
import type { CimInstance } from '../model/cim-instance.js';
import type { CimObject } from '../model/cim-value.js';
import type { QualifierDeclaration } from '../model/qualifier-declaration.js';
import type { WbemContext as ContextValue } from '../model/wbem-context.js';
import { type CallAuthority, classNamesOf } from '../runtime/protocol.js';
import type { SecurityDescriptor } from '../security/security-descriptor.js';
import { objectsOf } from '../sink/call-stream.js';
import type { Notification } from '../sink/notification-hub.js';
import { type IWbemObjectSink, isObjectSink, type SinkEvent } from '../sink/object-sink.js';
import {
  WBEM_E_CALL_CANCELLED,
  WBEM_E_INVALID_PARAMETER,
  WBEM_S_NO_ERROR,
} from '../wbem/status.js';
import { toWbemError, type WbemError } from '../wbem/wbem-error.js';
import { AmendedReads, wantsAmended } from './amended-reads.js';
import {
  asyncForm,
  type CallResult,
  type CallResultReturn,
  callResultForm,
  promiseForm,
  rxForm,
  type StartCall,
} from './call-forms.js';
import { PUT_CLASS_YIELDS } from './call-result.js';
import { type EngineCore, phase1Error } from './engine-core.js';
import { NamespaceInstanceCalls, namespaceWriteOf } from './namespace-instance-calls.js';
import { NamespaceTree } from './namespace-tree.js';
import { openNotificationQuery, rightsCheck, SinkTarget } from './notification-calls.js';
import { phase1Caller } from './phase1/caller.js';
import { phase1DeleteClass } from './phase1/delete-class.js';
import {
  phase1CreateClassEnum,
  phase1CreateInstanceEnum,
  phase1EnumerateClassNames,
} from './phase1/enumerations.js';
import { phase1ExecQuery, phase1NotificationQuery } from './phase1/exec-query.js';
import { phase1GetClass, phase1GetInstance, phase1GetObject } from './phase1/get-object.js';
import { phase1DeleteInstance, phase1PutInstance } from './phase1/instance-writes.js';
import type { PreparedCall } from './phase1/prepared-call.js';
import {
  type ProviderRegistrationInput,
  phase1RegisterProvider,
  phase1UnregisterProvider,
} from './phase1/provider-registrations.js';
import { phase1PutClass } from './phase1/put-class.js';
import {
  phase1CreateQualifierDeclarationEnum,
  phase1DeleteQualifierDeclaration,
  phase1GetQualifierDeclaration,
  phase1PutQualifierDeclaration,
} from './phase1/qualifier-declarations.js';
import { readDescriptor, writeDescriptor } from './security-descriptor-calls.js';

export type { CallResultReturn, Notification, ProviderRegistrationInput };

/**
 * The `pCtx` argument of every call (`IWbemContext`, spec §7): a `WbemContext` built with
 * `createContext`/`setValue`, a `Map` or a plain object of named values, or `null`. It is checked
 * in phase 1 (`validateContext`): a bad value is `WBEM_E_INVALID_PARAMETER`, returned by the
 * async forms and rejected by the promise forms. The context reaches the providers the call
 * invokes and rides on the events the call raises.
 */
export type WbemContext =
  | ContextValue
  | ReadonlyMap<string, unknown>
  | Readonly<Record<string, unknown>>
  | null;

export class WbemServices {
  /** Normalised path of the namespace (`root/cimv2`). */
  readonly namespace: string;
  /** The principal every call of this connection runs as (`connectServer(ns, { user })`). */
  readonly principal: string;
  /** The connection was opened as from another machine: `WBEM_REMOTE_ACCESS` is needed too. */
  readonly remote: boolean;
  /** A true private field: no caller reaches the engine without the connection's checks. */
  readonly #core: EngineCore;
  /** Whether this connection may receive events now, shared by its notification queries. */
  #subscribeRights: (() => boolean) | undefined;
  /** Class reads with `WBEM_FLAG_USE_AMENDED_QUALIFIERS`, merged from the locale's namespace. */
  readonly #amended: AmendedReads;
  /** `PutInstance` / `DeleteInstance` of `__NAMESPACE`: child namespaces, with the caller's rights. */
  readonly #namespaces: NamespaceInstanceCalls;

  /** @internal Use `engine.connectServer`; `locale` is the locale namespace (`ms_409`). */
  constructor(
    core: EngineCore,
    namespace: string,
    principal: string,
    remote = false,
    locale = 'ms_409',
  ) {
    this.#core = core;
    this.namespace = namespace;
    this.principal = principal;
    this.remote = remote;
    this.#amended = new AmendedReads(core, namespace, locale);
    this.#namespaces = new NamespaceInstanceCalls(core, new NamespaceTree(core), namespace);
  }

  /** Starts a call of this connection: the operation's phase 1, then the caller's (context, rights). */
  #start(ctx: unknown): StartCall {
    return (sink, phase1) => this.#route(sink, phase1, ctx);
  }

  /**
   * The one place a call of this connection takes its way, once its phase 1 and the caller's
   * checks (context, rights) have passed: a `__NAMESPACE` write goes to the namespace
   * orchestration, an amended class read to its merge (which starts the neutral read), anything
   * else to the namespace's actor.
   */
  #route(sink: unknown, phase1: () => PreparedCall, ctx: unknown): WbemError | undefined {
    // A sink that is not one is refused before anything else, by the engine's own check.
    if (!isObjectSink(sink)) return this.#core.start(this.namespace, sink, phase1);
    let prepared: PreparedCall;
    let caller: CallAuthority;
    try {
      prepared = phase1();
      caller = phase1Caller(this, this.#core.security, ctx);
    } catch (thrown) {
      return phase1Error(thrown);
    }
    const write = namespaceWriteOf(prepared);
    if (write !== undefined) {
      return this.#namespaces.start(sink, prepared.operation, write, caller);
    }
    if (wantsAmended(prepared)) {
      return this.#amended.start(sink, prepared.operation, (neutral) =>
        this.#core.startPrepared(this.namespace, neutral, prepared, caller),
      );
    }
    return this.#core.startPrepared(this.namespace, sink, prepared, caller);
  }

  #rights(): () => boolean {
    this.#subscribeRights ??= rightsCheck(this.#core, this);
    return this.#subscribeRights;
  }

  #promise(phase1: () => PreparedCall, ctx: unknown = null): Promise<CallResult> {
    return promiseForm(this.#start(ctx), phase1);
  }

  #async(sink: unknown, phase1: () => PreparedCall, ctx: unknown): number {
    return asyncForm(this.#start(ctx), sink, phase1);
  }

  /**
   * Creates or updates a class. Mirrors `IWbemServices::PutClassAsync`: returns the phase-1
   * HRESULT now; when that is `WBEM_S_NO_ERROR` the sink later gets exactly one final
   * `setStatus(WBEM_STATUS_COMPLETE, hr, null, objParam)` (progress first with
   * `WBEM_FLAG_SEND_STATUS`); otherwise the sink is never called.
   * @returns WBEM_S_NO_ERROR, or WBEM_E_INVALID_PARAMETER (null sink or class, bad flags),
   * WBEM_E_SHUTTING_DOWN, WBEM_E_SERVER_TOO_BUSY, WBEM_E_INVALID_NAMESPACE.
   */
  putClassAsync(
    cls: CimClass | null,
    flags: number,
    ctx: WbemContext,
    sink: IWbemObjectSink | null,
  ): number {
    return this.#async(sink, () => phase1PutClass(cls, flags, 'async'), ctx);
  }

  /**
   * PutClassAsync as a cold Observable of sink events: progress (with `WBEM_FLAG_SEND_STATUS`),
   * then the final status, then complete; a failure errors with `WbemError` (its `.hresult`).
   * Unsubscribing before the end cancels like `CancelAsyncCall` (best effort).
   * @throws {WbemError} (as the error notification) any HRESULT of `putClassAsync` or of the sink.
   */
  putClass$(cls: CimClass | null, flags = 0, ctx: WbemContext = null): Observable<SinkEvent> {
    const cancel = (sink: IWbemObjectSink) => this.#core.cancel(sink);
    return rxForm(this.#start(ctx), cancel, () => phase1PutClass(cls, flags, 'async'));
  }

  /**
   * Mirrors `IWbemServices::PutClass` (synchronous flag table).
   * @throws {WbemError} WBEM_E_INVALID_PARAMETER, WBEM_E_ALREADY_EXISTS, WBEM_E_NOT_FOUND,
   * WBEM_E_INVALID_CLASS, WBEM_E_CLASS_HAS_CHILDREN, ... (spec §2.1), WBEM_E_SHUTTING_DOWN,
   * WBEM_E_SERVER_TOO_BUSY, WBEM_E_TRANSPORT_FAILURE.
   */
  async putClass(cls: CimClass | null, flags = 0, ctx: WbemContext = null): Promise<void> {
    await this.#promise(() => phase1PutClass(cls, flags, 'sync'), ctx);
  }

  /**
   * Mirrors `IWbemServices::PutClass` with a non-NULL `ppCallResult`. With
   * `WBEM_FLAG_RETURN_IMMEDIATELY` (semisynchronous) the call is dispatched before this method
   * returns and the promise is already settled: `{ hr: WBEM_S_NO_ERROR, callResult }`, the outcome
   * to be read with `callResult.getCallStatus`. Without it, resolves when the call has finished
   * with the final HRESULT and a completed call result reporting the same status (decision A5).
   * Never rejects: a phase-1 refusal is `{ hr, callResult: null }`.
   * @returns hr: WBEM_S_NO_ERROR; WBEM_E_INVALID_PARAMETER (null class, bad flags,
   * WBEM_FLAG_SEND_STATUS), WBEM_E_ACCESS_DENIED, WBEM_E_SHUTTING_DOWN, ...; without
   * RETURN_IMMEDIATELY also any final HRESULT of `putClass`.
   */
  putClassSemisync(
    cls: CimClass | null,
    flags = 0,
    ctx: WbemContext = null,
  ): Promise<CallResultReturn> {
    const phase1 = () => phase1PutClass(cls, flags, 'sync', true);
    return callResultForm(this.#start(ctx), 'PutClass', PUT_CLASS_YIELDS, phase1);
  }

  /**
   * Mirrors `IWbemServices::PutClass` with `ppCallResult` NULL as C++ callers see it: resolves with
   * the HRESULT it returns, success or failure (`putClass` rejects instead). Never rejects.
   * @returns WBEM_S_NO_ERROR or the failure: WBEM_E_INVALID_PARAMETER (null class, bad flags,
   * WBEM_FLAG_SEND_STATUS, WBEM_FLAG_RETURN_IMMEDIATELY with no call result), WBEM_E_ALREADY_EXISTS,
   * WBEM_E_NOT_FOUND, WBEM_E_INVALID_CLASS, ... (spec §2.1).
   */
  async putClassSync(cls: CimClass | null, flags = 0, ctx: WbemContext = null): Promise<number> {
    const phase1 = () => phase1PutClass(cls, flags, 'sync', false);
    return (await callResultForm(this.#start(ctx), 'PutClass', PUT_CLASS_YIELDS, phase1)).hr;
  }

  /**
   * Mirrors `IWbemServices::GetObject` for a class: the resolved class with system properties;
   * `null` gives an empty class.
   * @throws {WbemError} WBEM_E_NOT_FOUND, WBEM_E_INVALID_PARAMETER.
   */
  async getClass(name: string | null, flags = 0, ctx: WbemContext = null): Promise<CimClass> {
    const { objects } = await this.#promise(() => phase1GetClass(name, flags, 'sync'), ctx);
    return objects[0] as CimClass;
  }

  /**
   * Mirrors `IWbemServices::GetObjectAsync`: `path` is a class name (or null for an empty class)
   * or an instance path (`Foo.Id="x"`, `Foo=@`); one `indicate` with the object, then the final
   * status. @returns the phase-1 HRESULT (WBEM_E_INVALID_PARAMETER, WBEM_E_SHUTTING_DOWN, ...).
   */
  getObjectAsync(
    path: string | null,
    flags: number,
    ctx: WbemContext,
    sink: IWbemObjectSink | null,
  ): number {
    return this.#async(sink, () => phase1GetObject(path, flags, 'async'), ctx);
  }

  /**
   * Mirrors `IWbemServices::GetObject` for any object path (class name or instance path).
   * @throws {WbemError} WBEM_E_NOT_FOUND, WBEM_E_INVALID_OBJECT_PATH, WBEM_E_INVALID_PARAMETER.
   */
  async getObject(
    path: string | null,
    flags = 0,
    ctx: WbemContext = null,
  ): Promise<CimClass | CimInstance> {
    const { objects } = await this.#promise(() => phase1GetObject(path, flags, 'sync'), ctx);
    return objects[0] as CimClass | CimInstance;
  }

  /**
   * Mirrors `IWbemServices::DeleteClass`: the class, its subclasses and their instances.
   * @throws {WbemError} WBEM_E_NOT_FOUND, WBEM_E_INVALID_OPERATION (system class), WBEM_E_INVALID_PARAMETER.
   */
  async deleteClass(name: string, flags = 0, ctx: WbemContext = null): Promise<void> {
    await this.#promise(() => phase1DeleteClass(name, flags, 'sync'), ctx);
  }

  /** Mirrors `IWbemServices::DeleteClassAsync`. @returns the phase-1 HRESULT. */
  deleteClassAsync(
    name: string | null,
    flags: number,
    ctx: WbemContext,
    sink: IWbemObjectSink | null,
  ): number {
    return this.#async(sink, () => phase1DeleteClass(name, flags, 'async'), ctx);
  }

  /**
   * Mirrors `IWbemServices::CreateClassEnum` (`WBEM_FLAG_DEEP` / `WBEM_FLAG_SHALLOW`).
   * @throws {WbemError} WBEM_E_INVALID_CLASS (unknown superclass), WBEM_E_INVALID_PARAMETER.
   */
  async createClassEnum(
    superclass: string | null,
    flags = 0,
    ctx: WbemContext = null,
  ): Promise<CimClass[]> {
    const phase1 = () => phase1CreateClassEnum(superclass, flags, 'sync');
    return (await this.#promise(phase1, ctx)).objects as CimClass[];
  }

  /** Mirrors `IWbemServices::CreateClassEnumAsync`: `indicate` batches, then the final status. */
  createClassEnumAsync(
    superclass: string | null,
    flags: number,
    ctx: WbemContext,
    sink: IWbemObjectSink | null,
  ): number {
    return this.#async(sink, () => phase1CreateClassEnum(superclass, flags, 'async'), ctx);
  }

  /**
   * The names of the classes `createClassEnum` returns for the same arguments, in its order
   * (below a superclass, parents before children) and spelled as stored, without reading the
   * classes: DSP0200's `EnumerateClassNames`, which WMI has no call for. Same flags, same
   * rights, same errors.
   * @throws {WbemError} WBEM_E_INVALID_CLASS (unknown superclass), WBEM_E_INVALID_PARAMETER,
   * WBEM_E_ACCESS_DENIED.
   */
  async enumerateClassNames(
    superclass: string | null,
    flags = 0,
    ctx: WbemContext = null,
  ): Promise<string[]> {
    const phase1 = () => phase1EnumerateClassNames(superclass, flags, 'sync');
    return classNamesOf((await this.#promise(phase1, ctx)).param);
  }

  /**
   * Mirrors `IWbemServices::PutInstance`; resolves with the instance's path. A `__NAMESPACE`
   * instance creates the child namespace it names, as `WbemEngine.createNamespace` does, with
   * this connection's rights (`WBEM_FULL_WRITE_REP` here); an existing child put again without
   * `WBEM_FLAG_CREATE_ONLY` is left as it is.
   * @throws {WbemError} WBEM_E_ALREADY_EXISTS, WBEM_E_NOT_FOUND, WBEM_E_INVALID_CLASS, WBEM_E_INVALID_OBJECT, WBEM_E_INVALID_PARAMETER, WBEM_E_ACCESS_DENIED.
   */
  async putInstance(
    instance: CimInstance | null,
    flags = 0,
    ctx: WbemContext = null,
  ): Promise<string> {
    const { param } = await this.#promise(() => phase1PutInstance(instance, flags, 'sync'), ctx);
    return param ?? '';
  }

  /** Mirrors `IWbemServices::PutInstanceAsync`: the final status carries the path as `param`. */
  putInstanceAsync(
    instance: CimInstance | null,
    flags: number,
    ctx: WbemContext,
    sink: IWbemObjectSink | null,
  ): number {
    return this.#async(sink, () => phase1PutInstance(instance, flags, 'async'), ctx);
  }

  /**
   * Mirrors `IWbemServices::GetObject` for an instance path (`Foo.Id="x"`, `Foo=@`).
   * @throws {WbemError} WBEM_E_NOT_FOUND, WBEM_E_INVALID_OBJECT_PATH, WBEM_E_INVALID_PARAMETER.
   */
  async getInstance(path: string, flags = 0, ctx: WbemContext = null): Promise<CimInstance> {
    const { objects } = await this.#promise(() => phase1GetInstance(path, flags, 'sync'), ctx);
    return objects[0] as CimInstance;
  }

  /**
   * Mirrors `IWbemServices::DeleteInstance`. `__NAMESPACE.Name="x"` deletes child namespace `x`
   * and everything below it, with this connection's rights (`WBEM_FULL_WRITE_REP` here).
   * @throws {WbemError} WBEM_E_NOT_FOUND, WBEM_E_INVALID_OBJECT_PATH, WBEM_E_INVALID_PARAMETER, WBEM_E_ACCESS_DENIED.
   */
  async deleteInstance(path: string, flags = 0, ctx: WbemContext = null): Promise<void> {
    await this.#promise(() => phase1DeleteInstance(path, flags, 'sync'), ctx);
  }

  /** Mirrors `IWbemServices::DeleteInstanceAsync`. @returns the phase-1 HRESULT. */
  deleteInstanceAsync(
    path: string | null,
    flags: number,
    ctx: WbemContext,
    sink: IWbemObjectSink | null,
  ): number {
    return this.#async(sink, () => phase1DeleteInstance(path, flags, 'async'), ctx);
  }

  /**
   * Mirrors `IWbemServices::CreateInstanceEnum` (deep by default).
   * @throws {WbemError} WBEM_E_INVALID_CLASS, WBEM_E_INVALID_PARAMETER.
   */
  async createInstanceEnum(
    className: string,
    flags = 0,
    ctx: WbemContext = null,
  ): Promise<CimInstance[]> {
    const phase1 = () => phase1CreateInstanceEnum(className, flags, 'sync');
    return (await this.#promise(phase1, ctx)).objects as CimInstance[];
  }

  /** Mirrors `IWbemServices::CreateInstanceEnumAsync`. @returns the phase-1 HRESULT. */
  createInstanceEnumAsync(
    className: string | null,
    flags: number,
    ctx: WbemContext,
    sink: IWbemObjectSink | null,
  ): number {
    return this.#async(sink, () => phase1CreateInstanceEnum(className, flags, 'async'), ctx);
  }

  /**
   * Mirrors `IWbemServices::ExecQuery` with WQL: data (`SELECT ... FROM Class [WHERE ...]`),
   * schema (`FROM meta_class`) and `ASSOCIATORS OF` / `REFERENCES OF` queries; resolves with every
   * result. Flags: `WBEM_FLAG_PROTOTYPE`, `WBEM_FLAG_USE_AMENDED_QUALIFIERS`,
   * `WBEM_FLAG_ENSURE_LOCATABLE`, `WBEM_FLAG_FORWARD_ONLY`, `WBEM_FLAG_RETURN_IMMEDIATELY`.
   * @throws {WbemError} WBEM_E_INVALID_QUERY (with the column), WBEM_E_NOT_SUPPORTED,
   * WBEM_E_INVALID_CLASS, WBEM_E_NOT_FOUND, WBEM_E_INVALID_PARAMETER, WBEM_E_ACCESS_DENIED.
   */
  async execQuery(wql: string, flags = 0, ctx: WbemContext = null): Promise<CimObject[]> {
    const { objects } = await this.#promise(() => phase1ExecQuery('WQL', wql, flags, 'sync'), ctx);
    return objects as CimObject[];
  }

  /**
   * Mirrors `IWbemServices::ExecQueryAsync`: the results reach the sink in `Indicate` slices
   * while the namespace's actor evaluates, then the final status.
   * @returns the phase-1 HRESULT: WBEM_E_INVALID_QUERY_TYPE (language other than WQL),
   * WBEM_E_INVALID_QUERY (syntax), WBEM_E_INVALID_PARAMETER (null sink or query, flags), ...
   */
  execQueryAsync(
    language: string | null,
    wql: string | null,
    flags: number,
    ctx: WbemContext,
    sink: IWbemObjectSink | null,
  ): number {
    return this.#async(sink, () => phase1ExecQuery(language, wql, flags, 'async'), ctx);
  }

  /**
   * ExecQueryAsync as a cold Observable of result objects; unsubscribing early cancels the query.
   * @throws {WbemError} (as the error notification) any HRESULT of `execQueryAsync` or of the query.
   */
  execQuery$(wql: string, flags = 0, ctx: WbemContext = null): Observable<CimObject> {
    const cancel = (sink: IWbemObjectSink) => this.#core.cancel(sink);
    const phase1 = () => phase1ExecQuery('WQL', wql, flags, 'async');
    return rxForm(this.#start(ctx), cancel, phase1).pipe(objectsOf());
  }

  /**
   * Mirrors `IWbemServices::ExecNotificationQueryAsync`: each matching event of this namespace
   * (and `__Namespace*Event` of its children) is one `Indicate` of its WMI event object, while
   * the principal holds `WBEM_ENABLE` here, until `cancelAsyncCall(sink)` (final status
   * WBEM_E_CALL_CANCELLED, after what was queued) or shutdown (WBEM_E_SHUTTING_DOWN). A class
   * name the namespace lacks ends the call with WBEM_E_INVALID_CLASS on the sink.
   * @returns the phase-1 HRESULT: WBEM_E_INVALID_QUERY_TYPE, WBEM_E_INVALID_QUERY,
   * WBEM_E_NOT_SUPPORTED, WBEM_E_INVALID_CLASS (FROM names no event class),
   * WBEM_E_INVALID_PARAMETER, WBEM_E_ACCESS_DENIED, WBEM_E_SHUTTING_DOWN.
   */
  execNotificationQueryAsync(
    language: string | null,
    wql: string | null,
    flags: number,
    ctx: WbemContext,
    sink: IWbemObjectSink | null,
  ): number {
    if (!isObjectSink(sink)) return WBEM_E_INVALID_PARAMETER;
    const target = new SinkTarget(sink);
    try {
      const prepared = phase1NotificationQuery(language, wql, flags, 'async');
      const refused = (error: WbemError) => target.finish(error.hresult, error.message);
      target.subscription = openNotificationQuery(
        this.#core,
        this,
        prepared,
        ctx,
        target,
        refused,
        this.#rights(),
        sink,
      );
    } catch (thrown) {
      return toWbemError(thrown).hresult;
    }
    return WBEM_S_NO_ERROR;
  }

  /**
   * ExecNotificationQuery as a hot Observable, open until unsubscribed: the matching events
   * (`WbemEvent`, with the raising call's context) or, with `GROUP WITHIN`, `__AggregateEvent`s.
   * A slow subscriber is paced on its own bounded queue (`__EventQueueOverflowEvent` tells what
   * it lost); call `engine.flushEvents()` before unsubscribing to receive what is queued.
   * Completes when the engine shuts down.
   * @throws {WbemError} (as the error notification) any HRESULT of `execNotificationQueryAsync`.
   */
  execNotificationQuery$(wql: string, ctx: WbemContext = null): Observable<Notification> {
    return new Observable<Notification>((subscriber) => {
      try {
        const prepared = phase1NotificationQuery('WQL', wql, 0, 'rx');
        const refused = (error: WbemError) => subscriber.error(error);
        const subscription = openNotificationQuery(
          this.#core,
          this,
          prepared,
          ctx,
          subscriber,
          refused,
          this.#rights(),
        );
        return () => subscription.close();
      } catch (thrown) {
        subscriber.error(toWbemError(thrown));
        return undefined;
      }
    });
  }

  /**
   * Declares a qualifier type in the namespace (MOF `Qualifier` statement; WMI has no
   * `IWbemServices` method for it).
   * @throws {WbemError} WBEM_E_INVALID_PARAMETER, WBEM_E_INVALID_QUALIFIER_TYPE, WBEM_E_INVALID_FLAVOR,
   * WBEM_E_ACCESS_DENIED without `WBEM_FULL_WRITE_REP`.
   */
  async putQualifierDeclaration(declaration: QualifierDeclaration, flags = 0): Promise<void> {
    await this.#promise(() => phase1PutQualifierDeclaration(declaration, flags));
  }

  /**
   * One qualifier declaration, by name in any case (CIM `GetQualifier`).
   * @throws {WbemError} WBEM_E_NOT_FOUND when none is declared under that name,
   * WBEM_E_INVALID_PARAMETER for a null, empty or malformed name,
   * WBEM_E_QUALIFIER_NAME_TOO_WIDE, WBEM_E_ACCESS_DENIED without `WBEM_ENABLE`.
   */
  async getQualifierDeclaration(
    name: string,
    ctx: WbemContext = null,
  ): Promise<QualifierDeclaration> {
    const { objects } = await this.#promise(() => phase1GetQualifierDeclaration(name), ctx);
    return objects[0] as unknown as QualifierDeclaration;
  }

  /**
   * Removes a qualifier declaration, by name in any case (CIM `DeleteQualifier`); classes that
   * use the qualifier keep their values.
   * @throws {WbemError} WBEM_E_NOT_FOUND when none is declared under that name,
   * WBEM_E_INVALID_PARAMETER for a null, empty or malformed name,
   * WBEM_E_QUALIFIER_NAME_TOO_WIDE, WBEM_E_ACCESS_DENIED without `WBEM_FULL_WRITE_REP`.
   */
  async deleteQualifierDeclaration(name: string, ctx: WbemContext = null): Promise<void> {
    await this.#promise(() => phase1DeleteQualifierDeclaration(name), ctx);
  }

  /**
   * Every qualifier declaration of the namespace (CIM `EnumerateQualifiers`).
   * @throws {WbemError} WBEM_E_ACCESS_DENIED without `WBEM_ENABLE`.
   */
  async createQualifierDeclarationEnum(ctx: WbemContext = null): Promise<QualifierDeclaration[]> {
    const { objects } = await this.#promise(() => phase1CreateQualifierDeclarationEnum(), ctx);
    return objects as unknown as QualifierDeclaration[];
  }

  /**
   * Mirrors `IWbemServices::CancelAsyncCall` (spec §3.6): every pending call of `sink` gets one
   * final `WBEM_E_CALL_CANCELLED`. Best effort: a write may already be committed.
   * @returns WBEM_S_NO_ERROR; WBEM_E_INVALID_PARAMETER for null; WBEM_E_NOT_FOUND when no call of
   * this sink is pending.
   */
  cancelAsyncCall(sink: IWbemObjectSink | null): number {
    const subscriptions = isObjectSink(sink) ? this.#core.streams.notifications.ownedBy(sink) : [];
    for (const subscription of subscriptions) {
      const target = subscription.target;
      if (target instanceof SinkTarget) target.reason = WBEM_E_CALL_CANCELLED;
      subscription.end();
    }
    const calls = this.#namespaces.cancel(sink, (s) =>
      this.#amended.cancel(s, (t) => this.#core.cancel(t)),
    );
    return subscriptions.length > 0 ? WBEM_S_NO_ERROR : calls;
  }

  /**
   * `__SystemSecurity::GetSD`: the namespace's effective descriptor, its explicit entries first,
   * then those it inherits (marked `inherited`).
   * @throws {WbemError} WBEM_E_ACCESS_DENIED without `WBEM_ENABLE` and `READ_CONTROL` (or
   * `WBEM_REMOTE_ACCESS` when remote).
   */
  async getSecurityDescriptor(): Promise<SecurityDescriptor> {
    return readDescriptor(this.#core, this);
  }

  /**
   * `__SystemSecurity::SetSD`: replaces the namespace's explicit descriptor (entries marked
   * `inherited` are ignored). Durable when the promise resolves; in force for every connection,
   * and inherited by the child namespaces, from then on.
   * @throws {WbemError} WBEM_E_ACCESS_DENIED without `WBEM_ENABLE` and `WRITE_DAC` (or
   * `WBEM_REMOTE_ACCESS` when remote); WBEM_E_INVALID_PARAMETER for a malformed descriptor.
   */
  setSecurityDescriptor(sd: SecurityDescriptor): Promise<void> {
    return writeDescriptor(this.#core, this, sd);
  }

  /**
   * Registers a class provider for classes of this namespace (a `__Win32Provider` write, so it
   * needs `WBEM_FULL_WRITE_REP`). Persisted with the namespace; the module is loaded on the
   * namespace's host at the first call that needs it.
   * @throws {WbemError} WBEM_E_INVALID_PROVIDER_REGISTRATION (malformed, or another namespace);
   * WBEM_E_PROVIDER_ALREADY_REGISTERED; WBEM_E_ACCESS_DENIED.
   */
  async registerProvider(
    registration: ProviderRegistrationInput,
    ctx: WbemContext = null,
  ): Promise<void> {
    await this.#promise(() => phase1RegisterProvider(this.namespace, registration), ctx);
  }

  /**
   * Removes a provider registration of this namespace and stops its sandbox.
   * @throws {WbemError} WBEM_E_PROVIDER_NOT_REGISTERED; WBEM_E_INVALID_OPERATION for one given by
   * the engine options; WBEM_E_ACCESS_DENIED without `WBEM_FULL_WRITE_REP`.
   */
  async unregisterProvider(name: string, ctx: WbemContext = null): Promise<void> {
    await this.#promise(() => phase1UnregisterProvider(name), ctx);
  }
}
