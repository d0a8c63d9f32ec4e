/**
 * @module The classes of a namespace as the WQL snapshot reader needs them, kept between queries.
 * Reading every class is most of a query's cost on a large schema (the DMTF schema: seconds), and
 * classes change rarely, so the list is kept per connection and dropped when the engine reports a
 * class or namespace event in that namespace.
 *
 * Entries are keyed by the connection object: the server opens one per principal and namespace,
 * and its rights were checked when it was opened, so a cached list is never shown to a caller
 * that could not have read it.
 *
 * The engine's events are listened to only while queries come: the first query subscribes, and
 * the subscription ends after IDLE_MS without one. While anyone listens to `events$`, every write
 * ships its events back from the engine's worker (a class event holds whole classes: about
 * 40 µs per CreateClass over HTTP, bench/RESULTS.md), so a server that answers no queries should
 * not make every write pay for them. Lists kept under an earlier subscription are not trusted
 * under a later one (`#epoch`): events between the two went unseen.
 */
import type { Observable, Subscription } from 'rxjs';
import { type CimClass, WBEM_FLAG_DEEP, type WbemEvent, type WbemServices } from '../index.js';

interface Entry {
  readonly epoch: number;
  readonly generation: number;
  readonly classes: Promise<readonly CimClass[]>;
}

/** Without a query for this long, the event subscription ends. */
const IDLE_MS = 60_000;

function nsKey(namespace: string): string {
  return namespace.replaceAll('\\', '/').toLowerCase();
}

export class ClassSnapshots {
  readonly #events$: Observable<WbemEvent> | null;
  readonly #idleMs: number;
  readonly #entries = new WeakMap<WbemServices, Entry>();
  /** Bumped by every class or namespace event of a namespace, during the current subscription. */
  readonly #generations = new Map<string, number>();
  #subscription: Subscription | null = null;
  /** Counts subscriptions: an entry is good only under the one it was read in. */
  #epoch = 0;
  #lastUse = 0;
  #idleTimer: NodeJS.Timeout | undefined;
  #closed = false;

  /** Without an event stream nothing is kept: every query reads the classes again. */
  constructor(events$: Observable<WbemEvent> | null, idleMs = IDLE_MS) {
    this.#events$ = events$;
    this.#idleMs = idleMs;
  }

  /** True while the engine's events are listened to. */
  get listening(): boolean {
    return this.#subscription !== null;
  }

  /**
   * Every class of the connection's namespace.
   * @throws {WbemError} as `createClassEnum`.
   */
  classes(svc: WbemServices): Promise<readonly CimClass[]> {
    if (this.#events$ === null || this.#closed) return svc.createClassEnum(null, WBEM_FLAG_DEEP);
    this.#listen(this.#events$);
    const generation = this.#generations.get(nsKey(svc.namespace)) ?? 0;
    const cached = this.#entries.get(svc);
    if (cached !== undefined && cached.epoch === this.#epoch && cached.generation === generation)
      return cached.classes;
    // Read after subscribing: a change committed from now on is seen as an event.
    const classes = svc.createClassEnum(null, WBEM_FLAG_DEEP);
    const entry = { epoch: this.#epoch, generation, classes };
    this.#entries.set(svc, entry);
    // A failed read is not kept.
    classes.catch(() => {
      if (this.#entries.get(svc) === entry) this.#entries.delete(svc);
    });
    return classes;
  }

  #listen(events$: Observable<WbemEvent>): void {
    this.#lastUse = Date.now();
    if (this.#subscription === null) {
      this.#epoch++;
      this.#generations.clear();
      this.#subscription = events$.subscribe((event) => {
        if (event.eventClass.startsWith('__Class') || event.eventClass.startsWith('__Namespace')) {
          const key = nsKey(event.namespace);
          this.#generations.set(key, (this.#generations.get(key) ?? 0) + 1);
        }
        // A lost event may have been a class change: trust nothing kept so far.
        if (event.eventClass === '__EventQueueOverflowEvent') this.#epoch++;
      });
    }
    if (this.#idleTimer === undefined) this.#armIdleTimer(this.#idleMs);
  }

  #armIdleTimer(ms: number): void {
    this.#idleTimer = setTimeout(() => {
      this.#idleTimer = undefined;
      const idle = Date.now() - this.#lastUse;
      if (idle >= this.#idleMs) this.#stopListening();
      else this.#armIdleTimer(this.#idleMs - idle);
    }, ms);
    this.#idleTimer.unref();
  }

  #stopListening(): void {
    this.#subscription?.unsubscribe();
    this.#subscription = null;
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
    this.#stopListening();
  }
}
