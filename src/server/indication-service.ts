/**
 * @module DSP1054 indication subscriptions over CIM-XML: the server reads the
 * `CIM_IndicationSubscription` instances of `root/interop` (each joining a
 * `CIM_IndicationFilter` to a `CIM_ListenerDestinationCIMXML`), watches the engine's event
 * stream once, and sends each event a filter selects to that filter's listeners.
 *
 * ```
 * engine.events$ ──► SubscriptionIndex (compiled filters) ──► source namespace check
 *        │                                                         │ indication XML (once per event)
 *        └─ interop instance event of a subscription class ─► reload ▼
 *                                                  IndicationDestination (queue, retries) ─► POST
 * ```
 *
 * Subscriptions are re-read whenever an instance of the three classes changes in the interop
 * namespace, by whichever client: the stored instances are the only state. A filter's
 * `SourceNamespaces` (or the older `SourceNamespace`) lists the namespaces it watches; with
 * neither, it watches the namespace the filter is in (DSP1054). Anyone allowed to create
 * instances in `root/interop` can subscribe, and receives the events of every namespace the
 * filter names: interop write access is an administrator's right by default.
 */
import type { Subscription } from 'rxjs';
import {
  type CimClass,
  type CimInstance,
  compileEventQuery,
  type EventFilter,
  nameKey,
  SubscriptionIndex,
  type WbemEngine,
  type WbemEvent,
  type WbemServices,
} from '../index.js';
import {
  DEFAULT_DELIVERY,
  type DeliveryOptions,
  type DeliveryStats,
  IndicationDestination,
  listenerUrl,
} from './indication-destination.js';
import { exportIndicationBody, indicationXml } from './indication-export.js';
import {
  CIMXML_DESTINATION_CLASS,
  DESTINATION_CLASS,
  ensureInteropSchema,
  FILTER_CLASS,
  INTEROP_NAMESPACE,
  SUBSCRIPTION_CLASS,
} from './interop-schema.js';

interface ActiveSubscription {
  /** The subscription instance's `__RELPATH`. */
  readonly path: string;
  readonly filter: EventFilter;
  /** Lower-cased, `/`-separated source namespaces. */
  readonly namespaces: ReadonlySet<string>;
  readonly destination: IndicationDestination;
}

const WATCHED = new Set(
  [FILTER_CLASS, DESTINATION_CLASS, CIMXML_DESTINATION_CLASS, SUBSCRIPTION_CLASS].map(nameKey),
);

function nsKey(namespace: string): string {
  return namespace.replaceAll('\\', '/').toLowerCase();
}

/** A reference value without its namespace prefix (`root/interop:CIM_X.Name="a"`). */
function localPath(ref: string): string {
  const m = /^(?:\/\/[^/]*\/)?[^":.=]*:(?=[A-Za-z_])/.exec(ref);
  return m === null ? ref : ref.slice(m[0].length);
}

function text(inst: CimInstance, name: string): string | undefined {
  const v = inst.properties.get(nameKey(name))?.value;
  return typeof v === 'string' ? v : undefined;
}

export class IndicationService {
  readonly #engine: WbemEngine;
  readonly #delivery: DeliveryOptions;
  #index = new SubscriptionIndex<ActiveSubscription>();
  #active: ActiveSubscription[] = [];
  readonly #destinations = new Map<string, IndicationDestination>();
  #events: Subscription | undefined;
  #reloading: Promise<void> | undefined;
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
    service.#events = engine.events$.subscribe((event) => service.#onEvent(event));
    await service.reload();
    return service;
  }

  /** Subscriptions in force. */
  get subscriptionCount(): number {
    return this.#active.length;
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
    this.#events?.unsubscribe();
    for (const d of this.#destinations.values()) d.close();
    this.#destinations.clear();
    this.#active = [];
    this.#index = new SubscriptionIndex();
  }

  #onEvent(event: WbemEvent): void {
    if (this.#closed) return;
    if (event.eventClass === '__EventQueueOverflowEvent') {
      // The engine paced this subscriber and dropped events: those indications are lost.
      this.#delivery.log(
        `${event.droppedEvents ?? 0} engine events were dropped before they could be matched to subscriptions`,
      );
      return;
    }
    if (nsKey(event.namespace) === INTEROP_NAMESPACE) {
      const target = event.targetInstance ?? event.previousInstance;
      if (target !== undefined && WATCHED.has(nameKey(target.className))) {
        this.reload().catch((error: unknown) =>
          this.#delivery.log(`cannot read the indication subscriptions: ${String(error)}`),
        );
      }
    }
    const namespace = nsKey(event.namespace);
    const matched = this.#index.match(event).filter((s) => s.namespaces.has(namespace));
    if (matched.length === 0) return;
    this.#sending = this.#sending.then(async () => {
      try {
        const xml = await indicationXml(event, (ns, name) => this.#classOf(ns, name));
        for (const s of matched) {
          s.destination.enqueue(exportIndicationBody(xml, String(++this.#messageId)));
        }
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

  async #load(): Promise<void> {
    const svc = await this.#engine.connectServer(INTEROP_NAMESPACE);
    const links = await svc.createInstanceEnum(SUBSCRIPTION_CLASS);
    const active: ActiveSubscription[] = [];
    const urls = new Set<string>();
    for (const link of links) {
      const path = link.systemProperties?.__RELPATH ?? '';
      try {
        const s = await this.#subscription(svc, link, String(path));
        if (s === null) continue;
        active.push(s);
        urls.add(s.destination.url.href);
      } catch (error) {
        this.#delivery.log(`indication subscription ${String(path)} is ignored: ${String(error)}`);
      }
    }
    if (this.#closed) return;
    const index = new SubscriptionIndex<ActiveSubscription>();
    for (const s of active) index.add(s, s.filter);
    this.#index = index;
    this.#active = active;
    for (const [url, d] of this.#destinations) {
      if (urls.has(url)) continue;
      d.close();
      this.#destinations.delete(url);
    }
  }

  async #subscription(
    svc: WbemServices,
    link: CimInstance,
    path: string,
  ): Promise<ActiveSubscription | null> {
    const filterRef = text(link, 'Filter');
    const handlerRef = text(link, 'Handler');
    if (filterRef === undefined || handlerRef === undefined) return null;
    const filter = await svc.getInstance(localPath(filterRef));
    const handler = await svc.getInstance(localPath(handlerRef));
    const language = text(filter, 'QueryLanguage') ?? 'WQL';
    if (language.toUpperCase() !== 'WQL') throw new Error(`QueryLanguage ${language} is not WQL`);
    const query = text(filter, 'Query');
    if (query === undefined) throw new Error('the filter has no Query');
    const listed = filter.properties.get('sourcenamespaces')?.value;
    const single = text(filter, 'SourceNamespace');
    const namespaces = new Set(
      (Array.isArray(listed) && listed.length > 0
        ? listed.filter((n): n is string => typeof n === 'string')
        : [single ?? INTEROP_NAMESPACE]
      ).map(nsKey),
    );
    const destination = text(handler, 'Destination');
    if (destination === undefined) throw new Error('the handler has no Destination');
    const url = listenerUrl(destination);
    let d = this.#destinations.get(url.href);
    if (d === undefined) {
      d = new IndicationDestination(url, this.#delivery);
      this.#destinations.set(url.href, d);
    }
    return { path, filter: compileEventQuery(query), namespaces, destination: d };
  }
}
