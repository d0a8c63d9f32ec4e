/**
 * @module `PutClass` in each of its forms: async with a sink, Rx, promise, semisynchronous and
 * synchronous with a call result. They share one phase 1 (`preparePutClass`) and differ only in
 * how the caller hears the outcome.
 */
import type { Observable } from 'rxjs';
import type { CimClass } from '../model/cim-class.js';
import type { IWbemObjectSink, SinkEvent } from '../sink/object-sink.js';
import { type PreparedCall, preparePutClass } from './prepare-call.js';
import {
  type CallResultReturn,
  ServicesConnection,
  type WbemContext,
} from './services-connection.js';
import { putClassSyncForm } from './sync-form.js';

/** The `PutClass` part of `WbemServices`. */
export class PutClassForms extends ServicesConnection {
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
    ctx: WbemContext,
    sink: IWbemObjectSink | null,
  ): number {
    return this.startAsync(sink, this.#putClassCall(cls, flags, 'async'), ctx);
  }

  /**
   * PutClassAsync as a cold Observable of sink events: progress (with `WBEM_FLAG_SEND_STATUS`),
   * then the final status, then complete; a failure errors with `WbemError` (its `.hresult`).
   * Unsubscribing before the end cancels like `CancelAsyncCall` (best effort).
   * @throws {WbemError} (as the error notification) any HRESULT of `putClassAsync` or of the sink.
   */
  putClass$(cls: CimClass | null, flags = 0, ctx: WbemContext = null): Observable<SinkEvent> {
    return this.observe(this.#putClassCall(cls, flags, 'async'), ctx);
  }

  /**
   * Mirrors `IWbemServices::PutClass` (synchronous flag table).
   * @throws {WbemError} WBEM_E_INVALID_PARAMETER, WBEM_E_ALREADY_EXISTS, WBEM_E_NOT_FOUND,
   * WBEM_E_INVALID_CLASS, WBEM_E_CLASS_HAS_CHILDREN, ... (spec §2.1), WBEM_E_SHUTTING_DOWN,
   * WBEM_E_SERVER_TOO_BUSY, WBEM_E_TRANSPORT_FAILURE.
   */
  async putClass(cls: CimClass | null, flags = 0, ctx: WbemContext = null): Promise<void> {
    await this.invoke(this.#putClassCall(cls, flags, 'sync'), ctx);
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
    return this.withCallResult(putClassSyncForm(cls, flags, true), ctx);
  }

  /**
   * Mirrors `IWbemServices::PutClass` with `ppCallResult` NULL as C++ callers see it: resolves with
   * the HRESULT it returns, success or failure (`putClass` rejects instead). Never rejects.
   * @returns WBEM_S_NO_ERROR or the failure: WBEM_E_INVALID_PARAMETER (null class, bad flags,
   * WBEM_FLAG_SEND_STATUS, WBEM_FLAG_RETURN_IMMEDIATELY with no call result), WBEM_E_ALREADY_EXISTS,
   * WBEM_E_NOT_FOUND, WBEM_E_INVALID_CLASS, ... (spec §2.1).
   */
  async putClassSync(cls: CimClass | null, flags = 0, ctx: WbemContext = null): Promise<number> {
    return (await this.withCallResult(putClassSyncForm(cls, flags, false), ctx)).hr;
  }
}
