/**
 * @module The open notification queries of an engine (`ExecNotificationQuery`), fed with every
 * committed event the engine publishes.
 *
 * An event reaches the subscriptions of the namespace it was raised in (a child namespace's
 * creation and deletion are raised in its parent), through that namespace's `SubscriptionIndex`,
 * so its cost grows with the subscriptions it may match, not with all of them. Each subscription
 * has its own paced, bounded queue (`EventDelivery`, as `events$`), and with `GROUP WITHIN` its
 * own `EventAggregator` on the real clock.
 *
 * The principal's right is checked for every event a subscription matches, but once per event
 * for all subscriptions of one principal and namespace (`rightsKey`); the check itself is cached
 * until a descriptor changes (`allowed`, which the caller keeps cheap). Callbacks are timed (to
 * pace a slow one) only while dispatches are slow: when one event's whole dispatch took less than
 * one slow callback, none of its callbacks was slow, and the next event's go untimed; a slow
 * dispatch turns timing back on, so a subscriber that turns slow is paced from its next event.
 *
 * A subscription starts *held*: its events wait until the namespace's actor has checked the
 * query's class names (`release`), so a refused query delivers nothing, and an accepted one misses
 * nothing raised after the call returned.
 */

import { nameKey } from '../model/names.js';
import { namespaceKey } from '../model/namespace-path.js';
import type { WbemEvent } from '../model/wbem-event.js';
import type { EventFilter } from '../wql/event-filter.js';
import { SubscriptionIndex } from '../wql/subscription-index.js';
import type { EventDeliveryOptions } from './event-delivery.js';
import {
  type NotificationSubscriber,
  NotificationSubscription,
} from './notification-subscription.js';

// What a query delivers and its subscription, where the engine's callers have always found them.
export {
  type Notification,
  type NotificationSubscriber,
  NotificationSubscription,
} from './notification-subscription.js';

const NAMESPACE_EVENT_PREFIX = nameKey('__Namespace');

/** Whether the filter's FROM covers a `__Namespace*Event`. */
function watchesNamespaces(filter: EventFilter): boolean {
  return filter.eventClasses.some((c) => nameKey(c).startsWith(NAMESPACE_EVENT_PREFIX));
}

export class NotificationHub {
  readonly #byNamespace = new Map<string, SubscriptionIndex<NotificationSubscription>>();
  readonly #options: EventDeliveryOptions;
  readonly #now: () => number;
  readonly #open = new Set<NotificationSubscription>();
  /**
   * Open subscriptions whose FROM names a `__Namespace*Event`, by namespace key: they watch the
   * child namespaces' creation and deletion (`covers`).
   */
  readonly #namespaceWatchers = new Map<string, number>();
  /** Time each callback of the next event (the last dispatch was slow, or none ran yet). */
  #timed = true;
  /**
   * The event `publish` is dispatching, whether its callbacks are timed, and whose rights were
   * asked last for it (`#accept`).
   */
  #event: WbemEvent | undefined;
  #timing = true;
  #rights: string | (() => boolean) | undefined;
  #allowed = false;

  constructor(options: EventDeliveryOptions, now: () => number = Date.now) {
    this.#options = options;
    this.#now = now;
  }

  /** Open subscriptions. */
  get size(): number {
    return this.#open.size;
  }

  /** Opens a subscription, held until `release()`. */
  open(subscriber: NotificationSubscriber): NotificationSubscription {
    const subscription = new NotificationSubscription(this, subscriber, this.#options, this.#now);
    const key = namespaceKey(subscriber.namespace);
    let index = this.#byNamespace.get(key);
    if (index === undefined) {
      index = new SubscriptionIndex<NotificationSubscription>();
      this.#byNamespace.set(key, index);
    }
    index.add(subscription, subscriber.filter);
    this.#open.add(subscription);
    if (watchesNamespaces(subscriber.filter)) {
      this.#namespaceWatchers.set(key, (this.#namespaceWatchers.get(key) ?? 0) + 1);
    }
    return subscription;
  }

  /**
   * Whether a call addressed to `namespace` must ship its events here: a subscription is open on
   * that namespace, or one on its parent watches namespace events (raised about the child).
   * Exact for every subscription opened before the call is issued: `open` files it at once.
   */
  covers(namespace: string): boolean {
    if (this.#open.size === 0) return false;
    const key = namespaceKey(namespace);
    if (this.#byNamespace.has(key)) return true;
    if (this.#namespaceWatchers.size === 0) return false;
    const cut = key.lastIndexOf('/');
    return cut > 0 && this.#namespaceWatchers.has(key.slice(0, cut));
  }

  /** @internal Called by a subscription that stops. */
  remove(subscription: NotificationSubscription, namespace: string): void {
    const key = namespaceKey(namespace);
    const index = this.#byNamespace.get(key);
    if (!this.#open.delete(subscription)) return;
    if (watchesNamespaces(subscription.filter)) {
      const left = (this.#namespaceWatchers.get(key) ?? 1) - 1;
      if (left === 0) this.#namespaceWatchers.delete(key);
      else this.#namespaceWatchers.set(key, left);
    }
    if (index === undefined || !index.remove(subscription)) return;
    if (index.size === 0) this.#byNamespace.delete(key);
  }

  /** Dispatches one committed event to the matching subscriptions of its namespace. */
  publish(event: WbemEvent): void {
    if (this.#open.size === 0) return;
    const index = this.#byNamespace.get(namespaceKey(event.namespace));
    if (index === undefined) return;
    // A callback may publish again (a subscriber that flushes): the outer dispatch's state is
    // put back when the inner one ends.
    const outer = this.#event;
    const outerRights = this.#rights;
    const outerAllowed = this.#allowed;
    const outerTiming = this.#timing;
    const start = performance.now();
    this.#event = event;
    this.#rights = undefined;
    this.#timing = this.#timed;
    try {
      index.dispatch(event, this.#accept);
    } finally {
      this.#event = outer;
      this.#rights = outerRights;
      this.#allowed = outerAllowed;
      this.#timing = outerTiming;
      this.#timed = performance.now() - start > this.#options.slowCallbackMs;
    }
  }

  /**
   * Hands the event being published to one matched subscription. Made once, with its state in
   * fields: a closure per event over that state cost an allocation and a context per event.
   */
  readonly #accept = (subscription: NotificationSubscription): void => {
    const key = subscription.rights;
    if (key !== this.#rights) {
      this.#rights = key;
      this.#allowed = subscription.allowed();
    }
    if (!this.#allowed) return;
    const direct = subscription.direct;
    if (direct !== undefined) direct.push(this.#event as WbemEvent, this.#timing);
    else subscription.accept(this.#event as WbemEvent, this.#timing);
  };

  /** The open subscriptions of `owner` (`CancelAsyncCall` of a sink). */
  ownedBy(owner: object): NotificationSubscription[] {
    return [...this.#open].filter((s) => s.owner === owner);
  }

  /** Every subscription's queue, delivered now. */
  drain(): void {
    for (const subscription of [...this.#open]) subscription.drain();
  }

  /** The engine has shut down: each subscription gets what is queued, then completes. */
  complete(): void {
    for (const subscription of [...this.#open]) subscription.end();
  }
}
