/**
 * @module A call's sink as an Observable, and the operators that give it WMI's meaning.
 *
 * Decisions (tested in test/sink): the stream is COLD, so each subscription starts its own call;
 * a late subscriber never sees an earlier call. Unsubscribing before the final status cancels the
 * call like `IWbemServices::CancelAsyncCall`: best effort, since the write may already be
 * committed; nothing more is emitted either way.
 */
import { Observable, type OperatorFunction } from 'rxjs';
import type { CimObject } from '../model/cim-value.js';
import { succeeded } from '../wbem/status.js';
import type { WbemError } from '../wbem/wbem-error.js';
import { eventSink } from './event-sink.js';
import type { IWbemObjectSink, SinkEvent } from './object-sink.js';
import { statusError } from './status-error.js';

/** Starts a call on a sink; returns phase 1's HRESULT and, on failure, the error itself. */
export type StartCall = (sink: IWbemObjectSink) => WbemError | undefined;

/**
 * Every sink call of one call, as raw events, the final `status` included; completes after it.
 * Phase-1 failures error at once. Unsubscribing early calls `cancel(sink)`.
 */
export function sinkEvents(
  start: StartCall,
  cancel: (sink: IWbemObjectSink) => void,
): Observable<SinkEvent> {
  return new Observable<SinkEvent>((subscriber) => {
    let finished = false;
    const sink = eventSink((event) => {
      subscriber.next(event);
      if (event.kind !== 'status') return;
      finished = true;
      subscriber.complete();
    });
    const refused = start(sink);
    if (refused !== undefined) {
      // No teardown is returned, so nothing reads `finished` after a refusal.
      subscriber.error(refused);
      return undefined;
    }
    return () => {
      if (!finished) cancel(sink);
    };
  });
}

/**
 * WMI's outcome on Rx terms: events pass through; a successful final `status` is emitted and the
 * stream completes; a failed one becomes `error(statusError(...))` and is not emitted as a value.
 */
export function completeOnStatus(): OperatorFunction<SinkEvent, SinkEvent> {
  return (source) =>
    new Observable<SinkEvent>((subscriber) =>
      source.subscribe({
        next(event) {
          if (event.kind !== 'status') {
            subscriber.next(event);
          } else if (succeeded(event.hResult)) {
            subscriber.next(event);
            subscriber.complete();
          } else {
            subscriber.error(statusError(event.hResult, event.object));
          }
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      }),
    );
}

/** One `next` per result object of the `indicate` events (for GetObject / enumerations). */
export function objectsOf(): OperatorFunction<SinkEvent, CimObject> {
  return (source) =>
    new Observable<CimObject>((subscriber) =>
      source.subscribe({
        next(event) {
          if (event.kind === 'indicate') for (const o of event.objects) subscriber.next(o);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      }),
    );
}
