/**
 * @module One open notification query of a `NotificationHub`: its held events until the actor
 * accepted the query, its paced delivery (`EventDelivery`), and with `GROUP WITHIN` its
 * `EventAggregator` on the real clock.
 */
import type { WbemEvent } from '../model/wbem-event.js';
import { EventAggregator, type WqlAggregateEvent } from '../wql/event-aggregator.js';
import type { EventFilter } from '../wql/event-filter.js';
import {
  type DeliveryTarget,
  EventDelivery,
  type EventDeliveryOptions,
  overflowEvent,
} from './event-delivery.js';

/** What a notification query delivers: matching events, or its `__AggregateEvent`s. */
export type Notification = WbemEvent | WqlAggregateEvent;

export interface NotificationSubscriber {
  /** The namespace the query was made on (`root/cimv2`). */
  readonly namespace: string;
  readonly filter: EventFilter;
  /** Whether the principal may receive events there now; asked once per matching event. */
  readonly allowed: () => boolean;
  /**
   * Whose rights `allowed` answers for (principal and namespace): subscriptions with the same key
   * are asked once per event. Without it, those sharing the same `allowed` function are.
   */
  readonly rightsKey?: string;
  readonly target: DeliveryTarget<Notification>;
  /** Whose subscription it is (an async call's sink), for `ownedBy`. */
  readonly owner?: object;
}

/** Who files a subscription, told when it stops (the hub). */
export interface SubscriptionOwner {
  remove(subscription: NotificationSubscription, namespace: string): void;
}

function overflowNotification(first: Notification, dropped: number): Notification {
  return overflowEvent(
    first.eventClass === '__AggregateEvent' ? first.representative : first,
    dropped,
  );
}

/** One open notification query. */
export class NotificationSubscription {
  readonly #owner: SubscriptionOwner;
  readonly #subscriber: NotificationSubscriber;
  readonly #delivery: EventDelivery<Notification>;
  readonly #aggregator: EventAggregator | undefined;
  readonly #queueLimit: number;
  readonly #now: () => number;
  #held: Notification[] | undefined = [];
  /** Notifications dropped while held (past `queueLimit`), and the first of them. */
  #heldDropped = 0;
  #firstHeldDropped: Notification | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #open = true;
  /**
   * @internal Whose rights the hub checks before delivering (see `NotificationSubscriber`): a
   * plain field, read for every candidate of every event.
   */
  readonly rights: string | (() => boolean);
  /**
   * @internal The delivery the hub may push to directly, skipping `accept`: set while the
   * subscription is released, open and not aggregating (one call fewer per delivery, which the
   * first burst after subscribing pays in unoptimised code).
   */
  direct: EventDelivery<Notification> | undefined;

  /** @internal Use `NotificationHub.open`. */
  constructor(
    owner: SubscriptionOwner,
    subscriber: NotificationSubscriber,
    options: EventDeliveryOptions,
    now: () => number,
  ) {
    this.#owner = owner;
    this.#subscriber = subscriber;
    this.#queueLimit = options.queueLimit;
    this.#now = now;
    this.rights = subscriber.rightsKey ?? subscriber.allowed;
    this.#delivery = new EventDelivery(subscriber.target, options, overflowNotification);
    const group = subscriber.filter.query.group;
    this.#aggregator = group === undefined ? undefined : new EventAggregator(group, now);
  }

  get open(): boolean {
    return this.#open;
  }

  /** @internal The query's compiled filter. */
  get filter(): EventFilter {
    return this.#subscriber.filter;
  }

  get owner(): object | undefined {
    return this.#subscriber.owner;
  }

  /** Where the subscription delivers. */
  get target(): DeliveryTarget<Notification> {
    return this.#subscriber.target;
  }

  /** @internal Asks the principal's right now. */
  allowed(): boolean {
    return this.#subscriber.allowed();
  }

  /**
   * @internal An event the index matched, its principal's right already checked; `timed`: time
   * the callback (to pace the subscriber if it is slow).
   */
  accept(event: WbemEvent, timed = true): void {
    if (!this.#open) return;
    if (this.#aggregator !== undefined) {
      this.#aggregator.add(event);
      this.#schedule();
    } else if (this.#held === undefined) {
      this.#delivery.push(event, timed);
    } else {
      this.#hold(event);
    }
  }

  /** The query was accepted: what waited is delivered, and later events flow. */
  release(): void {
    const held = this.#held;
    this.#held = undefined;
    if (this.#open && this.#aggregator === undefined) this.direct = this.#delivery;
    // What the hold could not keep is told first, as a paced queue tells its drops before the
    // events it still holds.
    const first = this.#firstHeldDropped;
    if (first !== undefined) this.#delivery.push(overflowNotification(first, this.#heldDropped));
    this.#firstHeldDropped = undefined;
    this.#heldDropped = 0;
    for (const n of held ?? []) this.#delivery.push(n);
  }

  /** Hands over at once everything queued for the subscriber. */
  drain(): void {
    this.#delivery.drain();
  }

  /**
   * Ends the subscription cleanly: what is queued is delivered, then the target completes. Open
   * `GROUP WITHIN` windows that have not ended are not delivered (their count is not final).
   */
  end(): void {
    if (!this.#open) return;
    this.#stop();
    this.#held = undefined;
    this.#delivery.complete();
  }

  /** Ends the subscription without a word to the target (it unsubscribed, or its query failed). */
  close(): void {
    if (!this.#open) return;
    this.#stop();
    this.#held = undefined;
    this.#delivery.close();
  }

  #stop(): void {
    this.#open = false;
    this.direct = undefined;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#owner.remove(this, this.#subscriber.namespace);
  }

  #forward(n: Notification): void {
    if (this.#held === undefined) this.#delivery.push(n);
    else this.#hold(n);
  }

  /** Keeps a notification until `release`; past `queueLimit` it is dropped, and counted. */
  #hold(n: Notification): void {
    const held = this.#held as Notification[];
    if (held.length < this.#queueLimit) {
      held.push(n);
      return;
    }
    this.#heldDropped += 1;
    this.#firstHeldDropped ??= n;
  }

  #schedule(): void {
    const aggregator = this.#aggregator;
    if (aggregator === undefined || this.#timer !== undefined) return;
    const deadline = aggregator.nextDeadline();
    if (deadline === undefined) return;
    this.#timer = setTimeout(
      () => {
        this.#timer = undefined;
        if (!this.#open) return;
        for (const aggregate of aggregator.due()) this.#forward(aggregate);
        this.#schedule();
      },
      Math.max(0, deadline - this.#now()),
    );
    // An open window alone does not keep the process alive, as an idle engine does not.
    this.#timer.unref();
  }
}
