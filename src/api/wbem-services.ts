/**
 * @module `IWbemServices` for one namespace: WMI's method names and flag words, as a thin adapter.
 * Each method hands one prepared call (`prepare-call.ts`) to the engine's single call path; the
 * async, Rx and promise forms of an operation differ only in how they hear the outcome.
 */
import type { Observable } from 'rxjs';
import type { CimClass } from '../model/cim-class.js';
import type { CimInstance } from '../model/cim-instance.js';
import type { QualifierDeclaration } from '../model/qualifier-declaration.js';
import { completeOnStatus, sinkEvents } from '../sink/call-stream.js';
import type { IWbemObjectSink, SinkEvent } from '../sink/object-sink.js';
import { WBEM_S_NO_ERROR } from '../wbem/status.js';
import type { CallResult, EngineCore } from './engine-core.js';
import {
  type PreparedCall,
  prepareCreateClassEnum,
  prepareCreateInstanceEnum,
  prepareDeleteClass,
  prepareDeleteInstance,
  prepareGetClass,
  prepareGetInstance,
  prepareGetObject,
  preparePutClass,
  preparePutInstance,
  preparePutQualifierDeclaration,
} from './prepare-call.js';

/** `IWbemContext`: accepted and ignored (spec §7: no context values are defined for these calls). */
export type WbemContext = ReadonlyMap<string, unknown> | null;

export class WbemServices {
  /** Normalised path of the namespace (`root/cimv2`). */
  readonly namespace: string;
  /** The user given to `connectServer` (recorded; no access checks yet). */
  readonly user: string | null;
  readonly #core: EngineCore;

  /** @internal Use `engine.connectServer`. */
  constructor(core: EngineCore, namespace: string, user: string | null) {
    this.#core = core;
    this.namespace = namespace;
    this.user = user;
  }

