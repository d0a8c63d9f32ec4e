/**
 * @module `IWbemCallResult`: the handle a semisynchronous call hands back (spec §3.5). It hears
 * the call's outcome as an ordinary sink on the engine's one call path, so the semisynchronous,
 * synchronous and asynchronous forms of an operation cannot disagree about the final HRESULT.
 */
import type { CimObject } from '../model/cim-value.js';
import { eventSink } from '../sink/event-sink.js';
import type { IWbemObjectSink } from '../sink/object-sink.js';
import { WBEM_INFINITE } from '../wbem/flags.js';
import {
  succeeded,
  WBEM_E_INVALID_OPERATION,
  WBEM_E_INVALID_PARAMETER,
  WBEM_S_NO_ERROR,
  WBEM_S_TIMEDOUT,
} from '../wbem/status.js';

/** `GetCallStatus`: `hr` is the method's own HRESULT; `status` (`lStatus`) the call's final one. */
export interface CallStatusReply {
  readonly hr: number;
  /** Present only when `hr` is `WBEM_S_NO_ERROR` (the call has finished). */
  readonly status?: number;
}

/** `GetResultString`: `value` (`pstrResultString`) is present only when `hr` is `WBEM_S_NO_ERROR`. */
export interface ResultStringReply {
  readonly hr: number;
  readonly value?: string;
}

/** `GetResultObject`: `object` (`ppResultObject`) is present only when `hr` is `WBEM_S_NO_ERROR`. */
export interface ResultObjectReply {
  readonly hr: number;
  readonly object?: CimObject;
}

/**
 * What an operation's call result can hand back besides its status (MS-WMI §3.1.4.5): a string
 * only for PutInstance (the new path), an object only for GetObject and ExecMethod.
 */
export interface CallResultYields {
  readonly resultString: boolean;
  readonly resultObject: boolean;
}

/** PutClass yields neither (spec §3.5): only `GetCallStatus` is meaningful. */
export const PUT_CLASS_YIELDS: CallResultYields = { resultString: false, resultObject: false };

/** What the final `SetStatus` (and any `Indicate` before it) delivered. */
interface Outcome {
  readonly hr: number;
  readonly param: string | null;
  readonly objects: readonly CimObject[];
}

/** setTimeout fires at once past this delay (a signed 32-bit count), so longer waits are unbounded. */
const MAX_TIMER_MS = 0x7fffffff;

/**
 * `lTimeout` as a wait: `'infinite'` for `WBEM_INFINITE` (also its signed spelling -1), else
 * milliseconds; undefined for anything that is not a 32-bit timeout.
 */
function waitOf(timeoutMs: unknown): number | 'infinite' | undefined {
  if (typeof timeoutMs !== 'number' || !Number.isInteger(timeoutMs)) return undefined;
  if (timeoutMs === -1 || timeoutMs === WBEM_INFINITE) return 'infinite';
  if (timeoutMs < 0 || timeoutMs > WBEM_INFINITE) return undefined;
  return timeoutMs > MAX_TIMER_MS ? 'infinite' : timeoutMs;
}

const BAD_TIMEOUT = { hr: WBEM_E_INVALID_PARAMETER } as const;

/**
 * Mirrors `IWbemCallResult`: the outcome of one call started with `WBEM_FLAG_RETURN_IMMEDIATELY`
 * (or a completed one, for the synchronous form with a call result, decision A5). Every method
 * waits at most `timeoutMs` (`WBEM_NO_WAIT` = 0 answers at once, `WBEM_INFINITE` waits until the
 * call ends) and answers with an HRESULT instead of throwing; a timeout that is not a 32-bit
 * integer is `WBEM_E_INVALID_PARAMETER`.
 *
 * @example
 * const { hr, callResult } = await svc.putClassSemisync(cls, WBEM_FLAG_RETURN_IMMEDIATELY);
 * if (hr === WBEM_S_NO_ERROR && callResult !== null) {
 *   const { status } = await callResult.getCallStatus(WBEM_INFINITE);
 * }
 */
export class WbemCallResult {
  /** The WMI method whose outcome this is (`PutClass`, ...). */
  readonly operation: string;
  readonly #yields: CallResultYields;
  readonly #done: Promise<Outcome>;
  #outcome: Outcome | undefined;
  #settle: (outcome: Outcome) => void = () => {};

