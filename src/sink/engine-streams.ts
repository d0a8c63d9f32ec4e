/**
 * @module The engine-wide streams: every sink event of every call (`status$`, for monitoring) and
 * every committed intrinsic event (`events$`). Hot: a subscriber sees the sink events delivered,
 * and the events of calls started, while it is subscribed. Both complete when the engine has shut
 * down.
 */
import { Observable, Subject } from 'rxjs';
import type { WbemEvent } from '../model/wbem-event.js';
import {
  DEFAULT_EVENT_DELIVERY,
  EventDelivery,
  type EventDeliveryOptions,
  overflowEvent,
} from './event-delivery.js';
import { EventPublisher, type EventPublisherOptions } from './event-publisher.js';
import { NotificationHub } from './notification-hub.js';
import type { TaggedSinkEvent } from './object-sink.js';

export class EngineStreams {
  readonly #status = new Subject<TaggedSinkEvent>();
  /** One delivery per `events$` subscriber: a slow one is paced on its own (`event-delivery.ts`). */
  readonly #deliveries = new Set<EventDelivery>();
  /** The open notification queries (`ExecNotificationQuery`), fed from the same events. */
  readonly notifications: NotificationHub;
  /** Publishes the events of host replies in order, a burst in time-boxed slices. */
  readonly #publisher: EventPublisher;
  #completed = false;
  readonly status$: Observable<TaggedSinkEvent> = this.#status.asObservable();
  readonly events$: Observable<WbemEvent>;

  constructor(
    delivery: EventDeliveryOptions = DEFAULT_EVENT_DELIVERY,
    publishing: EventPublisherOptions = {},
  ) {
    this.notifications = new NotificationHub(delivery);
    this.#publisher = new EventPublisher((event) => this.publishEvent(event), publishing);
    this.events$ = new Observable<WbemEvent>((subscriber) => {
      if (this.#completed) {
        subscriber.complete();
        return undefined;
      }
      const entry = new EventDelivery(subscriber, delivery, overflowEvent);
      this.#deliveries.add(entry);
      return () => {
        this.#deliveries.delete(entry);
        entry.close();
      };
    });
  }

  /** True when someone listens to `status$` (tagging is skipped otherwise). */
  get monitored(): boolean {
    return this.#status.observed;
  }

  /**
   * True when a call addressed to `namespace` must ship its events back: someone listens to
   * `events$`, or an open notification query covers the namespace (`NotificationHub.covers`).
   */
  wantsEvents(namespace: string): boolean {
    return this.#deliveries.size > 0 || this.notifications.covers(namespace);
  }

  publishStatus(event: TaggedSinkEvent): void {
    this.#status.next(event);
  }

  /** One event to every `events$` subscriber and every matching notification query, now. */
  publishEvent(event: WbemEvent): void {
    for (const delivery of this.#deliveries) delivery.push(event);
    this.notifications.publish(event);
  }

  /**
   * The events of one host reply, in order after those of earlier replies, in time-boxed slices
   * (`event-publisher.ts`); `then` runs after the last of them (and right away when there are
   * none and nothing is queued).
   */
  publishEvents(events: readonly WbemEvent[], then: () => void): void {
    this.#publisher.publish(events, then);
  }

  /** Publishes what is queued and runs what waits behind it, now (a host crashed). */
  finishPublishing(): void {
    this.#publisher.finish();
  }

  /**
   * Delivers now every event of a burst still being published, then every event waiting in a
   * paced subscriber's queue (`events$` and notification queries). A subscriber that must not lose what was already raised calls it before it
   * unsubscribes: Rx gives a stream no turn after that.
   */
  flushEvents(): void {
    this.#publisher.flushEvents();
    for (const delivery of [...this.#deliveries]) delivery.drain();
    this.notifications.drain();
  }

  complete(): void {
    this.#publisher.finish();
    this.#status.complete();
    this.#completed = true;
    for (const delivery of [...this.#deliveries]) delivery.complete();
    this.notifications.complete();
  }
}
