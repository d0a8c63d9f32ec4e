/**
 * @module DSP1054 indication subscriptions over CIM-XML: the server reads the
 * `CIM_IndicationSubscription` instances of `root/interop` (each joining a
 * `CIM_IndicationFilter` to a `CIM_ListenerDestinationCIMXML`) and, for each, runs the filter's
 * query as an `ExecNotificationQuery` in every namespace the filter watches, connected as the
 * subscription's creator (`indication-creators.ts`); each event it yields is sent to the
 * listener.
 *
 * ```
 * creator's connection to a source namespace ─► execNotificationQuery$ (rights checked per event)
 *        │                                                      │ indication XML
 * notification query on root/interop ─ instance event of a subscription class ─► reload
 *                                                               ▼
 *                                    IndicationDestination (queue, retries) ─► POST
 * ```
 *
 * So a subscriber receives exactly what the creator could receive by querying itself: the
 * engine checks `WBEM_ENABLE` in the source namespace on every delivery, as it does for any
 * notification query, and a right taken away stops the indications at once. A creator who
 * connected remotely is connected remotely here too, so `WBEM_REMOTE_ACCESS` is checked the same
 * way. A source namespace the creator cannot connect to at all is tried again every
 * `RECONNECT_MS`: the subscription stays, and delivers again once the right is back. A
 * subscription without a recorded creator is not delivered.
 *
 * Subscriptions are re-read whenever an instance of the subscription classes changes in the
 * interop namespace, by whichever client: the stored instances are the only state. Those changes
 * are observed through a notification query on `root/interop` alone, not the engine-wide
 * `events$`, so the writes of other namespaces need not ship their events back for it. A filter's
 * `SourceNamespaces` (or the older `SourceNamespace`) lists the namespaces it watches; with
 * neither, it watches the namespace the filter is in (DSP1054).
 */
import type { Subscription } from 'rxjs';
import type { CimClass, Notification, WbemEngine, WbemEvent, WbemServices } from '../index.js';
import {
  CREATOR_CLASS,
  ensureCreatorClass,
  namespaceKey,
  readSubscriptionCreators,
  type SubscriptionCreator,
} from './indication-creators.js';
import {
  DEFAULT_DELIVERY,
  type DeliveryOptions,
  type DeliveryStats,
  IndicationDestination,
} from './indication-destination.js';
import { exportIndicationBody, indicationXml } from './indication-export.js';
import { readSubscriptionSpec, type SubscriptionSpec } from './indication-subscription-spec.js';
import {
  DESTINATION_CLASS,
  ensureInteropSchema,
  FILTER_CLASS,
  INTEROP_NAMESPACE,
  SUBSCRIPTION_CLASS,
} from './interop-schema.js';
import { ensureObjectManager } from './object-manager.js';

/** How often a source namespace the creator could not connect to is tried again. */
export const RECONNECT_MS = 1000;

interface ActiveSubscription {
  readonly spec: SubscriptionSpec;
  readonly key: string;
  readonly destination: IndicationDestination;
  /** The query's stream per source namespace; absent while the creator cannot connect there. */
  readonly streams: Map<string, Subscription>;
  connecting: boolean;
  stopped: boolean;
}

/**
 * The changes that make the subscriptions be re-read. `ISA` takes in subclasses too, so
 * `CIM_ListenerDestinationCIMXML` comes with `CIM_ListenerDestination`.
 */
const WATCH_QUERY = `SELECT * FROM __InstanceOperationEvent WHERE ${[
  FILTER_CLASS,
  DESTINATION_CLASS,
  SUBSCRIPTION_CLASS,
  CREATOR_CLASS,
]
  .map((c) => `TargetInstance ISA '${c}'`)
  .join(' OR ')}`;

export class IndicationService {
  readonly #engine: WbemEngine;
  readonly #delivery: DeliveryOptions;
  #active = new Map<string, ActiveSubscription>();
  readonly #destinations = new Map<string, IndicationDestination>();
  /** Paths already reported as having no creator, so each is logged once. */
  readonly #unowned = new Set<string>();
  #events: Subscription | undefined;
  #retry: NodeJS.Timeout | undefined;
  #reloading: Promise<void> | undefined;
  // Stryker disable next-line BooleanLiteral: never read before reload()'s loop sets it to false
  #reloadAgain = false;
  /** Indications are built one event at a time, so a listener gets them in event order. */
  #sending: Promise<void> = Promise.resolve();
  #messageId = 0;
  #closed = false;