  private constructor(operation: string, yields: CallResultYields) {
    this.operation = operation;
    this.#yields = yields;
    this.#done = new Promise((resolve) => {
      this.#settle = resolve;
    });
  }

  /**
   * @internal A call result and the sink that fills it; the sink goes to `EngineCore.start`,
   * whose registry guarantees it exactly one final status (spec §3.3), even on cancel or crash.
   */
  static open(
    operation: string,
    yields: CallResultYields,
  ): { readonly callResult: WbemCallResult; readonly sink: IWbemObjectSink } {
    const callResult = new WbemCallResult(operation, yields);
    const objects: CimObject[] = [];
    const sink = eventSink((event) => {
      if (event.kind === 'indicate') {
        for (const o of event.objects) objects.push(o);
      } else if (event.kind === 'status' && callResult.#outcome === undefined) {
        callResult.#outcome = { hr: event.hResult >>> 0, param: event.param, objects };
        callResult.#settle(callResult.#outcome);
      }
    });
    return { callResult, sink };
  }

  /**
   * Mirrors `IWbemCallResult::GetCallStatus(lTimeout, &lStatus)`.
   * @returns `{ hr: WBEM_S_NO_ERROR, status }` once the call has finished (`status` is its final
   * HRESULT, success or failure); `{ hr: WBEM_S_TIMEDOUT }` while it has not after `timeoutMs`;
   * `{ hr: WBEM_E_INVALID_PARAMETER }` for a bad timeout.
   */
  async getCallStatus(timeoutMs: number): Promise<CallStatusReply> {
    const wait = waitOf(timeoutMs);
    if (wait === undefined) return BAD_TIMEOUT;
    const outcome = await this.#wait(wait);
    return outcome === undefined
      ? { hr: WBEM_S_TIMEDOUT }
      : { hr: WBEM_S_NO_ERROR, status: outcome.hr };
  }

  /**
   * Mirrors `IWbemCallResult::GetResultString`. An operation that never yields a string (PutClass)
   * answers `WBEM_E_INVALID_OPERATION` without waiting, whatever its state: asking is a misuse of
   * the call result, not a question about the outcome (spec §3.5, B80).
   * @returns `{ hr: WBEM_S_NO_ERROR, value }`; WBEM_S_TIMEDOUT; the call's own failure HRESULT;
   * WBEM_E_INVALID_OPERATION (no string); WBEM_E_INVALID_PARAMETER (bad timeout).
   */
  async getResultString(timeoutMs: number): Promise<ResultStringReply> {
    const wait = waitOf(timeoutMs);
    if (wait === undefined) return BAD_TIMEOUT;
    if (!this.#yields.resultString) return { hr: WBEM_E_INVALID_OPERATION };
    const outcome = await this.#wait(wait);
    if (outcome === undefined) return { hr: WBEM_S_TIMEDOUT };
    if (!succeeded(outcome.hr)) return { hr: outcome.hr };
    return outcome.param === null
      ? { hr: WBEM_E_INVALID_OPERATION }
      : { hr: WBEM_S_NO_ERROR, value: outcome.param };
  }

  /**
   * Mirrors `IWbemCallResult::GetResultObject`; like `getResultString`, an operation that never
   * yields an object (PutClass) answers `WBEM_E_INVALID_OPERATION` at once (spec §3.5, inferred).
   * @returns `{ hr: WBEM_S_NO_ERROR, object }`; WBEM_S_TIMEDOUT; the call's own failure HRESULT;
   * WBEM_E_INVALID_OPERATION (no object); WBEM_E_INVALID_PARAMETER (bad timeout).
   */
  async getResultObject(timeoutMs: number): Promise<ResultObjectReply> {
    const wait = waitOf(timeoutMs);
    if (wait === undefined) return BAD_TIMEOUT;
    if (!this.#yields.resultObject) return { hr: WBEM_E_INVALID_OPERATION };
    const outcome = await this.#wait(wait);
    if (outcome === undefined) return { hr: WBEM_S_TIMEDOUT };
    if (!succeeded(outcome.hr)) return { hr: outcome.hr };
    const object = outcome.objects[0];
    return object === undefined
      ? { hr: WBEM_E_INVALID_OPERATION }
      : { hr: WBEM_S_NO_ERROR, object };
  }

  /**
   * The outcome, or undefined when the call has not finished within `wait`. The outcome is read
   * before any await, so `WBEM_NO_WAIT` reports exactly the state at the moment of asking: the
   * host's reply arrives as a message event, never within the caller's turn.
   */
  #wait(wait: number | 'infinite'): Promise<Outcome | undefined> {
    if (this.#outcome !== undefined || wait === 0) return Promise.resolve(this.#outcome);
    if (wait === 'infinite') return this.#done;
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(this.#outcome), wait);
      void this.#done.then((outcome) => {
        clearTimeout(timer);
        resolve(outcome);
      });
    });
  }
}
