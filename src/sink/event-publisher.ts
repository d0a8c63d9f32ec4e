/**
 * @module Publication of committed events on the main thread, in raise order, in time-boxed
 * slices, so that a burst (a cascade of class deletions raises one event per class, at once)
 * never holds the event loop longer than one slice.
 *
 * Each burst comes with a continuation, which runs once its last event has been published: the
 * call registry routes the reply that carried the events there, so a call still resolves only
 * after its events were seen (a fast subscriber's callback runs before the caller's `then`).
 * While a burst is being published, later bursts and continuations wait behind it, so every
 * subscriber and every sink sees the order the hosts replied in. A burst that fits in what is
 * left of the slice is published at once, inside the turn that received it, as before.
 *
 * ```
 * reply(events 1-800) ─► slice: 1..130 │ yield │ 131..260 │ yield │ ... 800, then(route reply)
 * reply(no events)    ─► queued behind ─────────────────────────────────────────► then(route)
 * ```
 */
import type { WbemEvent } from '../model/wbem-event.js';

/**
 * Longest publishing slice before the event loop gets a turn, ms. The subscribers' callbacks run
 * inside it; with 10,000 subscriptions 2 ms kept the loop delay p99 of a burst under 10 ms at no
 * measurable cost in throughput (bench/RESULTS.md, "WQL in the engine").
 */
export const PUBLISH_SLICE_MS = 2;

interface Burst {
  readonly events: readonly WbemEvent[];
  /** Next event to publish. */
  at: number;
  readonly then: () => void;
}

export interface EventPublisherOptions {
  /** Slice length, ms. */
  readonly sliceMs?: number;
  /** Runs the next slice later (default: `setImmediate`, after pending I/O and timers). */
  readonly schedule?: (next: () => void) => void;
  readonly now?: () => number;
}

export class EventPublisher {
  readonly #deliver: (event: WbemEvent) => void;
  readonly #sliceMs: number;
  readonly #schedule: (next: () => void) => void;
  readonly #now: () => number;
  readonly #bursts: Burst[] = [];
  #scheduled = false;
  #running = false;

  constructor(deliver: (event: WbemEvent) => void, options: EventPublisherOptions = {}) {
    this.#deliver = deliver;
    this.#sliceMs = options.sliceMs ?? PUBLISH_SLICE_MS;
    this.#schedule = options.schedule ?? ((next) => setImmediate(next));
    this.#now = options.now ?? (() => performance.now());
  }

  /** Bursts (and continuations) not yet through. */
  get pending(): number {
    return this.#bursts.length;
  }

  /**
   * Publishes `events` in order after everything queued before them, then runs `then`. With
   * nothing queued, it starts at once and returns after one slice at most.
   */
  publish(events: readonly WbemEvent[], then: () => void): void {
    if (this.#bursts.length === 0 && events.length === 0) {
      then();
      return;
    }
    this.#bursts.push({ events, at: 0, then });
    if (this.#bursts.length === 1 && !this.#running) this.#slice(this.#now() + this.#sliceMs);
  }

  /**
   * Publishes every queued event now, in order. The continuations still run in the next slice,
   * each after its own events as always: a subscriber that flushes before it unsubscribes must
   * get what was raised, not have other calls' sinks called inside its flush. That slice is
   * already due: while bursts wait, one is scheduled or one is running (whose end schedules the
   * next if bursts remain).
   */
  flushEvents(): void {
    for (const burst of this.#bursts) {
      while (burst.at < burst.events.length) this.#deliver(burst.events[burst.at++] as WbemEvent);
    }
  }

  /** Publishes everything queued and runs every continuation now (shutdown, a host's crash). */
  finish(): void {
    this.#slice(Number.POSITIVE_INFINITY);
  }

  /**
   * Publishes until `end`. Re-entered from a callback (one that flushes), it only delivers. If a
   * callback throws, what is left still goes out in the next slice.
   */
  #slice(end: number): void {
    if (this.#running) {
      if (end === Number.POSITIVE_INFINITY) this.flushEvents();
      return;
    }
    this.#running = true;
    // The slice also ends early when the longest event it has published so far would not fit in
    // what is left of it: one event's dispatch cannot be split, and before V8 has optimised the
    // dispatch path (the first burst after subscribing) one event can cost a whole slice.
    let longest = 0;
    let now = this.#now();
    try {
      while (this.#bursts.length > 0) {
        const burst = this.#bursts[0] as Burst;
        while (burst.at < burst.events.length) {
          this.#deliver(burst.events[burst.at++] as WbemEvent);
          const before = now;
          now = this.#now();
          if (now - before > longest) longest = now - before;
          if (now + longest > end && burst.at < burst.events.length) return;
        }
        this.#bursts.shift();
        burst.then();
        now = this.#now();
        if (now + longest > end) return;
      }
    } finally {
      this.#running = false;
      if (this.#bursts.length > 0) this.#later();
    }
  }

  #later(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    this.#schedule(() => {
      this.#scheduled = false;
      this.#slice(this.#now() + this.#sliceMs);
    });
  }
}
