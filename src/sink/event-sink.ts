/**
 * @module An `IWbemObjectSink` that turns each of its calls into one `SinkEvent`: the one place
 * where the sink's COM shape becomes data. The promise, Rx and call-result forms of every call
 * listen to this stream instead of implementing the sink themselves.
 */
import { WBEM_STATUS_PROGRESS } from '../wbem/flags.js';
import type { IWbemObjectSink, SinkEvent } from './object-sink.js';

/** A sink handing `listener` one event per call, in order (the final status last). */
export function eventSink(listener: (event: SinkEvent) => void): IWbemObjectSink {
  return {
    indicate(objects) {
      listener({ kind: 'indicate', objects });
    },
    setStatus(flags, hResult, param, object) {
      listener(
        flags === WBEM_STATUS_PROGRESS
          ? { kind: 'progress', flags, hResult, param }
          : { kind: 'status', flags, hResult, param, object },
      );
    },
  };
}
