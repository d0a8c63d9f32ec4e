/**
 * @module `IWbemObjectSink` and its calls as data (`SinkEvent`), the shape RxJS carries.
 *
 * Each sink call becomes one event, in order: `Indicate` → `indicate`, `SetStatus` with
 * `WBEM_STATUS_PROGRESS` → `progress`, the final `SetStatus(WBEM_STATUS_COMPLETE, ...)` → `status`.
 */
import type { CimObject } from '../model/cim-value.js';

/**
 * The caller's sink. Mirrors `IWbemObjectSink`. A method that throws or returns a failure HRESULT
 * (high bit set) cancels the call: its final status becomes `WBEM_E_CALL_CANCELLED`.
 */
export interface IWbemObjectSink {
  /** Mirrors `IWbemObjectSink::Indicate`: a batch of result objects (read-only). */
  // biome-ignore lint/suspicious/noConfusingVoidType: a sink may return nothing or an HRESULT.
  indicate(objects: readonly CimObject[]): number | void;
  /** Mirrors `IWbemObjectSink::SetStatus`. */
  setStatus(
    flags: number,
    hResult: number,
    param: string | null,
    object: CimObject | null,
    // biome-ignore lint/suspicious/noConfusingVoidType: a sink may return nothing or an HRESULT.
  ): number | void;
}

/**
 * Whether `value` has the shape of a sink (both methods), the one check every entry point makes
 * before calling a caller's sink. A getter or Proxy trap that throws makes it not a sink.
 */
export function isObjectSink(value: unknown): value is IWbemObjectSink {
  if (typeof value !== 'object' || value === null) return false;
  const sink = value as Partial<IWbemObjectSink>;
  try {
    return typeof sink.indicate === 'function' && typeof sink.setStatus === 'function';
  } catch {
    // A getter or Proxy trap that throws: not a sink this engine can call.
    return false;
  }
}

export interface IndicateEvent {
  readonly kind: 'indicate';
  readonly objects: readonly CimObject[];
}

/** An intermediate `SetStatus(WBEM_STATUS_PROGRESS, hResult, param, null)`. */
export interface ProgressEvent {
  readonly kind: 'progress';
  readonly flags: number;
  readonly hResult: number;
  readonly param: string | null;
}

/** The final `SetStatus(WBEM_STATUS_COMPLETE, hResult, param, object)`. */
export interface StatusEvent {
  readonly kind: 'status';
  readonly flags: number;
  readonly hResult: number;
  readonly param: string | null;
  readonly object: CimObject | null;
}

export type SinkEvent = IndicateEvent | ProgressEvent | StatusEvent;

/** A sink event of some call, as `engine.status$` publishes it. */
export interface TaggedSinkEvent {
  readonly namespace: string;
  readonly callId: number;
  /** The WMI operation (`PutClass`, `GetObject`, ...). */
  readonly operation: string;
  readonly event: SinkEvent;
}
