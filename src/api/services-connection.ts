/**
 * @module The connection half of `WbemServices`: who calls, on which namespace, and the one path
 * every operation takes into the engine. Phase 1 of each call ends here with the access check,
 * so the operation files above it only say how a call is prepared and how its outcome is heard.
 * It also holds the calls about the connection itself: cancelling a sink's calls and the
 * namespace security descriptor.
 */
import type { Observable } from 'rxjs';
import { validateContext } from '../model/validate-context.js';
import type { WbemContext as ContextValue } from '../model/wbem-context.js';
import { checkConnect } from '../security/access-checks.js';
import type { SecurityDescriptor } from '../security/security-descriptor.js';
import { completeOnStatus, sinkEvents } from '../sink/call-stream.js';
import type { IWbemObjectSink, SinkEvent } from '../sink/object-sink.js';
import { WBEM_INFINITE } from '../wbem/flags.js';
import { WBEM_S_NO_ERROR } from '../wbem/status.js';
import { WbemCallResult } from './call-result.js';
import type { CallResult, EngineCore } from './engine-core.js';
import { readDescriptor, writeDescriptor } from './namespace-admin.js';
import type { PreparedCall } from './prepare-call.js';
import type { SyncForm } from './sync-form.js';

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

/** What `PutClass` with a non-NULL `ppCallResult` gives back: its HRESULT and `*ppCallResult`. */
export interface CallResultReturn {
  readonly hr: number;
  /** `null` exactly when the call was refused before it started (phase 1). */
  readonly callResult: WbemCallResult | null;
}

/**
 * The base of `WbemServices`. The engine core stays in a true private field: the protected call
 * paths below all pass through `#authorised`, so a subclass (or a caller poking at the object at
 * run time) cannot reach the engine without the connection's access check.
 */
export class ServicesConnection {
  /** Normalised path of the namespace (`root/cimv2`). */
  readonly namespace: string;
  /** The principal every call of this connection runs as (`connectServer(ns, { user })`). */
  readonly principal: string;
  /** The connection was opened as from another machine: `WBEM_REMOTE_ACCESS` is needed too. */
  readonly remote: boolean;
  readonly #core: EngineCore;

  /** @internal Use `engine.connectServer`. */
  constructor(core: EngineCore, namespace: string, principal: string, remote = false) {
    this.#core = core;
    this.namespace = namespace;
    this.principal = principal;
    this.remote = remote;
  }

  /** The principal's rights on this namespace now (they follow descriptor changes). */
  #rights(): number {
    return this.#core.security.rightsOf(this.namespace, this.principal);
  }

  /**
   * Phase 1 after the operation's own argument and flag checks (spec §2.3): the context, then
   * `WBEM_ENABLE` (+ `WBEM_REMOTE_ACCESS` when remote, B96/B100); the request then carries the
   * principal, its rights and the context into the actor's turn.
   */
  #authorised(prepare: () => PreparedCall, ctx: unknown): () => PreparedCall {
    return () => {
      const prepared = prepare();
      const context = validateContext(ctx);
      const rights = this.#rights();
      const denied = checkConnect(rights, { remote: this.remote });
      if (denied !== undefined) throw denied;
      return { ...prepared, caller: { principal: this.principal, rights, context } };
    };
  }

  /** @internal An async form: the phase-1 HRESULT now, the outcome through `sink`. */
  protected startAsync(sink: unknown, prepare: () => PreparedCall, ctx: unknown): number {
    return (
      this.#core.start(this.namespace, sink, this.#authorised(prepare, ctx))?.hresult ??
      WBEM_S_NO_ERROR
    );
  }

  /** @internal A promise form: resolves with the call's objects, rejects with its `WbemError`. */
  protected invoke(prepare: () => PreparedCall, ctx: unknown = null): Promise<CallResult> {
    return this.#core.invoke(this.namespace, this.#authorised(prepare, ctx));
  }

  /** @internal An Rx form: the async form's sink events as a cold Observable. */
  protected observe(prepare: () => PreparedCall, ctx: unknown): Observable<SinkEvent> {
    return sinkEvents(
      (sink) => this.#core.start(this.namespace, sink, this.#authorised(prepare, ctx)),
      (sink) => this.#core.cancel(sink),
    ).pipe(completeOnStatus());
  }

  /**
   * @internal The sync and semisync forms: the call takes the async path with a call result as
   * its sink; a semisync call answers at once, a sync one once the call result is complete
   * (decision A5).
   */
  protected async withCallResult(form: SyncForm, ctx: unknown): Promise<CallResultReturn> {
    const { callResult, sink } = WbemCallResult.open(form.operation, form.yields);
    const refused = this.#core.start(this.namespace, sink, this.#authorised(form.prepare, ctx));
    if (refused !== undefined) return { hr: refused.hresult, callResult: null };
    if (form.returnImmediately) return { hr: WBEM_S_NO_ERROR, callResult };
    const { hr, status = hr } = await callResult.getCallStatus(WBEM_INFINITE);
    return { hr: status, callResult };
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
}
