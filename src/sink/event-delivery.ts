/**
 * @module Delivery of `events$` to one subscriber, so that a subscriber that takes its time costs
 * its own share of the main thread and a bounded queue, never everyone's throughput.
 *
 * Subscriber callbacks run on the main thread, where every caller's sink runs too. A fast
 * subscriber is called inline, in the turn that publishes the event (so an event is seen before
 * the call that raised it resolves). Once one callback takes longer than `slowCallbackMs`, the
 * subscriber is *paced*: its events wait in its own queue and are delivered from timers spaced so
 * that it uses at most `maxShare` of the main thread; past `queueLimit` queued events, new ones are
 * dropped and counted, and the subscriber is told with one `__EventQueueOverflowEvent` before its
 * next delivery (WMI drops events for slow consumers the same way). When its queue drains and its
 * callbacks are fast again, it goes back to inline delivery. Per subscriber, order is kept.
 */
import type { Subscriber } from 'rxjs';
import type { WbemEvent } from '../model/wbem-event.js';

export interface EventDeliveryOptions {
  /** Events a paced subscriber may have waiting before new ones are dropped. */
  readonly queueLimit: number;
  /** A callback longer than this (ms) makes the subscriber paced. */
  readonly slowCallbackMs: number;
  /** Share of the main thread a paced subscriber may use (0 < share ≤ 1). */
  readonly maxShare: number;
}

export const DEFAULT_EVENT_DELIVERY: EventDeliveryOptions = {
  queueLimit: 1_000,
  slowCallbackMs: 1,
  maxShare: 0.2,
};

export class EventDelivery {
  readonly #subscriber: Subscriber<WbemEvent>;
  readonly #options: EventDeliveryOptions;
  #queue: WbemEvent[] = [];
  #head = 0;
  #dropped = 0;
  #firstDropped: WbemEvent | undefined;
  #paced = false;
  /** Time the subscriber used in its last delivery round, ms: spaces the next round. */
  #lastCost = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(subscriber: Subscriber<WbemEvent>, options: EventDeliveryOptions) {
    this.#subscriber = subscriber;
    this.#options = options;
  }

  /** Events dropped so far because the queue was full. */
  get dropped(): number {
    return this.#dropped;
  }

  push(event: WbemEvent): void {
    if (this.#closed) return;
    if (!this.#paced) {
      const cost = this.#deliver(event);
      if (cost > this.#options.slowCallbackMs) this.#pace(cost);
      return;
    }
    if (this.#queue.length - this.#head >= this.#options.queueLimit) {
      this.#dropped += 1;
      this.#firstDropped ??= event;
      return;
    }
    this.#queue.push(event);
    this.#schedule();
  }

  /** The engine has shut down: what is queued is delivered now, then the stream completes. */
  complete(): void {
    if (this.#closed) return;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    while (this.#head < this.#queue.length) {
      this.#subscriber.next(this.#queue[this.#head] as WbemEvent);
      this.#head += 1;
    }
    this.#subscriber.complete();
    this.close();
  }

  close(): void {
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#queue = [];
  }

  /** Calls the subscriber and returns how long it took, ms. */
  #deliver(event: WbemEvent): number {
    const start = performance.now();
    this.#subscriber.next(event);
    return performance.now() - start;
  }

  #pace(cost: number): void {
    this.#paced = true;
    this.#lastCost = cost;
  }

  #schedule(): void {
    if (this.#timer !== undefined) return;
    const { maxShare } = this.#options;
    // Spacing rounds by cost × (1 − share) / share leaves the rest of the thread to the callers.
    const delay = (this.#lastCost * (1 - maxShare)) / maxShare;
    this.#timer = setTimeout(() => this.#round(), delay);
  }

  /** One delivery round: the overflow notice if any, then events for about one slow callback. */
  #round(): void {
    this.#timer = undefined;
    if (this.#closed) return;
    const start = performance.now();
    const budget = this.#options.slowCallbackMs;
    if (this.#dropped > 0 && this.#firstDropped !== undefined) {
      const first = this.#firstDropped;
      this.#firstDropped = undefined;
      this.#subscriber.next({
        eventClass: '__EventQueueOverflowEvent',
        namespace: first.namespace,
        timeCreated: first.timeCreated,
        droppedEvents: this.#dropped,
      });
    }
    while (this.#head < this.#queue.length && !this.#closed) {
      const event = this.#queue[this.#head] as WbemEvent;
      this.#head += 1;
      this.#deliver(event);
      if (performance.now() - start > budget) break;
    }
    this.#lastCost = performance.now() - start;
    if (this.#head >= this.#queue.length) {
      this.#queue = [];
      this.#head = 0;
      // Back to inline delivery only when the subscriber was fast in this round.
      if (this.#lastCost <= budget) this.#paced = false;
      return;
    }
    this.#schedule();
  }
}