  private constructor(engine: WbemEngine, delivery: DeliveryOptions) {
    this.#engine = engine;
    this.#delivery = delivery;
  }

  /**
   * Prepares `root/interop`, reads the subscriptions there and starts watching events.
   * @throws {WbemError} when the interop namespace or its classes cannot be created.
   */
  static async start(
    engine: WbemEngine,
    delivery: Partial<DeliveryOptions> = {},
  ): Promise<IndicationService> {
    const service = new IndicationService(engine, { ...DEFAULT_DELIVERY, ...delivery });
    await ensureInteropSchema(engine);
    await ensureCreatorClass(engine);
    await ensureObjectManager(engine);
    service.#events = (await engine.connectServer(INTEROP_NAMESPACE))
      .execNotificationQuery$(WATCH_QUERY)
      .subscribe({
        next: () => service.#onChange(),
        error: (error: unknown) => {
          // Stryker disable next-line ConditionalExpression: close() unsubscribes the watch first, after which rxjs passes no error on
          if (!service.#closed)
            service.#delivery.log(`subscription changes are no longer observed: ${String(error)}`);
        },
      });
    service.#retry = setInterval(() => service.#reconnect(), RECONNECT_MS);
    service.#retry.unref();
    await service.reload();
    return service;
  }

  /** Subscriptions in force (with a recorded creator). */
  get subscriptionCount(): number {
    return this.#active.size;
  }

  /** Delivery counters of every listener in use. */
  stats(): DeliveryStats[] {
    return [...this.#destinations.values()].map((d) => d.stats());
  }

  /** Re-reads the subscriptions now (they are also re-read on every change to them). */
  reload(): Promise<void> {
    if (this.#reloading !== undefined) {
      this.#reloadAgain = true;
      return this.#reloading;
    }
    this.#reloading = (async () => {
      try {
        do {
          this.#reloadAgain = false;
          await this.#load();
        } while (this.#reloadAgain && !this.#closed);
      } finally {
        this.#reloading = undefined;
      }
    })();
    return this.#reloading;
  }

  close(): void {
    this.#closed = true;
    // Stryker disable next-line OptionalChaining: start() sets #events before it returns the service
    this.#events?.unsubscribe();
    clearInterval(this.#retry);
    for (const s of this.#active.values()) this.#stop(s);
    this.#active.clear();
    for (const d of this.#destinations.values()) d.close();
    this.#destinations.clear();
  }

  /** A subscription class changed in the interop namespace (or events were dropped). */
  #onChange(): void {
    // Stryker disable next-line ConditionalExpression: close() unsubscribes the watch first, after which rxjs passes no notification on
    if (this.#closed) return;
    this.reload().catch((error: unknown) =>
      this.#delivery.log(`cannot read the indication subscriptions: ${String(error)}`),
    );
  }

  /** One notification of a subscription's query, sent to its listener. */
  #deliver(s: ActiveSubscription, n: Notification): void {
    // Stryker disable next-line ConditionalExpression: #stop unsubscribes the streams as it marks them, and #connect opens none for a stopped one; rxjs passes nothing on after that
    if (s.stopped) return;
    if (n.eventClass === '__EventQueueOverflowEvent') {
      // The engine paced this query and dropped events: those indications are lost.
      this.#delivery.log(
        `${n.droppedEvents ?? 0} events of subscription ${s.spec.path} were dropped before they could be sent`,
      );
      return;
    }
    if (n.eventClass === '__AggregateEvent') {
      this.#delivery.log(`subscription ${s.spec.path}: GROUP WITHIN is not sent as indications`);
      return;
    }
    const event: WbemEvent = n;
    this.#sending = this.#sending.then(async () => {
      try {
        const xml = await indicationXml(event, (ns, name) => this.#classOf(ns, name));
        s.destination.enqueue(exportIndicationBody(xml, String(++this.#messageId)));
      } catch (error) {
        this.#delivery.log(`cannot build an indication for ${event.eventClass}: ${String(error)}`);
      }
    });
  }

  async #classOf(namespace: string, className: string): Promise<CimClass | null> {
    try {
      return await (await this.#engine.connectServer(namespace)).getClass(className);
    } catch {
      return null;
    }
  }

  /** Opens the query in each source namespace not yet open, as the creator. */
  async #connect(s: ActiveSubscription): Promise<void> {
    if (s.connecting) return;
    s.connecting = true;
    try {
      for (const namespace of s.spec.namespaces) {
        const key = namespaceKey(namespace);
        if (s.streams.has(key)) continue;
        let svc: WbemServices;
        try {
          svc = await this.#engine.connectServer(namespace, {
            user: s.spec.creator,
            remote: s.spec.remote,
          });
        } catch {
          // No right to connect now (or no such namespace): tried again by `#reconnect`.
          continue;
        }
        if (s.stopped) return;
        s.streams.set(
          key,
          svc.execNotificationQuery$(s.spec.query).subscribe({
            next: (n) => this.#deliver(s, n),
            error: (error: unknown) =>
              this.#delivery.log(
                `indication subscription ${s.spec.path} ends in ${namespace}: ${String(error)}`,
              ),
          }),
        );
      }
    } finally {
      s.connecting = false;
    }
  }

