/**
 * @module The classes of a namespace as the WQL snapshot reader needs them, kept between queries.
 * Reading every class is most of a query's cost on a large schema (the DMTF schema: seconds), and
 * classes change rarely, so the list is kept per connection and dropped when the engine reports a
 * class or namespace event in that namespace.
 *
 * Entries are keyed by the connection object: the server opens one per principal and namespace,
 * and its rights were checked when it was opened, so a cached list is never shown to a caller
 * that could not have read it.
 */
import type { Observable, Subscription } from 'rxjs';
import { type CimClass, WBEM_FLAG_DEEP, type WbemEvent, type WbemServices } from '../index.js';

interface Entry {
  readonly generation: number;
  readonly classes: Promise<readonly CimClass[]>;
}

function nsKey(namespace: string): string {
  return namespace.replaceAll('\\', '/').toLowerCase();
}

export class ClassSnapshots {
  readonly #entries = new WeakMap<WbemServices, Entry>();
  /** Bumped by every class or namespace event of a namespace. */
  readonly #generations = new Map<string, number>();
  readonly #events: Subscription | null;

  /** Without an event stream nothing is kept: every query reads the classes again. */
  constructor(events$: Observable<WbemEvent> | null) {
    this.#events =
      events$?.subscribe((event) => {
        if (event.eventClass.startsWith('__Class') || event.eventClass.startsWith('__Namespace')) {
          const key = nsKey(event.namespace);
          this.#generations.set(key, (this.#generations.get(key) ?? 0) + 1);
        }
        // A lost event may have been a class change: forget everything.
        if (event.eventClass === '__EventQueueOverflowEvent') this.#generations.clear();
      }) ?? null;
  }

  /**
   * Every class of the connection's namespace.
   * @throws {WbemError} as `createClassEnum`.
   */
  classes(svc: WbemServices): Promise<readonly CimClass[]> {
    if (this.#events === null) return svc.createClassEnum(null, WBEM_FLAG_DEEP);
    const generation = this.#generations.get(nsKey(svc.namespace)) ?? 0;
    const cached = this.#entries.get(svc);
    if (cached !== undefined && cached.generation === generation) return cached.classes;
    const classes = svc.createClassEnum(null, WBEM_FLAG_DEEP);
    const entry = { generation, classes };
    this.#entries.set(svc, entry);
    // A failed read is not kept.
    classes.catch(() => {
      if (this.#entries.get(svc) === entry) this.#entries.delete(svc);
    });
    return classes;
  }

  close(): void {
    this.#events?.unsubscribe();
  }
}
