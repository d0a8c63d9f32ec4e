/**
 * @module The calls a connection finishes on the main thread itself (amended reads, `__NAMESPACE`
 * writes), kept by the caller's sink so that `CancelAsyncCall` on that sink finds them.
 */
import { type IWbemObjectSink, isObjectSink } from '../sink/object-sink.js';

export class PendingCalls<Call> {
  readonly #bySink = new Map<IWbemObjectSink, Set<Call>>();

  /** The calls in flight for `sink`, as a copy (cancelling one removes it); none for a non-sink. */
  of(sink: unknown): Call[] {
    return isObjectSink(sink) ? [...(this.#bySink.get(sink) ?? [])] : [];
  }

  add(sink: IWbemObjectSink, call: Call): void {
    const calls = this.#bySink.get(sink) ?? new Set<Call>();
    calls.add(call);
    this.#bySink.set(sink, calls);
  }

  /** Forgets `call`; a sink with no call left is forgotten too. */
  delete(sink: IWbemObjectSink, call: Call): void {
    const calls = this.#bySink.get(sink);
    calls?.delete(call);
    if (calls?.size === 0) this.#bySink.delete(sink);
  }
}
