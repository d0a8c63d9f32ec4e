/**
 * @module Batching per event-loop turn: everything sent to one peer during a turn leaves as one
 * `postMessage` per `maxBatch` messages: each full batch at once, the rest when the turn's
 * microtasks run. A post costs far more than
 * the bytes it carries, so under load a post carries many messages for the price of one; the cap
 * keeps each turn on the receiving side short (main-thread event-loop delay) and lets the two
 * threads work in a pipeline instead of in turns (bench/RESULTS.md, "Engine").
 *
 * Hazard: callers pass arbitrary objects (a class holding a function, a cycle, a BigInt too large
 * for the encoding). Encoding runs in a microtask, where a throw would be an uncaught exception,
 * so a batch that fails to encode is retried message by message and each message that still
 * fails is handed to `reject` (the owner fails that call with a defined HRESULT).
 */
import type { Batch } from './protocol.js';
import type { WireCodec } from './wire-codec.js';

/** Messages per post, chosen by measurement (bench/engine.bench.ts). */
export const DEFAULT_MAX_BATCH = 64;

export interface PostTarget {
  postMessage(message: unknown, transfer?: readonly ArrayBuffer[]): void;
}

export interface OutboxOptions<T> {
  readonly maxBatch?: number;
  /** A message that cannot be encoded or posted; it was not sent. */
  readonly reject?: (message: T, error: unknown) => void;
}

export class Outbox<T> {
  #pending: T[] = [];
  #scheduled = false;
  /** A full batch failed to encode this turn: wait for `flush` to sort it out message by message. */
  #stuck = false;
  readonly #target: PostTarget;
  readonly #codec: WireCodec;
  readonly #maxBatch: number;
  readonly #reject: (message: T, error: unknown) => void;

  constructor(target: PostTarget, codec: WireCodec, options: OutboxOptions<T> = {}) {
    this.#target = target;
    this.#codec = codec;
    this.#maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
    this.#reject = options.reject ?? (() => {});
  }

  /** Queues a message for this turn's post. */
  send(message: T): void {
    this.#pending.push(message);
    if (this.#pending.length >= this.#maxBatch && !this.#stuck && this.#postFull()) return;
    // Stryker disable next-line ConditionalExpression: an extra flush finds nothing queued and posts nothing
    if (!this.#scheduled) {
      // Stryker disable next-line BooleanLiteral: as above
      this.#scheduled = true;
      queueMicrotask(() => this.flush());
    }
  }

  /** Removes queued messages that match (a call cancelled before it left). Returns how many. */
  remove(match: (message: T) => boolean): number {
    const before = this.#pending.length;
    this.#pending = this.#pending.filter((m) => !match(m));
    return before - this.#pending.length;
  }

  /** Posts what is queued now. */
  flush(): void {
    this.#scheduled = false;
    this.#stuck = false;
    // Stryker disable next-line ConditionalExpression: with nothing queued the loop posts nothing
    if (this.#pending.length === 0) return;
    const pending = this.#pending;
    this.#pending = [];
    for (let at = 0; at < pending.length; at += this.#maxBatch) {
      const messages = pending.slice(at, at + this.#maxBatch);
      if (!this.#post(messages)) {
        for (const message of messages)
          this.#post([message], (error) => this.#reject(message, error));
      }
    }
  }

  /**
   * A full batch leaves at once, inside the turn that filled it: the encoding cost is paid where
   * the sender's time budget sees it, and the peer starts on it while the rest of the turn runs.
   * A batch that fails to encode stays queued for `flush`, which retries it message by message
   * from a microtask (so `reject` never runs inside the caller's `send`).
   */
  #postFull(): boolean {
    const messages = this.#pending;
    if (!this.#post(messages)) {
      this.#stuck = true;
      return false;
    }
    this.#pending = [];
    // Stryker disable next-line BooleanLiteral: send then schedules a flush that finds nothing queued
    return true;
  }

  #post(messages: readonly T[], onError?: (error: unknown) => void): boolean {
    const batch: Batch<T> = { kind: 'batch', messages };
    try {
      const { data, transfer } = this.#codec.encode(batch);
      this.#target.postMessage(data, transfer);
      return true;
    } catch (error) {
      this.#codec.discard(batch);
      onError?.(error);
      return false;
    }
  }
}