  #async(sink: unknown, prepare: () => PreparedCall): number {
    return this.#core.start(this.namespace, sink, prepare)?.hresult ?? WBEM_S_NO_ERROR;
  }

  #invoke(prepare: () => PreparedCall): Promise<CallResult> {
    return this.#core.invoke(this.namespace, prepare);
  }

  #putClassCall(cls: unknown, flags: number, variant: 'async' | 'sync'): () => PreparedCall {
    return () => preparePutClass(cls, flags, variant);
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
    _ctx: WbemContext,
    sink: IWbemObjectSink | null,
  ): number {
    return this.#async(sink, this.#putClassCall(cls, flags, 'async'));
  }

  /**
   * PutClassAsync as a cold Observable of sink events: progress (with `WBEM_FLAG_SEND_STATUS`),
   * then the final status, then complete; a failure errors with `WbemError` (its `.hresult`).
   * Unsubscribing before the end cancels like `CancelAsyncCall` (best effort).
   * @throws {WbemError} (as the error notification) any HRESULT of `putClassAsync` or of the sink.
   */
  putClass$(cls: CimClass | null, flags = 0, _ctx: WbemContext = null): Observable<SinkEvent> {
    return sinkEvents(
      (sink) => this.#core.start(this.namespace, sink, this.#putClassCall(cls, flags, 'async')),
      (sink) => this.#core.cancel(sink),
    ).pipe(completeOnStatus());
  }

  /**
   * Mirrors `IWbemServices::PutClass` (synchronous flag table).
   * @throws {WbemError} WBEM_E_INVALID_PARAMETER, WBEM_E_ALREADY_EXISTS, WBEM_E_NOT_FOUND,
   * WBEM_E_INVALID_CLASS, WBEM_E_CLASS_HAS_CHILDREN, ... (spec §2.1), WBEM_E_SHUTTING_DOWN,
   * WBEM_E_SERVER_TOO_BUSY, WBEM_E_TRANSPORT_FAILURE.
   */
  async putClass(cls: CimClass | null, flags = 0, _ctx: WbemContext = null): Promise<void> {
    await this.#invoke(this.#putClassCall(cls, flags, 'sync'));
  }

  /**
   * Mirrors `IWbemServices::GetObject` for a class: the resolved class with system properties;
   * `null` gives an empty class.
   * @throws {WbemError} WBEM_E_NOT_FOUND, WBEM_E_INVALID_PARAMETER.
   */
  async getClass(name: string | null, flags = 0): Promise<CimClass> {
    const { objects } = await this.#invoke(() => prepareGetClass(name, flags, 'sync'));
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
    _ctx: WbemContext,
    sink: IWbemObjectSink | null,
  ): number {
    return this.#async(sink, () => prepareGetObject(path, flags, 'async'));
  }

  /**
   * Mirrors `IWbemServices::GetObject` for any object path (class name or instance path).
   * @throws {WbemError} WBEM_E_NOT_FOUND, WBEM_E_INVALID_OBJECT_PATH, WBEM_E_INVALID_PARAMETER.
   */
  async getObject(path: string | null, flags = 0): Promise<CimClass | CimInstance> {
    const { objects } = await this.#invoke(() => prepareGetObject(path, flags, 'sync'));
    return objects[0] as CimClass | CimInstance;
  }

  /**
   * Mirrors `IWbemServices::DeleteClass`: the class, its subclasses and their instances.
   * @throws {WbemError} WBEM_E_NOT_FOUND, WBEM_E_INVALID_OPERATION (system class), WBEM_E_INVALID_PARAMETER.
   */
  async deleteClass(name: string, flags = 0): Promise<void> {
    await this.#invoke(() => prepareDeleteClass(name, flags, 'sync'));
  }

  /** Mirrors `IWbemServices::DeleteClassAsync`. @returns the phase-1 HRESULT. */
  deleteClassAsync(
    name: string | null,
    flags: number,
    _ctx: WbemContext,
    sink: IWbemObjectSink | null,
  ): number {
    return this.#async(sink, () => prepareDeleteClass(name, flags, 'async'));
  }

  /**
   * Mirrors `IWbemServices::CreateClassEnum` (`WBEM_FLAG_DEEP` / `WBEM_FLAG_SHALLOW`).
   * @throws {WbemError} WBEM_E_INVALID_CLASS (unknown superclass), WBEM_E_INVALID_PARAMETER.
   */
  async createClassEnum(superclass: string | null, flags = 0): Promise<CimClass[]> {
    const { objects } = await this.#invoke(() => prepareCreateClassEnum(superclass, flags, 'sync'));
    return objects as CimClass[];
  }

  /** Mirrors `IWbemServices::CreateClassEnumAsync`: `indicate` batches, then the final status. */
  createClassEnumAsync(
    superclass: string | null,
    flags: number,
    _ctx: WbemContext,
    sink: IWbemObjectSink | null,
  ): number {
    return this.#async(sink, () => prepareCreateClassEnum(superclass, flags, 'async'));
  }

  /**
   * Mirrors `IWbemServices::PutInstance`; resolves with the instance's path.
   * @throws {WbemError} WBEM_E_ALREADY_EXISTS, WBEM_E_NOT_FOUND, WBEM_E_INVALID_CLASS, WBEM_E_INVALID_OBJECT, WBEM_E_INVALID_PARAMETER.
   */
  async putInstance(
    instance: CimInstance | null,
    flags = 0,
    _ctx: WbemContext = null,
  ): Promise<string> {
    const { param } = await this.#invoke(() => preparePutInstance(instance, flags, 'sync'));
    return param ?? '';
  }

  /** Mirrors `IWbemServices::PutInstanceAsync`: the final status carries the path as `param`. */
  putInstanceAsync(
    instance: CimInstance | null,
    flags: number,
    _ctx: WbemContext,
    sink: IWbemObjectSink | null,
  ): number {
    return this.#async(sink, () => preparePutInstance(instance, flags, 'async'));
  }

  /**
   * Mirrors `IWbemServices::GetObject` for an instance path (`Foo.Id="x"`, `Foo=@`).
   * @throws {WbemError} WBEM_E_NOT_FOUND, WBEM_E_INVALID_OBJECT_PATH, WBEM_E_INVALID_PARAMETER.
   */
  async getInstance(path: string, flags = 0): Promise<CimInstance> {
    const { objects } = await this.#invoke(() => prepareGetInstance(path, flags, 'sync'));
    return objects[0] as CimInstance;
  }

  /**
   * Mirrors `IWbemServices::DeleteInstance`.
   * @throws {WbemError} WBEM_E_NOT_FOUND, WBEM_E_INVALID_OBJECT_PATH, WBEM_E_INVALID_PARAMETER.
   */
  async deleteInstance(path: string, flags = 0): Promise<void> {
    await this.#invoke(() => prepareDeleteInstance(path, flags, 'sync'));
  }

  /** Mirrors `IWbemServices::DeleteInstanceAsync`. @returns the phase-1 HRESULT. */
  deleteInstanceAsync(
    path: string | null,
    flags: number,
    _ctx: WbemContext,
    sink: IWbemObjectSink | null,
  ): number {
    return this.#async(sink, () => prepareDeleteInstance(path, flags, 'async'));
  }

  /**
   * Mirrors `IWbemServices::CreateInstanceEnum` (deep by default).
   * @throws {WbemError} WBEM_E_INVALID_CLASS, WBEM_E_INVALID_PARAMETER.
   */
  async createInstanceEnum(className: string, flags = 0): Promise<CimInstance[]> {
    const { objects } = await this.#invoke(() =>
      prepareCreateInstanceEnum(className, flags, 'sync'),
    );
    return objects as CimInstance[];
  }

  /** Mirrors `IWbemServices::CreateInstanceEnumAsync`. @returns the phase-1 HRESULT. */
  createInstanceEnumAsync(
    className: string | null,
    flags: number,
    _ctx: WbemContext,
    sink: IWbemObjectSink | null,
  ): number {
    return this.#async(sink, () => prepareCreateInstanceEnum(className, flags, 'async'));
  }

  /**
   * Declares a qualifier type in the namespace (MOF `Qualifier` statement; WMI has no
   * `IWbemServices` method for it).
   * @throws {WbemError} WBEM_E_INVALID_PARAMETER, WBEM_E_INVALID_QUALIFIER_TYPE, WBEM_E_INVALID_FLAVOR.
   */
  async putQualifierDeclaration(declaration: QualifierDeclaration, flags = 0): Promise<void> {
    await this.#invoke(() => preparePutQualifierDeclaration(declaration, flags));
  }

  /**
   * Mirrors `IWbemServices::CancelAsyncCall` (spec §3.6): every pending call of `sink` gets one
   * final `WBEM_E_CALL_CANCELLED`. Best effort: a write may already be committed.
   * @returns WBEM_S_NO_ERROR; WBEM_E_INVALID_PARAMETER for null; WBEM_E_NOT_FOUND when no call of
   * this sink is pending.
   */
  cancelAsyncCall(sink: IWbemObjectSink | null): number {
    return this.#core.cancel(sink);
  }
}
