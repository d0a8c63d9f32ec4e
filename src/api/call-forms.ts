/**
 * @module The forms of a call, as one small adapter over one stream of `SinkEvent`s: async with the
 * caller's sink, promise, Rx (`...$`), and sync/semisync with a call result. Every form starts
 * the same prepared call by the same `StartCall` (a connection's route, or `EngineCore.start`);
 * they differ only in how the outcome is heard, so they cannot disagree about it.
 */
import type { Observable } from 'rxjs';
import type { CimObject } from '../model/cim-value.js';
import { completeOnStatus, sinkEvents } from '../sink/call-stream.js';
import type { IWbemObjectSink, SinkEvent } from '../sink/object-sink.js';
import { statusError } from '../sink/status-error.js';
import { WBEM_INFINITE, WBEM_STATUS_PROGRESS } from '../wbem/flags.js';
import { succeeded, WBEM_S_NO_ERROR } from '../wbem/status.js';
import type { WbemError } from '../wbem/wbem-error.js';
import { type CallResultYields, WbemCallResult } from './call-result.js';
import type { PreparedCall } from './phase1/prepared-call.js';

/** What a call produced, for the promise forms. */
export interface CallResult {
  readonly objects: readonly CimObject[];
  readonly param: string | null;
}

/** What `PutClass` with a non-NULL `ppCallResult` gives back: its HRESULT and `*ppCallResult`. */
export interface CallResultReturn {
  readonly hr: number;
  /** `null` exactly when the call was refused before it started (phase 1). */
  readonly callResult: WbemCallResult | null;
}

/**
 * Phase 1 then dispatch, on some sink: the refusal (the call's synchronous HRESULT), or undefined
 * when the sink will get exactly one final status.
 */
export type StartCall = (sink: unknown, phase1: () => PreparedCall) => WbemError | undefined;

/** Async form: the phase-1 HRESULT now, the outcome through the caller's `sink`. */
export function asyncForm(start: StartCall, sink: unknown, phase1: () => PreparedCall): number {
  return start(sink, phase1)?.hresult ?? WBEM_S_NO_ERROR;
}

/**
 * The promise form's sink, the one form that implements the sink itself rather than listen to
 * `eventSink`'s events: it is on the path of every awaited call, and a class with its state in
 * fields costs one object per call where the event stream costs a listener, two closures and an
 * event per callback. It answers as that stream would: progress ignored, any other status final.
 */
class PromiseSink implements IWbemObjectSink {
  readonly #resolve: (result: CallResult) => void;
  readonly #reject: (error: WbemError) => void;
  #objects: CimObject[] | undefined;

  constructor(resolve: (result: CallResult) => void, reject: (error: WbemError) => void) {
    this.#resolve = resolve;
    this.#reject = reject;
  }

  indicate(objects: readonly CimObject[]): void {
    this.#objects ??= [];
    for (const o of objects) this.#objects.push(o);
  }

  setStatus(flags: number, hResult: number, param: string | null, object: CimObject | null): void {
    if (flags === WBEM_STATUS_PROGRESS) return;
    // A new list each time: callers own what they are given.
    if (succeeded(hResult)) this.#resolve({ objects: this.#objects ?? [], param });
    else this.#reject(statusError(hResult, object));
  }
}

/** Promise form: resolves with the call's objects and `strParam`, rejects with its `WbemError`. */
export function promiseForm(start: StartCall, phase1: () => PreparedCall): Promise<CallResult> {
  return new Promise<CallResult>((resolve, reject) => {
    const refused = start(new PromiseSink(resolve, reject), phase1);
    if (refused !== undefined) reject(refused);
  });
}

/** Rx form: the async form's events as a cold Observable; unsubscribing early cancels. */
export function rxForm(
  start: StartCall,
  cancel: (sink: IWbemObjectSink) => void,
  phase1: () => PreparedCall,
): Observable<SinkEvent> {
  return sinkEvents((sink) => start(sink, phase1), cancel).pipe(completeOnStatus());
}

/**
 * Sync and semisync forms: the call takes the async path with a call result as its sink; a
 * semisync call (`WBEM_FLAG_RETURN_IMMEDIATELY`) answers at once, a sync one once the call
 * result is complete (decision A5). Never rejects: a phase-1 refusal is `{ hr, callResult: null }`.
 */
export async function callResultForm(
  start: StartCall,
  operation: string,
  yields: CallResultYields,
  phase1: () => PreparedCall,
): Promise<CallResultReturn> {
  const { callResult, sink } = WbemCallResult.open(operation, yields);
  let returnImmediately = false;
  const refused = start(sink, () => {
    const prepared = phase1();
    returnImmediately = prepared.returnImmediately === true;
    return prepared;
  });
  if (refused !== undefined) return { hr: refused.hresult, callResult: null };
  if (returnImmediately) return { hr: WBEM_S_NO_ERROR, callResult };
  const { hr, status = hr } = await callResult.getCallStatus(WBEM_INFINITE);
  return { hr: status, callResult };
}