  #reconnect(): void {
    for (const s of this.#active.values()) {
      // Stryker disable next-line ConditionalExpression,EqualityOperator: #connect of a subscription open everywhere skips each namespace synchronously, without a call
      if (s.streams.size < s.spec.namespaces.length) void this.#connect(s);
    }
  }

  #stop(s: ActiveSubscription): void {
    s.stopped = true;
    for (const stream of s.streams.values()) stream.unsubscribe();
    s.streams.clear();
  }

  async #load(): Promise<void> {
    const svc = await this.#engine.connectServer(INTEROP_NAMESPACE);
    const links = await svc.createInstanceEnum(SUBSCRIPTION_CLASS);
    const creators = await readSubscriptionCreators(svc);
    const specs: SubscriptionSpec[] = [];
    for (const link of links) {
      const path = String(link.systemProperties?.__RELPATH ?? '');
      const creator = this.#creatorOf(path, creators);
      if (creator === undefined) continue;
      try {
        const spec = await readSubscriptionSpec(svc, link, path, creator);
        if (spec !== null) specs.push(spec);
      } catch (error) {
        this.#delivery.log(`indication subscription ${path} is ignored: ${String(error)}`);
      }
    }
    if (this.#closed) return;
    const next = new Map<string, ActiveSubscription>();
    for (const spec of specs) {
      const key = JSON.stringify(spec);
      const kept = this.#active.get(spec.path);
      if (kept !== undefined && kept.key === key) {
        next.set(spec.path, kept);
        continue;
      }
      let destination = this.#destinations.get(spec.url);
      if (destination === undefined) {
        destination = new IndicationDestination(new URL(spec.url), this.#delivery);
        this.#destinations.set(spec.url, destination);
      }
      next.set(spec.path, {
        spec,
        key,
        destination,
        streams: new Map(),
        connecting: false,
        stopped: false,
      });
    }
    // Opened before they count as in force: an event raised after `subscriptionCount` shows a
    // subscription is then sent.
    await Promise.all([...next.values()].map((s) => this.#connect(s)));
    if (this.#closed) {
      for (const s of next.values()) this.#stop(s);
      return;
    }
    for (const [path, s] of this.#active) if (next.get(path) !== s) this.#stop(s);
    this.#active = next;
    const urls = new Set(specs.map((s) => s.url));
    for (const [url, d] of this.#destinations) {
      if (urls.has(url)) continue;
      d.close();
      this.#destinations.delete(url);
    }
  }

  /** The creator of `path`, logging once a subscription that has none. */
  #creatorOf(
    path: string,
    creators: ReadonlyMap<string, SubscriptionCreator>,
  ): SubscriptionCreator | undefined {
    const creator = creators.get(path);
    if (creator !== undefined) {
      this.#unowned.delete(path);
    } else if (!this.#unowned.has(path)) {
      this.#unowned.add(path);
      this.#delivery.log(
        `indication subscription ${path} has no recorded creator (${CREATOR_CLASS}): nothing is sent for it`,
      );
    }
    return creator;
  }
}
