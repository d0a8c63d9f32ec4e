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
 *
 * Nothing queued is lost when a subscriber ends cleanly: `drain()` hands over everything waiting
 * at once (the overflow notice first), and `complete()` drains before it completes. Rx gives a
 * stream no turn after its subscriber unsubscribes, so a subscriber that wants every event
 * already raised asks for the drain first (`engine.flushEvents()`), then unsubscribes.
 */
import type { WbemEvent } from '../model/wbem-event.js';

/** Where a delivery hands its events: an Rx `Subscriber`, or a sink adapter. */
export interface DeliveryTarget<T> {
  next(value: T): void;
  complete(): void;
}

/** The `__EventQueueOverflowEvent` told to a subscriber that lost `dropped` events from `first` on. */
export function overflowEvent(first: WbemEvent, dropped: number): WbemEvent {
  return {
    eventClass: '__EventQueueOverflowEvent',
    namespace: first.namespace,
    timeCreated: first.timeCreated,
    droppedEvents: dropped,
  };
}

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

/**
 * One subscriber's delivery. `T` is what it receives: `WbemEvent`s for `events$`, notifications
 * (events and `__AggregateEvent`s) for a notification query; `overflow` makes the notice of
 * dropped ones.
 */
export class EventDelivery<T = WbemEvent> {
  readonly #subscriber: DeliveryTarget<T>;
  readonly #options: EventDeliveryOptions;
  readonly #overflow: (first: T, dropped: number) => T;
  #queue: T[] = [];
  #head = 0;
  #dropped = 0;
  /** Events dropped since the last overflow notice, and the first of them. */
  #runDropped = 0;
  #firstDropped: T | undefined;
  #paced = false;
  /** Time the subscriber used in its last delivery round, ms: spaces the next round. */
  #lastCost = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #closed = false;

  constructor(
    subscriber: DeliveryTarget<T>,
    options: EventDeliveryOptions,
    overflow: (first: T, dropped: number) => T,
  ) {
    this.#subscriber = subscriber;
    this.#options = options;
    this.#overflow = overflow;
  }

  /** Events waiting in the queue of a paced subscriber. */
  get queued(): number {
    return this.#queue.length - this.#head;
  }

  /** Events dropped so far because the queue was full. */
  get dropped(): number {
    return this.#dropped;
  }

  /**
   * Delivers `event` now, or queues it while the subscriber is paced. `timed: false` skips timing
   * the callback, for a caller that knows it was fast (`NotificationHub` times whole dispatches).
   */
  push(event: T, timed = true): void {
    if (this.#closed) return;
    if (!this.#paced) {
      if (!timed) {
        this.#subscriber.next(event);
        return;
      }
      const cost = this.#deliver(event);
      if (cost > this.#options.slowCallbackMs) this.#pace(cost);
      return;
    }
    if (this.#queue.length - this.#head >= this.#options.queueLimit) {
      this.#dropped += 1;
      this.#runDropped += 1;
      this.#firstDropped ??= event;
      return;
    }
    this.#queue.push(event);
    this.#schedule();
  }

  /**
   * Delivers now everything queued (after the overflow notice, if events were dropped), in order;
   * the subscriber stays paced until a fast round clears it.
   */
  drain(): void {
    if (this.#closed) return;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#notifyOverflow();
    while (this.#head < this.#queue.length && !this.#closed) {
      const event = this.#queue[this.#head] as T;
      this.#head += 1;
      this.#subscriber.next(event);
    }
    this.#queue = [];
    this.#head = 0;
  }

  /** The stream ends (engine shut down, call cancelled): what is queued first, then complete. */
  complete(): void {
    if (this.#closed) return;
    this.drain();
    this.#subscriber.complete();
    this.close();
  }

  close(): void {
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#queue = [];
  }

  /** Calls the subscriber and returns how long it took, ms. */
  #deliver(event: T): number {
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
    // `close()` clears the timer, so a round never runs on a closed delivery.
    this.#timer = undefined;
    const start = performance.now();
    const budget = this.#options.slowCallbackMs;
    this.#notifyOverflow();
    while (this.#head < this.#queue.length && !this.#closed) {
      const event = this.#queue[this.#head] as T;
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

  /**
   * The overflow notice, once per run of drops, before the next delivery. It counts the events of
   * this run only (WMI's `DroppedEvents` is the number lost in that overflow), not the running
   * total of `dropped`.
   */
  #notifyOverflow(): void {
    const first = this.#firstDropped;
    if (first === undefined) return;
    const dropped = this.#runDropped;
    this.#firstDropped = undefined;
    this.#runDropped = 0;
    this.#subscriber.next(this.#overflow(first, dropped));
  }
}
